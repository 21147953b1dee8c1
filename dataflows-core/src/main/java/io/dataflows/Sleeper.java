package io.dataflows;

import java.time.Duration;

/**
 * How steps wait ({@link io.dataflows.spi.StepContext#sleep}). The engine's default, {@link #SYSTEM}, blocks the
 * calling thread; tests give the engine one that returns at once ({@link DataflowEngine.Builder#sleeper}), so a flow
 * with a {@code connector_wait} of minutes is tested in milliseconds.
 *
 * <p>A sleeper must stay interruptible: when the waiting thread is interrupted it throws
 * {@link InterruptedException}, so a run can be stopped while a step waits.
 */
@FunctionalInterface
public interface Sleeper {

    /** Blocks the calling thread for the duration, or until it is interrupted. */
    Sleeper SYSTEM = duration -> {
        long millis = duration.toMillis();
        int nanos = duration.toNanosPart() % 1_000_000;
        Thread.sleep(millis, nanos);
    };

    /**
     * Waits for {@code duration}.
     *
     * @param duration not negative
     * @throws InterruptedException when the calling thread is interrupted before or while waiting
     */
    void sleep(Duration duration) throws InterruptedException;
}
