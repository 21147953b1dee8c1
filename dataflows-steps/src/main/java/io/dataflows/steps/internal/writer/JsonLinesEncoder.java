package io.dataflows.steps.internal.writer;

import io.dataflows.DataRecord;
import io.dataflows.spi.JsonText;
import io.dataflows.steps.internal.Utf8Writer;
import java.io.IOException;

/**
 * Format {@code jsonl} (JSON Lines): each record as one compact JSON object followed by {@code \n}, also with
 * {@code prettyprint} (a JSON Lines record is one line). An empty stream is an empty file. Records are written by
 * {@link JsonText}.
 */
final class JsonLinesEncoder implements RecordEncoder {

    private JsonText.Output json;

    @Override
    public void start(Utf8Writer out) {
        // UTF-8 bytes straight into the output's buffer: faster than characters through the writer.
        json = JsonText.output(out.bytes(), false, 0);
    }

    @Override
    public void record(Utf8Writer out, DataRecord record) throws IOException {
        json.value(record);
        json.raw("\n");
    }

    @Override
    public void end(Utf8Writer out) throws IOException {
        json.flush();
    }
}
