package io.dataflows.internal.engine;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Cancels runs whose {@code RunOptions.timeout} has passed. One daemon thread for the whole JVM: it only calls
 * {@link RunControl#cancel(String)}, which never blocks for long, and it does not keep the JVM alive.
 */
final class RunTimeouts {

    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private RunTimeouts() {}

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "dataflows-run-timeouts");
            t.setDaemon(true);
            return t;
        });
        // A run that ends in time removes its timeout, so that many short runs do not pile up timers.
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** Cancels {@code control} after {@code timeout}; cancel the returned future when the run ends first. */
    static ScheduledFuture<?> schedule(RunControl control, Duration timeout) {
        String reason = "timeout after " + timeout;
        return TIMER.schedule(() -> control.cancel(reason), Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    }
}
