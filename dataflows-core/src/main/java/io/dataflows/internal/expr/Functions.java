package io.dataflows.internal.expr;

import io.dataflows.DataRecord;
import io.dataflows.ExpressionException;
import io.dataflows.internal.util.Json;
import io.dataflows.spi.JsonText;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The functions expressions may call. The set is closed (no reflection, no host classes): tool_dataflows'
 * {@code fromJSON}, {@code isset}, {@code get_var} and the PHP passthroughs, plus a few string and number helpers.
 */
public final class Functions {

    /** Implementation of one function; functions that build text or lists check {@code limits} first. */
    @FunctionalInterface
    interface Fn {
        Object apply(Object[] args, EvalContext ctx, ExpressionLimits limits);
    }

    record Def(String name, int minArgs, int maxArgs, Fn fn, String doc) {}

    private static final Map<String, Def> DEFS = new TreeMap<>();

    static {
        def("count", 1, 1, "number of items of a list or map", (a, c, l) -> count(a[0]));
        def("isset", 1, Integer.MAX_VALUE, "true when every argument is defined and not null", null);
        def("fromJSON", 1, 1, "decodes JSON text; other values are returned as they are",
                (a, c, l) -> a[0] instanceof String ? fromJson((String) a[0], l) : a[0]);
        def("toJSON", 1, 1, "encodes a value as compact JSON", (a, c, l) -> toJson(a[0], l));
        def("round", 1, 2, "rounds half away from zero to the given precision (default 0)",
                (a, c, l) -> round(a[0], a.length > 1 ? a[1] : 0L));
        def("intval", 1, 2, "integer value, as PHP's intval", (a, c, l) -> intval(a[0], a.length > 1 ? a[1] : 10L));
        def("strtolower", 1, 1, "lower-cases text",
                (a, c, l) -> checked(Php.text(a[0], l).toLowerCase(Locale.ROOT), "strtolower()", l));
        def("strtoupper", 1, 1, "upper-cases text",
                (a, c, l) -> checked(Php.text(a[0], l).toUpperCase(Locale.ROOT), "strtoupper()", l));
        def("strlen", 1, 1, "length of text in characters", (a, c, l) -> (long) Php.text(a[0], l).length());
        def("trim", 1, 1, "removes leading and trailing whitespace", (a, c, l) -> Php.text(a[0], l).strip());
        def("abs", 1, 1, "absolute value", (a, c, l) -> abs(a[0]));
        def("floor", 1, 1, "rounds down (returns a float, as PHP)", (a, c, l) -> Math.floor(num(a[0], "floor")));
        def("ceil", 1, 1, "rounds up (returns a float, as PHP)", (a, c, l) -> Math.ceil(num(a[0], "ceil")));
        def("min", 1, Integer.MAX_VALUE, "smallest argument, or smallest item of one list", (a, c, l) -> extreme(a, -1));
        def("max", 1, Integer.MAX_VALUE, "largest argument, or largest item of one list", (a, c, l) -> extreme(a, 1));
        def("implode", 2, 2, "joins the items of a list with a separator: implode(', ', list)",
                (a, c, l) -> implode(a[0], a[1], l));
        def("explode", 2, 2, "splits text on a separator: explode(',', text)", (a, c, l) -> explode(a[0], a[1], l));
        def("time", 0, 0, "current time in seconds since the epoch", (a, c, l) -> c.nowMillis() / 1000);
        def("date", 1, 2, "formats a timestamp (default now) with a PHP date() format",
                (a, c, l) -> PhpDates.format(dateFormat(a[0], l),
                        a.length > 1 && a[1] != null ? Php.integer(num(a[1], "date")) : c.nowMillis() / 1000,
                        c.zone()));
        def("strtotime", 1, 2, "parses a date or relative time ('+1 day') into a timestamp; false when it cannot",
                (a, c, l) -> PhpDates.strtotime(Php.text(a[0], l),
                        a.length > 1 && a[1] != null ? Php.integer(num(a[1], "strtotime")) : c.nowMillis() / 1000,
                        c.zone()));
        def("format_time", 1, 1, "a duration in seconds in words, as Moodle writes it: '2 days 3 hours', 'now'",
                (a, c, l) -> MoodleTime.formatTime(num(a[0], "format_time")));
        def("userdate", 1, 5, "a timestamp as a date, as Moodle's userdate(): userdate(ts[, strftime format"
                + "[, zone[, fixday[, fixhour]]]]), by default 'Thursday, 3 December 2026, 2:29 AM'",
                (a, c, l) -> MoodleTime.userdate((long) num(a[0], "userdate"),
                        a.length > 1 && a[1] != null ? dateFormat(a[1], l) : "",
                        a.length > 2 ? userZone(a[2], c) : c.zone(), c.locale(),
                        a.length <= 3 || Php.truthy(a[3]), a.length <= 4 || Php.truthy(a[4])));
        def("get_object_vars", 1, 1, "the keys and values of a map (a record, a step's outputs) as a map",
                (a, c, l) -> objectVars(a[0]));
        def("get_var", 1, 2, "value of a variable given by its dotted name; the default (null) when absent",
                (a, c, l) -> {
                    Object v = c.path(Php.text(a[0], l));
                    return v == Access.MISSING ? (a.length > 1 ? a[1] : null) : v;
                });
    }

