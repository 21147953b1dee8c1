package io.dataflows.steps.internal.writer;

import io.dataflows.DataRecord;
import io.dataflows.spi.JsonText;
import io.dataflows.steps.internal.Utf8Writer;
import java.io.IOException;

/**
 * Format {@code json}: one JSON array, written as tool_dataflows does: {@code "[\n"}, the records separated by
 * {@code ",\n"}, then {@code "\n]\n"}. An empty stream is the valid empty array {@code "[\n\n]\n"}. With pretty
 * printing each record is indented by 4 spaces, so the file equals PHP's {@code json_encode($all, JSON_PRETTY_PRINT)}
 * plus a newline. Records are written by {@link JsonText}.
 */
final class JsonArrayEncoder implements RecordEncoder {

    private final boolean pretty;
    private JsonText.Output json;
    private boolean first = true;

    JsonArrayEncoder(boolean pretty) {
        this.pretty = pretty;
    }

    @Override
    public void start(Utf8Writer out) throws IOException {
        // UTF-8 bytes straight into the output's buffer: faster than characters through the writer.
        json = JsonText.output(out.bytes(), pretty, pretty ? 1 : 0);
        json.raw("[\n");
    }

    @Override
    public void record(Utf8Writer out, DataRecord record) throws IOException {
        if (!first) {
            json.raw(",\n");
        }
        first = false;
        if (pretty) {
            json.raw("    ");
        }
        json.value(record);
    }

    @Override
    public void end(Utf8Writer out) throws IOException {
        json.raw("\n]\n");
        json.flush();
    }
}
