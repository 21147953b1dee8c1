package io.dataflows.steps.internal;

import io.dataflows.DataRecord;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes JSON-like values (null, strings, booleans, numbers, lists, maps, records) as JSON text the way PHP's
 * {@code json_encode} does with {@code JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES}: UTF-8 text without
 * {@code \}u escapes, {@code /} not escaped, compact ({@code {"a":1}}) or, with pretty printing,
 * {@code JSON_PRETTY_PRINT}'s layout (4-space indentation, {@code "key": value}, {@code []} and {@code {}} for
 * empties).
 *
 * <p>Writes straight to the {@link Appendable} without building intermediate strings. Stateless and thread-safe.
 * Doubles print as the shortest text that reads back to the same value, with {@code .0} on whole numbers as PHP 7.1+
 * does; NaN and infinities cannot be written.
 */
public final class JsonWriter {

    private static final String INDENT = "    ";

    private JsonWriter() {}

    /** Compact JSON of {@code value} as a string. */
    public static String compact(Object value) {
        StringBuilder sb = new StringBuilder();
        try {
            write(sb, value, false, 0);
        } catch (IOException e) {
            throw new IllegalStateException(e); // StringBuilder does not throw
        }
        return sb.toString();
    }

    /** Pretty-printed JSON of {@code value} as a string (no trailing newline). */
    public static String pretty(Object value) {
        StringBuilder sb = new StringBuilder();
        try {
            write(sb, value, true, 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return sb.toString();
    }

    /**
     * Writes {@code value}.
     *
     * @param pretty indent with 4 spaces per level
     * @param level the indentation level the value starts at (pretty printing)
     * @throws IllegalArgumentException for NaN, infinities and values that are not JSON-like
     */
    public static void write(Appendable out, Object value, boolean pretty, int level) throws IOException {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String) {
            writeString(out, (String) value);
        } else if (value instanceof Boolean) {
            out.append((Boolean) value ? "true" : "false");
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte) {
            out.append(value.toString());
        } else if (value instanceof Double || value instanceof Float) {
            out.append(doubleText(((Number) value).doubleValue()));
        } else if (value instanceof BigDecimal) {
            out.append(((BigDecimal) value).toPlainString());
        } else if (value instanceof Number) {
            out.append(value.toString());
        } else if (value instanceof DataRecord) {
            writeRecord(out, (DataRecord) value, pretty, level);
        } else if (value instanceof Map) {
            writeMap(out, (Map<?, ?>) value, pretty, level);
        } else if (value instanceof Collection) {
            writeList(out, (Collection<?>) value, pretty, level);
        } else {
            throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON");
        }
    }

    private static void writeRecord(Appendable out, DataRecord record, boolean pretty, int level) throws IOException {
        int n = record.size();
        if (n == 0) {
            out.append("{}");
            return;
        }
        out.append('{');
        java.util.List<String> fields = record.fields();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.append(',');
            }
            if (pretty) {
                newline(out, level + 1);
            }
            writeString(out, fields.get(i));
            out.append(pretty ? ": " : ":");
            write(out, record.valueAt(i), pretty, level + 1);
        }
        if (pretty) {
            newline(out, level);
        }
        out.append('}');
    }

    private static void writeMap(Appendable out, Map<?, ?> map, boolean pretty, int level) throws IOException {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            if (pretty) {
                newline(out, level + 1);
            }
            writeString(out, String.valueOf(e.getKey()));
            out.append(pretty ? ": " : ":");
            write(out, e.getValue(), pretty, level + 1);
        }
        if (pretty) {
            newline(out, level);
        }
        out.append('}');
    }

    private static void writeList(Appendable out, Collection<?> list, boolean pretty, int level) throws IOException {
        if (list.isEmpty()) {
            out.append("[]");
            return;
        }
        out.append('[');
        Iterator<?> it = list.iterator();
        boolean first = true;
        while (it.hasNext()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            if (pretty) {
                newline(out, level + 1);
            }
            write(out, it.next(), pretty, level + 1);
        }
        if (pretty) {
            newline(out, level);
        }
        out.append(']');
    }

    private static void newline(Appendable out, int level) throws IOException {
        out.append('\n');
        for (int i = 0; i < level; i++) {
            out.append(INDENT);
        }
    }

    /** Writes a JSON string literal: quotes, backslashes and control characters escaped, nothing else. */
    static void writeString(Appendable out, String s) throws IOException {
        if (out instanceof Utf8Writer) {
            ((Utf8Writer) out).writeJsonString(s);
            return;
        }
        out.append('"');
        int start = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            appendRange(out, s, start, i);
            out.append(escape(c));
            start = i + 1;
        }
        appendRange(out, s, start, n);
        out.append('"');
    }

    /** Appends {@code s[start, end)}; a {@link Writer} gets it without the substring Appendable would create. */
    private static void appendRange(Appendable out, String s, int start, int end) throws IOException {
        if (start == end) {
            return;
        }
        if (out instanceof Writer) {
            ((Writer) out).write(s, start, end - start);
        } else {
            out.append(s, start, end);
        }
    }

    /** The escape sequence of a character below U+0020, a quote or a backslash; null for any other. */
    static String escape(char c) {
        switch (c) {
            case '"': return "\\\"";
            case '\\': return "\\\\";
            case '\n': return "\\n";
            case '\r': return "\\r";
            case '\t': return "\\t";
            case '\b': return "\\b";
            case '\f': return "\\f";
            default:
                return c < 0x20 ? "\\u00" + Character.forDigit(c >> 4, 16) + Character.forDigit(c & 0xF, 16) : null;
        }
    }

    /**
     * PHP's {@code json_encode} text of a double ({@code serialize_precision = -1}): the shortest round-trip digits,
     * {@code 1.0} for whole numbers, exponent notation ({@code 1.0e+25}) outside {@code [1e-5, 1e15)}.
     */
    static String doubleText(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("cannot write " + d + " as JSON (NaN and infinity have no JSON form)");
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        int exponent = bd.precision() - bd.scale() - 1;
        if (exponent < -5 || exponent >= 15) {
            String digits = bd.unscaledValue().abs().toString();
            StringBuilder sb = new StringBuilder();
            if (bd.signum() < 0) {
                sb.append('-');
            }
            sb.append(digits.charAt(0)).append('.');
            sb.append(digits.length() > 1 ? digits.substring(1) : "0");
            sb.append('e').append(exponent < 0 ? '-' : '+').append(Math.abs(exponent));
            return sb.toString();
        }
        String plain = bd.toPlainString();
        return plain.indexOf('.') < 0 ? plain + ".0" : plain;
    }
}