    private Functions() {}

    private static void def(String name, int min, int max, String doc, Fn fn) {
        DEFS.put(name, new Def(name, min, max, fn, doc));
    }

    static Def lookup(String name) {
        return DEFS.get(name);
    }

    /** Names and one-line descriptions of every function, in name order. */
    public static Map<String, String> documentation() {
        Map<String, String> docs = new TreeMap<>();
        DEFS.values().forEach(d -> docs.put(d.name(), d.doc()));
        return docs;
    }

    static ExpressionException unknown(String name) {
        return new ExpressionException("Unknown function '" + name + "' (known: "
                + String.join(", ", DEFS.keySet()) + ")", null);
    }

    static void checkArity(Def def, int n) {
        if (n < def.minArgs() || n > def.maxArgs()) {
            String expected = def.minArgs() == def.maxArgs() ? String.valueOf(def.minArgs())
                    : def.maxArgs() == Integer.MAX_VALUE ? "at least " + def.minArgs()
                    : def.minArgs() + " to " + def.maxArgs();
            throw new ExpressionException("Function '" + def.name() + "' takes " + expected + " argument"
                    + (expected.equals("1") ? "" : "s") + " but was given " + n, null);
        }
    }

    // ---- implementations ---------------------------------------------------------------------------------------

    private static Object count(Object v) {
        if (v instanceof Collection) {
            return (long) ((Collection<?>) v).size();
        }
        if (v instanceof Map) {
            return (long) ((Map<?, ?>) v).size();
        }
        if (v instanceof DataRecord) {
            return (long) ((DataRecord) v).size();
        }
        if (v instanceof Lookup) {
            return (long) ((Lookup) v).keys().size();
        }
        throw new ExpressionException("count() expects a list or map, not " + Php.describe(v), null);
    }

    private static Object fromJson(String text, ExpressionLimits limits) {
        Object value;
        try {
            value = Json.read(text);
        } catch (IllegalArgumentException e) {
            throw new ExpressionException("fromJSON(): invalid JSON: " + e.getMessage(), null);
        }
        limits.checkList(ValueSize.items(value, limits.maxListSize()), "fromJSON()");
        return value;
    }

    private static String toJson(Object value, ExpressionLimits limits) {
        return JsonText.compact(plain(value), limits.maxStringLength()).orElseThrow(() -> new ExpressionException(
                "toJSON() would produce more than " + limits.maxStringLength() + " characters (maxStringLength)",
                null));
    }

    private static String checked(String result, String what, ExpressionLimits limits) {
        limits.checkText(result.length(), what);
        return result;
    }

