package io.dataflows.spi;

/**
 * A step that runs once, after its upstream steps have finished.
 *
 * <p>Extend {@link ActionStep} instead when the same action should also be available as a flow step.
 */
public interface ConnectorStep extends StepType {

    /**
     * Runs the step.
     *
     * <p>Called once per run, on the run's thread, with the step's context; the config is already resolved.
     * Return {@link Outcome#CANCEL} to cancel this step and the steps after it (the run still finishes normally).
     * Any exception fails the step and aborts the run; the engine wraps it with the step and dataflow names.
     */
    Outcome run(StepContext context) throws Exception;
}
