package io.dataflows.steps.internal.writer;

import io.dataflows.DataRecord;
import io.dataflows.spi.JsonText;
import io.dataflows.steps.internal.Utf8Writer;
import java.io.IOException;
import java.io.Writer;

/**
 * Format {@code jsonl} (JSON Lines): each record as one compact JSON object followed by {@code \n}, also with
 * {@code prettyprint} (a JSON Lines record is one line). An empty stream is an empty file. Records are written by
 * {@link JsonText}.
 */
final class JsonLinesEncoder implements RecordEncoder {

    private JsonText.Output json;

    @Override
    public void start(Writer out) {
        // UTF-8 bytes straight into the output buffer when there is one: the faster of the two generators.
        json = out instanceof Utf8Writer ? JsonText.output(((Utf8Writer) out).bytes(), false, 0)
                : JsonText.output(out, false, 0);
    }

    @Override
    public void record(Writer out, DataRecord record) throws IOException {
        json.value(record);
        json.raw("\n");
    }

    @Override
    public void end(Writer out) throws IOException {
        json.flush();
    }
}