    /**
     * The format of {@code date()}. One format character can stand for up to 31 characters ({@code r}), so a format
     * is refused when its text could pass the text limit.
     */
    private static String dateFormat(Object format, ExpressionLimits limits) {
        String f = Php.text(format, limits);
        if (f.length() * 32L > limits.maxStringLength()) {
            throw new ExpressionException("The format of date() is too long: " + f.length() + " characters could"
                    + " produce up to " + f.length() * 32L + " characters of text; the limit is "
                    + limits.maxStringLength() + " (maxStringLength)", null);
        }
        return f;
    }

    /**
     * The zone argument of {@code userdate()}: Moodle's 99 (or empty) for the host's zone, a number of hours from
     * UTC, or a zone id ({@code Europe/Paris}).
     */
    private static ZoneId userZone(Object zone, EvalContext c) {
        if (zone == null || "".equals(zone)) {
            return c.zone();
        }
        Number n = zone instanceof String ? Php.parseNumeric((String) zone) : Php.numeric(zone);
        if (n != null) {
            double hours = n.doubleValue();
            if (hours == 99) {
                return c.zone();
            }
            if (Math.abs(hours) > 18) {
                throw new ExpressionException("userdate(): a zone offset must be within 18 hours of UTC, not "
                        + Php.describe(zone), null);
            }
            return ZoneOffset.ofTotalSeconds((int) Math.round(hours * 3600));
        }
        try {
            return ZoneId.of(String.valueOf(zone));
        } catch (java.time.DateTimeException e) {
            throw new ExpressionException("userdate(): unknown time zone " + Php.describe(zone), null);
        }
    }

    private static Object objectVars(Object v) {
        Object p = plain(v);
        if (p instanceof Map) {
            return new LinkedHashMap<>((Map<?, ?>) p);
        }
        throw new ExpressionException("get_object_vars() expects a map, not " + Php.describe(v), null);
    }

    /** Turns tree nodes into plain resolved values and records into maps, so values can leave an expression. */
    static Object plain(Object v) {
        if (v instanceof Lookup) {
            return ((Lookup) v).materialize();
        }
        if (v instanceof DataRecord) {
            return ((DataRecord) v).asMap();
        }
        return v;
    }

    private static double num(Object v, String fn) {
        Number n = Php.numeric(v);
        if (n == null) {
            throw new ExpressionException(fn + "() expects a number, not " + Php.describe(v), null);
        }
        return n.doubleValue();
    }

    private static Object round(Object value, Object precision) {
        double d = num(value, "round");
        long p = Php.integer(Php.numeric(precision) == null ? 0L : Php.numeric(precision));
        if (Double.isNaN(d) || Double.isInfinite(d) || p > MAX_ROUNDING_DIGITS) {
            // A double has at most 17 significant digits and its smallest value is about 4.9e-324: rounding to
            // more decimals changes nothing (and would allocate a number of that many digits).
            return d;
        }
        if (p < -MAX_ROUNDING_DIGITS) {
            return d < 0 ? -0.0 : 0.0;
        }
        BigDecimal bd = new BigDecimal(Double.toString(d)).setScale((int) p, RoundingMode.HALF_UP);
        return bd.doubleValue();
    }

    /** Beyond this many decimals (either way), rounding a double is the identity or zero. */
    private static final int MAX_ROUNDING_DIGITS = 400;

    private static Object intval(Object v, Object base) {
        if (v instanceof String) {
            String s = ((String) v).strip();
            int radix = (int) Php.integer(Php.numeric(base) == null ? 10L : Php.numeric(base));
            int i = 0;
            boolean negative = false;
            if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                negative = s.charAt(i) == '-';
                i++;
            }
            if (radix == 10) {
                Number n = leadingNumber(s);
                return n == null ? 0L : Php.integer(n);
            }
            int start = i;
            while (i < s.length() && Character.digit(s.charAt(i), radix) >= 0) {
                i++;
            }
            if (i == start) {
                return 0L;
            }
            try {
                long r = Long.parseLong(s.substring(start, i), radix);
                return negative ? -r : r;
            } catch (NumberFormatException e) {
                return negative ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
        }
        if (v instanceof Collection || v instanceof Map || v instanceof DataRecord) {
            return Php.truthy(v) ? 1L : 0L;
        }
        Number n = Php.numeric(v);
        return n == null ? 0L : Php.integer(n);
    }

