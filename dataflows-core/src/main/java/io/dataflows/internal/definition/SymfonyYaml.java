package io.dataflows.internal.definition;

import io.dataflows.internal.expr.Php;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes YAML the way Symfony's YAML component (4.4) does — block style down to an inline level, then flow style,
 * with its quoting rules — so a tool_dataflows export read and written back is identical byte for byte.
 * Multi-line strings become literal blocks with a chomping indicator, so every string survives a round trip.
 */
public final class SymfonyYaml {

    private static final int INDENTATION = 2;
    private static final Set<String> RESERVED = Set.of("null", "~", "true", "false", "y", "n", "yes", "no", "on",
            "off");
    private static final Pattern DOUBLE_QUOTING = Pattern.compile("[\\x00-\\x1f\\x7f\\u0085\\u00a0\\u2028\\u2029]");
    private static final Pattern SINGLE_QUOTING = Pattern.compile(
            "[\\s'\":{}\\[\\],&*#?]|\\A[\\-?|<>=!%@`\\p{Zs}]");
    private static final Pattern DIGITS = Pattern.compile("^[0-9]+[_0-9]*$");
    private static final Pattern HEX = Pattern.compile("^0x[0-9a-f_]+$", Pattern.CASE_INSENSITIVE);
    private static final Pattern TIMESTAMP = Pattern.compile(
            "^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \\t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\\.[0-9]*)?"
                    + "(?:[ \\t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?$");

    private SymfonyYaml() {}

    /** Dumps {@code value} with Symfony's {@code Yaml::dump($value, $inline, 2, DUMP_MULTI_LINE_LITERAL_BLOCK)}. */
    public static String dump(Object value, int inline) {
        StringBuilder sb = new StringBuilder();
        dump(sb, value, inline, 0);
        return sb.toString();
    }

    private static void dump(StringBuilder out, Object input, int inline, int indent) {
        String prefix = " ".repeat(indent);
        boolean array = input instanceof Map || input instanceof List;
        if (inline <= 0 || !array || isEmpty(input)) {
            out.append(prefix).append(inline(input));
            return;
        }
        boolean asMap = input instanceof Map;
        Iterable<? extends Map.Entry<?, ?>> entries = entries(input);
        int start = out.length();
        for (Map.Entry<?, ?> e : entries) {
            // A literal block ends without a line break (its last row may be the text's last); the next item adds it,
            // so a document whose last value is such a block ends without one, as Symfony's does.
            if (out.length() > start && out.charAt(out.length() - 1) != '\n') {
                out.append('\n');
            }
            Object value = e.getValue();
            String head = prefix + (asMap ? inline(e.getKey()) + ":" : "-");
            if (value instanceof String && ((String) value).contains("\n") && !((String) value).contains("\r")) {
                literalBlock(out, head, prefix, (String) value);
                continue;
            }
            // Items of a list too: a non-empty map or list above the inline level goes on the lines below its "-".
            boolean willBeInlined = inline - 1 <= 0 || !(value instanceof Map || value instanceof List)
                    || isEmpty(value);
            out.append(head).append(willBeInlined ? " " : "\n");
            dump(out, value, inline - 1, willBeInlined ? 0 : indent + INDENTATION);
            if (willBeInlined) {
                out.append('\n');
            }
        }
    }

    private static void literalBlock(StringBuilder out, String head, String prefix, String value) {
        String indicator = value.startsWith(" ") ? String.valueOf(INDENTATION) : "";
        String chomping = value.endsWith("\n\n") ? "+" : value.endsWith("\n") ? "" : "-";
        out.append(head).append(" |").append(indicator).append(chomping);
        for (String row : value.split("\n", -1)) {
            out.append('\n');
            if (!row.isEmpty()) {
                out.append(prefix).append(" ".repeat(INDENTATION)).append(row);
            }
        }
    }

