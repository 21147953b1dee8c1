package io.dataflows;

/**
 * Executes a run somewhere else than in the engine's own steps — a dataflow translated to an Apache Beam pipeline —
 * for {@link DataflowEngine#runWith}, which records the run in the engine's state store around it as it records
 * its own runs.
 */
@FunctionalInterface
public interface RunExecutor {

    /**
     * Executes the run and returns its outcome: status, failure or cancel reason, and per-step results
     * ({@link RunResult#of}). The engine keeps those and replaces the run's id, name, start and end with the ones it
     * recorded.
     *
     * @param run the run as the state store recorded its start: dataflow, id, name, dry run
     */
    RunResult execute(RunListener.RunInfo run);
}
