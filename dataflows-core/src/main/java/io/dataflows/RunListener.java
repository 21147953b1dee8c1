package io.dataflows;

import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Observes runs: start and end of the run and of each step, progress of streams, and runs blocked by the lock.
 * Every method has an empty default, so implement only what you need — or make one from a lambda:
 *
 * <pre>{@code
 * DataflowEngine engine = DataflowEngine.builder()
 *     .listener(RunListener.onRunFinished(r -> metrics.record(r.dataflowName(), r.status(), r.duration())))
 *     .build();
 * engine.run(flow, RunOptions.builder()
 *     .listener(RunListener.onProgress((run, reader, records) -> log.info("{}: {} read", reader, records)))
 *     .build());
 * }</pre>
 *
 * <h2>Threads</h2>
 * A run's listeners are called on the thread that executes the run — the caller of {@link DataflowEngine#run},
 * or the run's own thread after {@link DataflowEngine#start} — one call at a time and in the order of events. A
 * listener registered on the engine ({@link DataflowEngine.Builder#listener}) hears every run of that engine, and
 * runs on different threads call it concurrently: it must be thread-safe. A listener of one run
 * ({@link RunOptions.Builder#listener}) is called by that run's thread only. Calls must be fast (they hold up the
 * run); they must not throw (an exception is logged and ignored) and must not run or cancel dataflows themselves.
 *
 * <h2>Events</h2>
 * A run that starts gets {@link #runStarted}, per step {@link #stepStarted} then {@link #stepFinished}, and
 * {@link #runFinished}. Every step gets exactly one {@link #stepFinished}: when it ends, or, for a step that was
 * running or waiting when the run aborted or was cancelled, when the run ends — with the status it has in the
 * {@link RunResult}, except that a step reported {@link RunStatus#FINISHED} becomes {@link RunStatus#FINALISED} in
 * the result when the whole run finalises. A run that could not take the lock gets only {@link #runBlocked}.
 */
public interface RunListener {

    /** A listener that does nothing. */
    RunListener NONE = new RunListener() {};

    /** The run started. */
    default void runStarted(RunInfo run) {}

    /** A step started (a connector runs, a stream step opens). */
    default void stepStarted(RunInfo run, String stepAlias) {}

    /** A step ended, whatever its outcome (see Events above). */
    default void stepFinished(RunInfo run, StepResult step) {}

    /** A reader has emitted {@code records} records so far; called every 10,000 records and at the end. */
    default void progress(RunInfo run, String readerAlias, long records) {}

    /**
     * The run ended: its end is recorded in the state store and its lock released, so the dataflow can run again as
     * soon as this is heard.
     */
    default void runFinished(RunResult result) {}

    /**
     * The run could not start: another run of the dataflow held the lock (after waiting for it, with
     * {@link RunOptions.Builder#waitForLock}). {@code result} is {@link RunStatus#BLOCKED}; nothing ran.
     */
    default void runBlocked(RunResult result) {}

    /** A listener that calls {@code action} when a run has ended. */
    static RunListener onRunFinished(Consumer<? super RunResult> action) {
        Objects.requireNonNull(action, "action");
        return new RunListener() {
            @Override
            public void runFinished(RunResult result) {
                action.accept(result);
            }
        };
    }

    /** A listener that calls {@code action} when a step has ended. */
    static RunListener onStepFinished(BiConsumer<? super RunInfo, ? super StepResult> action) {
        Objects.requireNonNull(action, "action");
        return new RunListener() {
            @Override
            public void stepFinished(RunInfo run, StepResult step) {
                action.accept(run, step);
            }
        };
    }

    /** A listener that calls {@code action} with a reader's progress. */
    static RunListener onProgress(ProgressAction action) {
        Objects.requireNonNull(action, "action");
        return new RunListener() {
            @Override
            public void progress(RunInfo run, String readerAlias, long records) {
                action.progress(run, readerAlias, records);
            }
        };
    }

    /** A listener that calls {@code action} when a run was blocked by the lock. */
    static RunListener onRunBlocked(Consumer<? super RunResult> action) {
        Objects.requireNonNull(action, "action");
        return new RunListener() {
            @Override
            public void runBlocked(RunResult result) {
                action.accept(result);
            }
        };
    }

    /** What {@link #onProgress} calls. */
    @FunctionalInterface
    interface ProgressAction {
        /** A reader has emitted {@code records} records so far. */
        void progress(RunInfo run, String readerAlias, long records);
    }

    /**
     * Identifies a run to listeners.
     *
     * @param dataflowName the dataflow
     * @param runId the run id
     * @param runName the run's sequence number
     * @param dryRun whether it is a dry run
     */
    record RunInfo(String dataflowName, String runId, String runName, boolean dryRun) {}
}