    /**
     * The numeric prefix of text, as PHP reads "12abc" as 12; null when there is none. One scan: trying ever shorter
     * prefixes would take quadratic time on a long text.
     */
    private static Number leadingNumber(String s) {
        int n = s.length();
        int i = 0;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digitsStart = i;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        int digits = i - digitsStart;
        int end = i;
        if (i < n && s.charAt(i) == '.') {
            int j = i + 1;
            while (j < n && s.charAt(j) >= '0' && s.charAt(j) <= '9') {
                j++;
            }
            if (digits > 0 || j > i + 1) {
                digits += j - i - 1;
                end = j;
            }
        }
        if (digits == 0) {
            return null;
        }
        if (end < n && (s.charAt(end) == 'e' || s.charAt(end) == 'E')) {
            int k = end + 1;
            if (k < n && (s.charAt(k) == '+' || s.charAt(k) == '-')) {
                k++;
            }
            int expStart = k;
            while (k < n && s.charAt(k) >= '0' && s.charAt(k) <= '9') {
                k++;
            }
            if (k > expStart) {
                end = k;
            }
        }
        return Php.parseNumeric(s.substring(0, end));
    }

    private static Object abs(Object v) {
        Number n = Php.numeric(v);
        if (n == null) {
            throw new ExpressionException("abs() expects a number, not " + Php.describe(v), null);
        }
        if (n instanceof Long) {
            long l = (Long) n;
            if (l == Long.MIN_VALUE) {
                return -(double) l;
            }
            return Math.abs(l);
        }
        if (n instanceof BigDecimal) {
            return ((BigDecimal) n).abs();
        }
        return Math.abs(n.doubleValue());
    }

    private static Object extreme(Object[] args, int sign) {
        Collection<?> values;
        if (args.length == 1) {
            if (args[0] instanceof Collection) {
                values = (Collection<?>) args[0];
            } else if (args[0] instanceof Map) {
                values = ((Map<?, ?>) args[0]).values();
            } else {
                throw new ExpressionException((sign < 0 ? "min" : "max")
                        + "() with one argument expects a list", null);
            }
        } else {
            values = java.util.Arrays.asList(args); // may hold nulls, which List.of refuses
        }
        if (values.isEmpty()) {
            throw new ExpressionException((sign < 0 ? "min" : "max") + "() of an empty list", null);
        }
        Object best = null;
        boolean first = true;
        for (Object v : values) {
            Object x = v == Access.MISSING ? null : v;
            if (first || Php.compare(x, best) * sign > 0) {
                best = x;
                first = false;
            }
        }
        return best;
    }

    private static Object implode(Object sep, Object list, ExpressionLimits limits) {
        // PHP accepts both argument orders; so do we.
        if (sep instanceof Collection && !(list instanceof Collection)) {
            Object t = sep;
            sep = list;
            list = t;
        }
        if (!(list instanceof Collection)) {
            throw new ExpressionException("implode() expects a list, not " + Php.describe(list), null);
        }
        StringBuilder sb = new StringBuilder();
        String s = Php.text(sep, limits);
        boolean first = true;
        for (Object v : (Collection<?>) list) {
            String item = Php.text(v, limits);
            limits.checkText((long) sb.length() + (first ? 0 : s.length()) + item.length(), "implode()");
            if (!first) {
                sb.append(s);
            }
            sb.append(item);
            first = false;
        }
        return sb.toString();
    }

    private static Object explode(Object sep, Object text, ExpressionLimits limits) {
        String s = Php.text(sep, limits);
        if (s.isEmpty()) {
            throw new ExpressionException("explode() needs a non-empty separator", null);
        }
        String t = Php.text(text, limits);
        List<Object> out = new ArrayList<>();
        int from = 0;
        while (true) {
            limits.checkList(out.size() + 1L, "explode()");
            int at = t.indexOf(s, from);
            if (at < 0) {
                out.add(t.substring(from));
                break;
            }
            out.add(t.substring(from, at));
            from = at + s.length();
        }
        return Collections.unmodifiableList(out);
    }
}
