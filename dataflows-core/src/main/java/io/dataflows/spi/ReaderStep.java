package io.dataflows.spi;

import java.util.Map;

/** A step that starts a stream of records. */
public interface ReaderStep extends StepType {

    /**
     * Reads the records and emits them one by one. Returns when the source is exhausted.
     *
     * <p>Called once per run on the run's thread. {@link Emitter#emit} pushes the record through the whole flow
     * before it returns, so a reader holds one record at a time and memory stays constant. Close what you open in
     * a {@code finally} block or try-with-resources: an exception thrown downstream (an abort) comes out of
     * {@code emit}. Any exception fails the step and aborts the run.
     */
    void read(StepContext context, Emitter out) throws Exception;

    /**
     * Whether this reader may read ahead of the steps downstream: when it returns true, the engine may let the
     * steps downstream work on a second thread, in batches, while this reader goes on reading — on a machine with
     * more than one core, once the reader has emitted more than a few hundred records, when the engine was built
     * with {@code readAhead(true)}. The records still reach every step in the order they were emitted, the
     * steps still see {@code steps.<alias>.record} of this reader as the record they process, and a failure
     * downstream still stops the reader: it comes out of a later {@code emit}, or the run ends with it after
     * {@code read} returns.
     *
     * <p>A reader may return true when, while it reads, it uses nothing shared with the steps downstream but its
     * emitter and its context: {@link Emitter#emit} may then return before the record has gone through the flow, so
     * the reader must not depend on what the steps downstream did with the records it emitted (a file a writer
     * downstream writes, an object they change). Calls it makes to its context's {@code output}, {@code variables},
     * {@code record}, {@code state} and {@code effects} first wait until the steps downstream have caught up, so they
     * see what they would see without reading ahead. Default: false, so a reader is never run this way unless it
     * says it can be.
     *
     * @param config the step's config as written in the definition (expressions not evaluated)
     * @return whether the steps downstream may work on another thread while this reader reads
     */
    default boolean canReadAhead(Map<String, Object> config) {
        return false;
    }
}
