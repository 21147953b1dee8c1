package io.dataflows;

/**
 * Observes runs: start and end of the run and of each step, and progress of streams. Override what you need.
 *
 * <p>Methods are called on the run's thread and must be fast; they must not throw (an exception is logged and
 * ignored) and must not call back into the engine.
 */
public abstract class RunListener {

    /** A listener that does nothing. */
    public static final RunListener NONE = new RunListener() {};

    /** The run started. */
    public void runStarted(RunInfo run) {}

    /** A step started (a connector runs, a stream step opens). */
    public void stepStarted(RunInfo run, String stepAlias) {}

    /** A step ended, whatever its outcome. */
    public void stepFinished(RunInfo run, StepResult step) {}

    /** A reader has emitted {@code records} records so far; called every few thousand records and at the end. */
    public void progress(RunInfo run, String readerAlias, long records) {}

    /** The run ended. */
    public void runFinished(RunResult result) {}

    /**
     * Identifies a run to listeners.
     *
     * @param dataflowName the dataflow
     * @param runId the run id
     * @param runName the run's sequence number
     * @param dryRun whether it is a dry run
     */
    public record RunInfo(String dataflowName, String runId, String runName, boolean dryRun) {}
}
