package io.dataflows.steps.internal.writer;

import io.dataflows.DataRecord;
import io.dataflows.spi.Values;
import io.dataflows.steps.internal.Utf8Writer;
import java.io.IOException;
import java.util.List;

/**
 * Format {@code csv}: a header line with the first record's field names, then one line per record with its values
 * in the record's field order (as tool_dataflows, later records' names are not compared with the header). Lines end
 * with {@code \n}; the delimiter is {@code ,}. A field is quoted only when it contains the delimiter, a quote, CR or
 * LF, with quotes doubled. Values print as PHP converts them to text ({@code true} is {@code 1}, null and
 * {@code false} are empty, lists and maps are compact JSON). An empty stream is an empty file.
 */
final class CsvEncoder implements RecordEncoder {

    private static final char DELIMITER = ',';

    private boolean first = true;

    @Override
    public void start(Utf8Writer out) {}

    @Override
    public void record(Utf8Writer out, DataRecord record) throws IOException {
        int n = record.size();
        if (first) {
            first = false;
            List<String> names = record.fields();
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    out.write(DELIMITER);
                }
                field(out, names.get(i));
            }
            out.write('\n');
        }
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.write(DELIMITER);
            }
            Object v = record.valueAt(i);
            field(out, v instanceof String ? (String) v : Values.text(v));
        }
        out.write('\n');
    }

    private static void field(Utf8Writer out, String s) throws IOException {
        int n = s.length();
        boolean quote = false;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == DELIMITER || c == '"' || c == '\n' || c == '\r') {
                quote = true;
                break;
            }
        }
        if (!quote) {
            out.write(s);
            return;
        }
        out.write('"');
        int start = 0;
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) == '"') {
                out.write(s, start, i + 1 - start);
                out.write('"');
                start = i + 1;
            }
        }
        out.write(s, start, n - start);
        out.write('"');
    }

    @Override
    public void end(Utf8Writer out) {}
}
