package io.dataflows.steps.internal.writer;

import io.dataflows.DataRecord;
import io.dataflows.steps.internal.JsonWriter;
import java.io.IOException;
import java.io.Writer;

/**
 * Format {@code jsonl} (JSON Lines): each record as one compact JSON object followed by {@code \n}, also with
 * {@code prettyprint} (a JSON Lines record is one line). An empty stream is an empty file.
 */
final class JsonLinesEncoder implements RecordEncoder {

    @Override
    public void start(Writer out) {}

    @Override
    public void record(Writer out, DataRecord record) throws IOException {
        JsonWriter.write(out, record, false, 0);
        out.write('\n');
    }

    @Override
    public void end(Writer out) {}
}
