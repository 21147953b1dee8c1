package io.dataflows.spi;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunHandle;
import io.dataflows.RunOptions;
import io.dataflows.ValidationReport;

/**
 * Runs dataflows for one engine somewhere else than in the engine's own steps; made by a {@link RunnerProvider}.
 * The runs are recorded in the engine's state store as local runs are: start, end, status, error or cancel reason,
 * and the steps' summary ({@link DataflowEngine#runWithFlowBlocks} when the engine runs the connectors and the
 * runner the flow blocks, {@link DataflowEngine#runWith} when the runner runs the whole dataflow). Thread-safe: each
 * run is independent.
 */
public interface DataflowRunner {

    /** The name of the provider that made this runner. */
    String name();

    /**
     * The engine's validation problems followed by this runner's own: why the dataflow cannot run here (a step that
     * cannot run distributed, a shape not translated). Runs nothing.
     */
    ValidationReport validate(Dataflow flow, RunOptions options);

    /**
     * Starts a run and returns at once: the run goes on on a thread of its own, and the handle waits for it or
     * cancels it. {@link RunHandle#cancel(String)} stops the run as far as the runner can (see the provider's
     * documentation) and the run ends {@code CANCELLED} with the reason, in its result and in the run record.
     * When the run cannot be recorded or fails for another reason than a step's failure (a cluster out of reach),
     * the handle's {@link RunHandle#result()} completes exceptionally with a {@link io.dataflows.DataflowException}
     * that {@link RunHandle#await()} throws; a step's failure ends the run {@code ABORTED} instead.
     *
     * @throws io.dataflows.DataflowValidationException if {@link #validate} reports errors; nothing runs
     */
    RunHandle start(Dataflow flow, RunOptions options);
}