    private static boolean isEmpty(Object v) {
        return (v instanceof Map && ((Map<?, ?>) v).isEmpty()) || (v instanceof List && ((List<?>) v).isEmpty());
    }

    @SuppressWarnings("unchecked")
    private static Iterable<? extends Map.Entry<?, ?>> entries(Object input) {
        if (input instanceof Map) {
            return ((Map<Object, Object>) input).entrySet();
        }
        List<?> list = (List<?>) input;
        java.util.List<Map.Entry<?, ?>> out = new java.util.ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(Map.entry(i, list.get(i) == null ? NULL : list.get(i)));
        }
        return out;
    }

    private static final Object NULL = new Object();

    /** Symfony's {@code Inline::dump}. */
    static String inline(Object value) {
        if (value == null || value == NULL) {
            return "null";
        }
        if (value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof Long || value instanceof Integer) {
            return value.toString();
        }
        if (value instanceof Double) {
            double d = (Double) value;
            if (Double.isNaN(d)) {
                return ".NaN";
            }
            if (Double.isInfinite(d)) {
                return d > 0 ? ".Inf" : "-.Inf";
            }
            // PHP's text of the double (14 significant digits); a whole number that this text gives back exactly is
            // tagged, as Symfony does, or it would read back as an integer: 3.0 is "!!float 3", 1e25
            // "!!float 1.0E+25". Other doubles are their text, even where it is shorter than the double
            // (0.1 + 0.2 is 0.3).
            String repr = Php.text(d);
            if (d == Math.floor(d) && Double.parseDouble(repr) == d) {
                return "!!float " + repr;
            }
            return repr;
        }
        if (value instanceof BigDecimal) {
            return ((BigDecimal) value).toPlainString();
        }
        if (value instanceof List) {
            List<?> list = (List<?>) value;
            if (list.isEmpty()) {
                return "{  }";
            }
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < list.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(inline(list.get(i)));
            }
            return sb.append(']').toString();
        }
        if (value instanceof Map) {
            StringBuilder sb = new StringBuilder("{ ");
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                sb.append(first ? "" : ", ").append(inline(e.getKey())).append(": ").append(inline(e.getValue()));
                first = false;
            }
            return sb.append(" }").toString();
        }
        return string(String.valueOf(value));
    }

    private static String string(String s) {
        if (isNumeric(s) && !s.matches("(?s).*[\\f\\n\\r\\t\\u000b].*")) {
            return "'" + s + "'";
        }
        if (s.isEmpty()) {
            return "''";
        }
        if (DOUBLE_QUOTING.matcher(s).find()) {
            return doubleQuoted(s);
        }
        if (RESERVED.contains(s.toLowerCase(java.util.Locale.ROOT)) || SINGLE_QUOTING.matcher(s).find()
                || DIGITS.matcher(s).matches() || HEX.matcher(s).matches() || TIMESTAMP.matcher(s).matches()) {
            return "'" + s.replace("'", "''") + "'";
        }
        return s;
    }

    /** PHP's is_numeric. */
    private static boolean isNumeric(String s) {
        return Php.parseNumeric(s) != null;
    }

    private static String doubleQuoted(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\': sb.append("\\\\"); break;
                case '"': sb.append("\\\""); break;
                case '\0': sb.append("\\0"); break;
                case '\u0007': sb.append("\\a"); break;
                case '\b': sb.append("\\b"); break;
                case '\t': sb.append("\\t"); break;
                case '\n': sb.append("\\n"); break;
                case '\u000b': sb.append("\\v"); break;
                case '\f': sb.append("\\f"); break;
                case '\r': sb.append("\\r"); break;
                case '\u001b': sb.append("\\e"); break;
                case '\u0085': sb.append("\\N"); break;
                case '\u00a0': sb.append("\\_"); break;
                case '\u2028': sb.append("\\L"); break;
                case '\u2029': sb.append("\\P"); break;
                default:
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.append('"').toString();
    }
}
