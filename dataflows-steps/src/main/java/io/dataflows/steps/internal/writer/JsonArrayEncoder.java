package io.dataflows.steps.internal.writer;

import io.dataflows.DataRecord;
import io.dataflows.steps.internal.JsonWriter;
import java.io.IOException;
import java.io.Writer;

/**
 * Format {@code json}: one JSON array, written as tool_dataflows does: {@code "[\n"}, the records separated by
 * {@code ",\n"}, then {@code "\n]\n"}. An empty stream is the valid empty array {@code "[\n\n]\n"}. With pretty
 * printing each record is indented by 4 spaces, so the file equals PHP's {@code json_encode($all, JSON_PRETTY_PRINT)}
 * plus a newline.
 */
final class JsonArrayEncoder implements RecordEncoder {

    private final boolean pretty;
    private boolean first = true;

    JsonArrayEncoder(boolean pretty) {
        this.pretty = pretty;
    }

    @Override
    public void start(Writer out) throws IOException {
        out.write("[\n");
    }

    @Override
    public void record(Writer out, DataRecord record) throws IOException {
        if (!first) {
            out.write(",\n");
        }
        first = false;
        if (pretty) {
            out.write("    ");
            JsonWriter.write(out, record, true, 1);
        } else {
            JsonWriter.write(out, record, false, 0);
        }
    }

    @Override
    public void end(Writer out) throws IOException {
        out.write("\n]\n");
    }
}
