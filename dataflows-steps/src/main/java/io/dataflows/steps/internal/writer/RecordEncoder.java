package io.dataflows.steps.internal.writer;

import io.dataflows.DataRecord;
import io.dataflows.steps.internal.Utf8Writer;
import java.io.IOException;

/**
 * Turns a stream of records into the text of one output format ({@code writer_stream}'s {@code format}). One encoder
 * per output, writing UTF-8 through the output's {@link Utf8Writer}; not thread-safe.
 */
interface RecordEncoder {

    /** Writes what comes before the first record. */
    void start(Utf8Writer out) throws IOException;

    /** Writes one record. */
    void record(Utf8Writer out, DataRecord record) throws IOException;

    /** Writes what comes after the last record. */
    void end(Utf8Writer out) throws IOException;
}
