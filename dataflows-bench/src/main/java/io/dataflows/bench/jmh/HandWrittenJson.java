package io.dataflows.bench.jmh;

import io.dataflows.DataRecord;
import io.dataflows.spi.JsonText;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The hand-written compact JSON encoder {@code writer_stream} used before {@link JsonText}, kept here only as the
 * baseline of {@link JsonEncoderBench}: it appends straight to the writer without a buffer of its own. (It also had a
 * string fast path inside the UTF-8 writer, which is gone with it; strings here take the writer's ordinary path.)
 */
final class HandWrittenJson {

    private HandWrittenJson() {}

    static void write(Writer out, Object value) throws IOException {
        if (value == null) {
            out.write("null");
        } else if (value instanceof String) {
            string(out, (String) value);
        } else if (value instanceof Boolean) {
            out.write((Boolean) value ? "true" : "false");
        } else if (value instanceof Long || value instanceof Integer) {
            out.write(value.toString());
        } else if (value instanceof Double) {
            out.write(JsonText.doubleText((Double) value));
        } else if (value instanceof BigDecimal) {
            out.write(((BigDecimal) value).toPlainString());
        } else if (value instanceof DataRecord) {
            DataRecord r = (DataRecord) value;
            List<String> fields = r.fields();
            out.write('{');
            for (int i = 0; i < r.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                string(out, fields.get(i));
                out.write(':');
                write(out, r.valueAt(i));
            }
            out.write('}');
        } else if (value instanceof Map) {
            out.write('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                if (!first) {
                    out.write(',');
                }
                first = false;
                string(out, String.valueOf(e.getKey()));
                out.write(':');
                write(out, e.getValue());
            }
            out.write('}');
        } else if (value instanceof Collection) {
            out.write('[');
            boolean first = true;
            for (Object o : (Collection<?>) value) {
                if (!first) {
                    out.write(',');
                }
                first = false;
                write(out, o);
            }
            out.write(']');
        } else {
            throw new IllegalArgumentException(value.getClass().getName());
        }
    }

    private static void string(Writer out, String s) throws IOException {
        out.write('"');
        int start = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.write(s, start, i - start);
            switch (c) {
                case '"' -> out.write("\\\"");
                case '\\' -> out.write("\\\\");
                case '\n' -> out.write("\\n");
                case '\r' -> out.write("\\r");
                case '\t' -> out.write("\\t");
                case '\b' -> out.write("\\b");
                case '\f' -> out.write("\\f");
                default -> out.write(String.format("\\u%04x", (int) c));
            }
            start = i + 1;
        }
        out.write(s, start, n - start);
        out.write('"');
    }
}
