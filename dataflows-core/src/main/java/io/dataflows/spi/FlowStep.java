package io.dataflows.spi;

import java.util.Map;

/** A step that handles the records of a stream one at a time: transformers, filters, switches, writers. */
public interface FlowStep extends StepType {

    /**
     * Prepares the step for one run and returns the processor the records go through.
     *
     * <p>Called once per run when the stream starts, on the run's thread; do expensive preparation here
     * (compile expressions, open files), not per record. The engine always closes the processor.
     */
    RecordProcessor open(StepContext context) throws Exception;

    /**
     * Whether this step may write behind the steps upstream: when it returns true, the engine may let the step's
     * processor handle its records on a thread of its own, in batches, while the reader and the steps before it go
     * on with later records — on a machine with more than one core, once the step has received more than a few
     * hundred records, when the engine was built with {@code writeBehind(true)}, and only when the step feeds no
     * other step, declares no {@code vars} and its processor is not one from
     * {@link StepContext#concurrentProcessor}. The records still reach the processor one at a time, in order; a
     * failure names the record it failed on and stops the run, and {@code finish} is called after the last record
     * was processed, on the run's thread.
     *
     * <p>A step may return true when its {@link RecordProcessor#process} uses nothing but the record, its emitter
     * and what the processor itself holds (an encoder, an open file): it must not read the run's variables,
     * evaluate expressions or call its context there, because on that thread they would show a later record of the
     * steps upstream — its context's {@code record}, {@code variables}, {@code output}, {@code effects} and
     * {@code state} fail there. Default: false, so a step is never run this way unless it says it can be.
     *
     * @param config the step's config as written in the definition (expressions not evaluated)
     * @return whether the step's processor may handle its records on a thread of its own
     */
    default boolean canWriteBehind(Map<String, Object> config) {
        return false;
    }
}
