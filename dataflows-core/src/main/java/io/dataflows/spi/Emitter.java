package io.dataflows.spi;

import io.dataflows.DataRecord;

/**
 * Passes records to the steps downstream. Each call pushes the record through the rest of the flow before it
 * returns — except the emitter of a reader that reads ahead ({@link ReaderStep#canReadAhead}), which may return
 * once the record is queued for the steps downstream. Used by one thread.
 */
public interface Emitter {

    /** Emits to every output (a single-output step has one). */
    void emit(DataRecord record) throws Exception;

    /**
     * Emits to one output: for a switch the case index (0-based, config order), for a tee the dependant index.
     * Emitting to an output nobody listens to drops the record.
     *
     * @throws IndexOutOfBoundsException if {@code output} is not between 0 and {@link #outputs()} - 1
     */
    void emit(int output, DataRecord record) throws Exception;

    /** The number of outputs: output labels of a switch, dependants of a tee, otherwise 1. */
    int outputs();
}
