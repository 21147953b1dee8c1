package io.dataflows.spi;

/** A step that handles the records of a stream one at a time: transformers, filters, switches, writers. */
public interface FlowStep extends StepType {

    /**
     * Prepares the step for one run and returns the processor the records go through.
     *
     * <p>Called once per run when the stream starts, on the run's thread; do expensive preparation here
     * (compile expressions, open files), not per record. The engine always closes the processor.
     */
    RecordProcessor open(StepContext context) throws Exception;
}
