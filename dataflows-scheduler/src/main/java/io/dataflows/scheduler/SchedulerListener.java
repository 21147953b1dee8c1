package io.dataflows.scheduler;

import io.dataflows.RunResult;
import io.dataflows.Trigger;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Observes what the scheduler's triggers do: firings put on the timer, runs started and ended, firings skipped and
 * retries of aborted runs. Every method has an empty default, so implement only what you need — or make one from a
 * lambda:
 *
 * <pre>{@code
 * DataflowScheduler scheduler = DataflowScheduler.builder(engine)
 *     .listener(SchedulerListener.onSkipped(s -> log.warn("{} skipped: {}", s.dataflow(), s.message())))
 *     .build();
 * }</pre>
 *
 * <p>How the runs themselves go (steps, records, end status) is told to the engine's
 * {@link io.dataflows.RunListener}s: every run the scheduler starts is a run of its engine.
 *
 * <h2>Threads</h2>
 * Methods are called on the threads of the scheduler and its runs (the timer's, a worker's, a run's, or the thread
 * that publishes an event or calls a webhook), possibly concurrently: a listener must be thread-safe. Calls must be
 * fast; they must not throw (an exception is logged and ignored) and must not close the scheduler.
 */
public interface SchedulerListener {

    /** A listener that does nothing. */
    SchedulerListener NONE = new SchedulerListener() {};

    /**
     * The next firing of a cron dataflow is due at {@code at}: on registration, after each firing, and when the
     * regular schedule resumes. A retry of an aborted run is told by {@link #retried} instead.
     */
    default void scheduled(String dataflow, Instant at) {}

    /**
     * A run that ended {@code aborted} will be retried at {@code at}, the {@code retryNumber}-th retry (1 for the
     * first) of at most the trigger's retry count.
     */
    default void retried(String dataflow, Instant at, int retryNumber, RunResult aborted) {}

    /**
     * A trigger started a run: it is recorded with {@code runId} and sees {@code trigger} and {@code details} under
     * {@code run.trigger}.
     */
    default void started(String dataflow, Trigger trigger, String runId, Map<String, Object> details) {}

    /**
     * A run that a trigger started ({@link #started}) has ended, and the scheduler is done with it: the retry of an
     * aborted cron run is scheduled ({@link #retried}), the events of an event run are settled. From here on the run
     * no longer keeps a dataflow that does not run concurrently busy: its next firing, event or webhook call starts
     * a run. The engine's {@link io.dataflows.RunListener#runFinished} has been told a moment before, as the run
     * ended.
     */
    default void ended(String dataflow, Trigger trigger, RunResult result) {}

    /**
     * A trigger did not start a run: the dataflow is disabled or invalid, or it does not run concurrently and a
     * run of it was going on. Called for every firing, event or call skipped; the log says it once per change.
     */
    default void skipped(Skip skip) {}

    /**
     * A firing, event or webhook call that did not start a run.
     *
     * @param dataflow the dataflow
     * @param trigger what would have started it ({@link Trigger#CRON}, {@link Trigger#EVENT} or
     *     {@link Trigger#WEBHOOK})
     * @param reason why it did not
     * @param message the reason in words, naming the dataflow
     */
    record Skip(String dataflow, Trigger trigger, SkipReason reason, String message) {
        public Skip {
            Objects.requireNonNull(dataflow, "dataflow");
            Objects.requireNonNull(trigger, "trigger");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }

    /** A listener that calls {@code action} for every skipped firing, event or call. */
    static SchedulerListener onSkipped(Consumer<? super Skip> action) {
        Objects.requireNonNull(action, "action");
        return new SchedulerListener() {
            @Override
            public void skipped(Skip skip) {
                action.accept(skip);
            }
        };
    }

    /** A listener that calls {@code action} with the run id of every run a trigger started. */
    static SchedulerListener onStarted(StartedAction action) {
        Objects.requireNonNull(action, "action");
        return new SchedulerListener() {
            @Override
            public void started(String dataflow, Trigger trigger, String runId, Map<String, Object> details) {
                action.started(dataflow, trigger, runId, details);
            }
        };
    }

    /** What {@link #onStarted} calls. */
    @FunctionalInterface
    interface StartedAction {
        /** A trigger started the run {@code runId} of {@code dataflow}. */
        void started(String dataflow, Trigger trigger, String runId, Map<String, Object> details);
    }
}
