package io.dataflows.steps.internal.writer;

import io.dataflows.DataRecord;
import io.dataflows.spi.Values;
import io.dataflows.steps.internal.Utf8Writer;
import java.io.IOException;
import java.util.List;

/**
 * Format {@code csv}: a header line with the first record's field names, then one line per record with its values
 * in the record's field order (as tool_dataflows, later records' names are not compared with the header). Lines end
 * with {@code \n}; the delimiter is {@code ,}. Fields are quoted as PHP's {@code fputcsv} quotes them: when they
 * contain the delimiter, a quote, a backslash, CR, LF, a tab or a space; quotes are doubled, except one right after a
 * backslash, which PHP's escape character leaves as it is. Values print as PHP converts them to text ({@code true}
 * is {@code 1}, null and {@code false} are empty, lists and maps are compact JSON). An empty stream is an empty file.
 * A value record ({@link DataRecord#ofValue}) is written as PHP writes {@code (array) $value}.
 */
final class CsvEncoder implements RecordEncoder {

    private static final char DELIMITER = ',';
    private static final char ENCLOSURE = '"';
    private static final char ESCAPE = '\\';

    private boolean first = true;

    @Override
    public void start(Utf8Writer out) {}

    @Override
    public void record(Utf8Writer out, DataRecord record) throws IOException {
        if (record.isValue()) {
            value(out, record.valueAt(0));
            return;
        }
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

    /**
     * A value record, as PHP writes {@code (array) $value}: a list's items under the names {@code 0}, {@code 1}, ...;
     * null as no field (an empty line); any other value as one field named {@code 0}.
     */
    private void value(Utf8Writer out, Object v) throws IOException {
        int n = v == null ? 0 : v instanceof List ? ((List<?>) v).size() : 1;
        if (first) {
            first = false;
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    out.write(DELIMITER);
                }
                out.write(Integer.toString(i));
            }
            out.write('\n');
        }
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.write(DELIMITER);
            }
            Object item = v instanceof List ? ((List<?>) v).get(i) : v;
            field(out, item instanceof String ? (String) item : Values.text(item));
        }
        out.write('\n');
    }

    /**
     * Writes one field as PHP's {@code fputcsv} does with its defaults (enclosure {@code "}, escape {@code \}): the
     * field is enclosed when it holds the delimiter, the enclosure, the escape character, a line feed, a carriage
     * return, a tab or a space; inside, an enclosure is doubled unless an escape character comes right before it.
     */
    private static void field(Utf8Writer out, String s) throws IOException {
        int n = s.length();
        int first = 0;
        while (first < n && !needsEnclosure(s.charAt(first))) {
            first++;
        }
        if (first == n) {
            out.write(s);
            return;
        }
        out.write(ENCLOSURE);
        int start = 0;
        boolean escaped = false;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == ESCAPE) {
                escaped = true;
            } else if (!escaped && c == ENCLOSURE) {
                out.write(s, start, i + 1 - start);
                out.write(ENCLOSURE);
                start = i + 1;
            } else {
                escaped = false;
            }
        }
        out.write(s, start, n - start);
        out.write(ENCLOSURE);
    }

    private static boolean needsEnclosure(char c) {
        return c == DELIMITER || c == ENCLOSURE || c == ESCAPE || c == '\n' || c == '\r' || c == '\t' || c == ' ';
    }

    @Override
    public void end(Utf8Writer out) {}
}
