package io.dataflows;

/**
 * Executes the flow blocks of a run somewhere else than in the engine's own steps — on an Apache Beam pipeline —
 * for {@link DataflowEngine#runWithFlowBlocks}, which runs the dataflow's connector steps itself, before and after
 * each block, and records the run as it records its own.
 */
@FunctionalInterface
public interface FlowBlockExecutor {

    /**
     * Executes one flow block and returns what its steps did:
     * <ul>
     *   <li>{@link RunStatus#FINALISED}, with a {@link StepResult} per step of the block (records in and out,
     *       duration), which the connectors after the block see as {@code steps.<alias>.*};</li>
     *   <li>{@link RunStatus#ABORTED}, with the {@link RunResult#failure() failure} naming the step that failed;
     *       the run is aborted with that failure;</li>
     *   <li>{@link RunStatus#CANCELLED}, with the {@link RunResult#cancelReason() reason}; the run is cancelled.</li>
     * </ul>
     * Only the status, the failure or cancel reason and the steps of the result are used.
     */
    RunResult execute(FlowBlockRun block);
}
