package io.dataflows.steps.internal.writer;

import io.dataflows.DataRecord;
import java.io.IOException;
import java.io.Writer;

/**
 * Turns a stream of records into the text of one output format ({@code writer_stream}'s {@code format}). One encoder
 * per output; not thread-safe.
 */
interface RecordEncoder {

    /** Writes what comes before the first record. */
    void start(Writer out) throws IOException;

    /** Writes one record. */
    void record(Writer out, DataRecord record) throws IOException;

    /** Writes what comes after the last record. */
    void end(Writer out) throws IOException;
}
