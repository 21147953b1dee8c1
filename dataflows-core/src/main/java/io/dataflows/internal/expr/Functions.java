package io.dataflows.internal.expr;

import io.dataflows.DataRecord;
import io.dataflows.ExpressionException;
import io.dataflows.internal.util.Json;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The functions expressions may call. The set is closed (no reflection, no host classes): tool_dataflows'
 * {@code fromJSON}, {@code isset}, {@code get_var} and the PHP passthroughs, plus a few string and number helpers.
 */
public final class Functions {

    /** Implementation of one function. */
    @FunctionalInterface
    interface Fn {
        Object apply(Object[] args, EvalContext ctx);
    }

    record Def(String name, int minArgs, int maxArgs, Fn fn, String doc) {}

    private static final Map<String, Def> DEFS = new TreeMap<>();

    static {
        def("count", 1, 1, "number of items of a list or map", (a, c) -> count(a[0]));
        def("isset", 1, Integer.MAX_VALUE, "true when every argument is defined and not null", null);
        def("fromJSON", 1, 1, "decodes JSON text; other values are returned as they are",
                (a, c) -> a[0] instanceof String ? fromJson((String) a[0]) : a[0]);
        def("toJSON", 1, 1, "encodes a value as compact JSON", (a, c) -> Json.write(plain(a[0])));
        def("round", 1, 2, "rounds half away from zero to the given precision (default 0)",
                (a, c) -> round(a[0], a.length > 1 ? a[1] : 0L));
        def("intval", 1, 2, "integer value, as PHP's intval", (a, c) -> intval(a[0], a.length > 1 ? a[1] : 10L));
        def("strtolower", 1, 1, "lower-cases text", (a, c) -> Php.text(a[0]).toLowerCase(Locale.ROOT));
        def("strtoupper", 1, 1, "upper-cases text", (a, c) -> Php.text(a[0]).toUpperCase(Locale.ROOT));
        def("strlen", 1, 1, "length of text in characters", (a, c) -> (long) Php.text(a[0]).length());
        def("trim", 1, 1, "removes leading and trailing whitespace", (a, c) -> Php.text(a[0]).strip());
        def("abs", 1, 1, "absolute value", (a, c) -> abs(a[0]));
        def("floor", 1, 1, "rounds down (returns a float, as PHP)", (a, c) -> Math.floor(num(a[0], "floor")));
        def("ceil", 1, 1, "rounds up (returns a float, as PHP)", (a, c) -> Math.ceil(num(a[0], "ceil")));
        def("min", 1, Integer.MAX_VALUE, "smallest argument, or smallest item of one list", (a, c) -> extreme(a, -1));
        def("max", 1, Integer.MAX_VALUE, "largest argument, or largest item of one list", (a, c) -> extreme(a, 1));
        def("implode", 2, 2, "joins the items of a list with a separator: implode(', ', list)",
                (a, c) -> implode(a[0], a[1]));
        def("explode", 2, 2, "splits text on a separator: explode(',', text)", (a, c) -> explode(a[0], a[1]));
        def("time", 0, 0, "current time in seconds since the epoch", (a, c) -> c.nowMillis() / 1000);
        def("date", 1, 2, "formats a timestamp (default now) with a PHP date() format",
                (a, c) -> PhpDates.format(Php.text(a[0]),
                        a.length > 1 && a[1] != null ? Php.integer(num(a[1], "date")) : c.nowMillis() / 1000,
                        c.zone()));
        def("strtotime", 1, 2, "parses a date or relative time ('+1 day') into a timestamp; false when it cannot",
                (a, c) -> PhpDates.strtotime(Php.text(a[0]),
                        a.length > 1 && a[1] != null ? Php.integer(num(a[1], "strtotime")) : c.nowMillis() / 1000,
                        c.zone()));
        def("get_var", 1, 2, "value of a variable given by its dotted name; the default (null) when absent",
                (a, c) -> {
                    Object v = c.path(Php.text(a[0]));
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

    private static Object fromJson(String text) {
        try {
            return Json.read(text);
        } catch (IllegalArgumentException e) {
            throw new ExpressionException("fromJSON(): invalid JSON: " + e.getMessage(), null);
        }
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
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return d;
        }
        BigDecimal bd = new BigDecimal(Double.toString(d)).setScale((int) p, RoundingMode.HALF_UP);
        return bd.doubleValue();
    }

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

    /** The numeric prefix of text, as PHP reads "12abc" as 12; null when there is none. */
    private static Number leadingNumber(String s) {
        int end = s.length();
        while (end > 0) {
            Number n = Php.parseNumeric(s.substring(0, end));
            if (n != null) {
                return n;
            }
            end--;
        }
        return null;
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
            values = List.of(args).stream().map(x -> x == null ? Access.MISSING : x).toList();
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

    private static Object implode(Object sep, Object list) {
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
        String s = Php.text(sep);
        boolean first = true;
        for (Object v : (Collection<?>) list) {
            if (!first) {
                sb.append(s);
            }
            sb.append(Php.text(v));
            first = false;
        }
        return sb.toString();
    }

    private static Object explode(Object sep, Object text) {
        String s = Php.text(sep);
        if (s.isEmpty()) {
            throw new ExpressionException("explode() needs a non-empty separator", null);
        }
        String t = Php.text(text);
        List<Object> out = new ArrayList<>();
        int from = 0;
        while (true) {
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
