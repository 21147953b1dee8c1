package io.dataflows.scheduler;

import io.dataflows.RunHandle;
import io.dataflows.RunStatus;
import io.dataflows.Trigger;
import java.time.Duration;
import java.util.Map;

/**
 * A run a trigger asked for: it waits for a free worker of the scheduler, then runs on a thread of its own. Until it
 * starts, {@link #status()} is {@link RunStatus#NEW} and {@link #runId()} is empty; {@link #cancel()} before then
 * removes it from the queue (it never runs, and {@link #result()} completes exceptionally). Thread-safe, like every
 * {@link RunHandle}.
 */
public interface TriggeredRun extends RunHandle {

    /** What started the run: {@link Trigger#CRON}, {@link Trigger#EVENT} or {@link Trigger#WEBHOOK}. */
    Trigger trigger();

    /** What the run sees under {@code run.trigger} besides {@code type} (unmodifiable). */
    Map<String, Object> triggerDetails();

    /**
     * Waits at most {@code timeout} until the run has started (it is recorded and has a {@link #runId()}), or has
     * ended without starting: blocked by the run lock ({@link RunStatus#BLOCKED}), refused by the engine, or
     * cancelled while it waited for a worker.
     *
     * @return true when it started or ended; false when it is still waiting for a worker after {@code timeout}
     */
    boolean awaitStart(Duration timeout) throws InterruptedException;
}
