package io.dataflows.spi;

import io.dataflows.DataRecord;

/**
 * Handles the records of one run of a flow step. Created by {@link FlowStep#open}; used by one thread at a time —
 * the run's thread, or, while a reader reads ahead ({@link ReaderStep#canReadAhead}), a second thread of the run —
 * with each call seeing what the calls before it did.
 *
 * <p>Lifecycle: {@link #process} per record, then {@link #finish} once if the stream ended normally, then always
 * {@link #close} — also when the run aborts, in which case {@code finish} is not called (a writer then discards
 * its partial output).
 */
@FunctionalInterface
public interface RecordProcessor extends AutoCloseable {

    /**
     * Handles one record: emit it (changed or not), emit it to a chosen output, emit several, or emit nothing to
     * drop it. {@code context.record()} is the same record. Any exception fails the step on this record and aborts
     * the run.
     */
    void process(DataRecord record, Emitter out) throws Exception;

    /** Called once when the stream has ended normally, before {@link #close}; may emit final records. */
    default void finish(Emitter out) throws Exception {}

    /** Releases resources; always called, last. */
    @Override
    default void close() throws Exception {}
}
