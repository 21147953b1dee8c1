package io.dataflows.internal.expr;

import io.dataflows.DataRecord;
import io.dataflows.ExpressionException;
import io.dataflows.spi.JsonText;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Value semantics of expressions, chosen so that flows written for tool_dataflows (PHP 8) behave the same:
 * numeric strings take part in arithmetic and comparisons ({@code '1' + '1'} is 2, {@code '1' == 1}), other strings
 * compare as text, truthiness is PHP's. Where PHP would warn and carry on (a non-numeric string in arithmetic) we
 * fail: expressions are strict.
 *
 * <p>Numbers are {@link Long}, {@link Double} or {@link BigDecimal}; integer overflow turns into a double, as in PHP.
 */
public final class Php {

    private Php() {}

    // ---- truthiness and text ---------------------------------------------------------------------------------

    /** PHP truthiness: false, null, 0, 0.0, '', '0', empty list or map are false; all else is true. */
    public static boolean truthy(Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean) {
            return (Boolean) v;
        }
        if (v instanceof String) {
            String s = (String) v;
            return !s.isEmpty() && !s.equals("0");
        }
        if (v instanceof Long || v instanceof Integer) {
            return ((Number) v).longValue() != 0;
        }
        if (v instanceof Double) {
            return (Double) v != 0.0;
        }
        if (v instanceof BigDecimal) {
            return ((BigDecimal) v).signum() != 0;
        }
        if (v instanceof Number) {
            return ((Number) v).doubleValue() != 0.0;
        }
        if (v instanceof Collection) {
            return !((Collection<?>) v).isEmpty();
        }
        if (v instanceof Map) {
            return !((Map<?, ?>) v).isEmpty();
        }
        if (v instanceof DataRecord) {
            return !((DataRecord) v).isEmpty();
        }
        if (v instanceof Lookup) {
            return !((Lookup) v).keys().isEmpty();
        }
        return true;
    }

    /**
     * Text of a value as interpolated into a template: null and false are '', true is '1', numbers as PHP prints
     * them, lists and maps as compact JSON.
     */
    public static String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof String) {
            return (String) v;
        }
        if (v instanceof Boolean) {
            return (Boolean) v ? "1" : "";
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return v.toString();
        }
        if (v instanceof Double || v instanceof Float) {
            return doubleText(((Number) v).doubleValue());
        }
        if (v instanceof BigDecimal) {
            return ((BigDecimal) v).toPlainString();
        }
        if (v instanceof DataRecord) {
            return ((DataRecord) v).toJson();
        }
        if (v instanceof Lookup) {
            return JsonText.compact(((Lookup) v).materialize());
        }
        if (v instanceof Map || v instanceof Collection) {
            return JsonText.compact(v);
        }
        return v.toString();
    }

    /**
     * {@link #text(Object)} for text an expression builds: lists, maps and decimals whose text would be longer than
     * the text limit are refused before their text is written out.
     *
     * @throws ExpressionException when the text would exceed {@link ExpressionLimits#maxStringLength()}
     */
    static String text(Object v, ExpressionLimits limits) {
        if (v instanceof String) {
            return (String) v;
        }
        Object structured = v instanceof DataRecord ? ((DataRecord) v).asMap()
                : v instanceof Lookup ? ((Lookup) v).materialize() : v;
        if (structured instanceof Map || structured instanceof Collection) {
            return JsonText.compact(structured, limits.maxStringLength()).orElseThrow(() -> new ExpressionException(
                    "The text of " + describe(v) + " would be longer than " + limits.maxStringLength()
                    + " characters (maxStringLength)", null));
        }
        if (v instanceof BigDecimal) {
            BigDecimal d = (BigDecimal) v;
            limits.checkText(d.precision() + Math.abs((long) d.scale()) + 2, "The text of a decimal number");
        }
        return text(v);
    }

    /** PHP's float to string conversion (precision 14). */
    static String doubleText(double d) {
        if (Double.isNaN(d)) {
            return "NAN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "INF" : "-INF";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        BigDecimal bd = new BigDecimal(d).round(new MathContext(14, RoundingMode.HALF_EVEN)).stripTrailingZeros();
        int exponent = bd.precision() - bd.scale() - 1;
        if (exponent < -5 || exponent >= 15) {
            BigDecimal mantissa = bd.movePointLeft(exponent).stripTrailingZeros();
            String m = mantissa.toPlainString();
            if (!m.contains(".")) {
                m = m + ".0";
            }
            return m + "E" + (exponent < 0 ? "-" : "+") + Math.abs(exponent);
        }
        return bd.toPlainString();
    }

    // ---- numbers ---------------------------------------------------------------------------------------------

    /** True for Long, Double, BigDecimal and other {@link Number}s. */
    static boolean isNumber(Object v) {
        return v instanceof Number;
    }

    /**
     * Parses a PHP numeric string (leading and trailing whitespace allowed, optional sign, decimals, exponent).
     *
     * @return a Long or Double, or null when {@code s} is not numeric
     */
    public static Number parseNumeric(String s) {
        int n = s.length();
        if (n > 0 && n < 19) {
            // Fast path: plain decimal integers ("42", "-7"), the common case, without allocation.
            int i = 0;
            boolean negative = false;
            char first = s.charAt(0);
            if (first == '-' || first == '+') {
                negative = first == '-';
                i = 1;
            }
            if (i < n) {
                long v = 0;
                int j = i;
                for (; j < n; j++) {
                    char c = s.charAt(j);
                    if (c < '0' || c > '9') {
                        break;
                    }
                    v = v * 10 + (c - '0');
                }
                if (j == n) {
                    return negative ? -v : v;
                }
            }
        }
        int i = 0;
        while (i < n && isSpace(s.charAt(i))) {
            i++;
        }
        int end = n;
        while (end > i && isSpace(s.charAt(end - 1))) {
            end--;
        }
        if (i >= end) {
            return null;
        }
        int j = i;
        if (s.charAt(j) == '+' || s.charAt(j) == '-') {
            j++;
        }
        int digits = 0;
        boolean isFloat = false;
        while (j < end && Character.isDigit(s.charAt(j)) && s.charAt(j) < 128) {
            j++;
            digits++;
        }
        if (j < end && s.charAt(j) == '.') {
            isFloat = true;
            j++;
            while (j < end && s.charAt(j) >= '0' && s.charAt(j) <= '9') {
                j++;
                digits++;
            }
        }
        if (digits == 0) {
            return null;
        }
        if (j < end && (s.charAt(j) == 'e' || s.charAt(j) == 'E')) {
            int k = j + 1;
            if (k < end && (s.charAt(k) == '+' || s.charAt(k) == '-')) {
                k++;
            }
            int expDigits = 0;
            while (k < end && s.charAt(k) >= '0' && s.charAt(k) <= '9') {
                k++;
                expDigits++;
            }
            if (expDigits == 0) {
                return null;
            }
            isFloat = true;
            j = k;
        }
        if (j != end) {
            return null;
        }
        String t = s.substring(i, end);
        if (!isFloat) {
            try {
                return Long.parseLong(t.startsWith("+") ? t.substring(1) : t);
            } catch (NumberFormatException overflow) {
                return Double.parseDouble(t);
            }
        }
        return Double.parseDouble(t);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\u000b' || c == '\f';
    }

    /** The number a value stands for in arithmetic; null when it has none (non-numeric text, lists, maps). */
    static Number numeric(Object v) {
        if (v instanceof Long || v instanceof Double || v instanceof BigDecimal) {
            return (Number) v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float) {
            return ((Float) v).doubleValue();
        }
        if (v instanceof java.math.BigInteger) {
            return new BigDecimal((java.math.BigInteger) v);
        }
        if (v instanceof String) {
            return parseNumeric((String) v);
        }
        if (v == null) {
            return 0L;
        }
        if (v instanceof Boolean) {
            return (Boolean) v ? 1L : 0L;
        }
        return null;
    }

    private static Number operand(Object v, String op) {
        Number n = numeric(v);
        if (n == null) {
            throw new ExpressionException("Unsupported operand for '" + op + "': " + describe(v)
                    + " is not a number", null);
        }
        return n;
    }

    /** A short, safe description of a value for error messages. */
    public static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String) {
            String s = (String) v;
            return "'" + (s.length() > 40 ? s.substring(0, 37) + "..." : s) + "'";
        }
        if (v instanceof List || v instanceof Collection) {
            return "a list";
        }
        if (v instanceof Map || v instanceof DataRecord) {
            return "a map";
        }
        return text(v);
    }

    private static Object normalizeResult(double d) {
        return d;
    }

    public static Object add(Object a, Object b) {
        Number x = operand(a, "+");
        Number y = operand(b, "+");
        if (x instanceof Long && y instanceof Long) {
            long l = (Long) x;
            long r = (Long) y;
            long s = l + r;
            if (((l ^ s) & (r ^ s)) < 0) {
                return (double) l + (double) r;
            }
            return s;
        }
        if (x instanceof BigDecimal || y instanceof BigDecimal) {
            if (x instanceof Double || y instanceof Double) {
                return x.doubleValue() + y.doubleValue();
            }
            return checkedSum(big(x), big(y), "+").add(big(y));
        }
        return normalizeResult(x.doubleValue() + y.doubleValue());
    }

    public static Object subtract(Object a, Object b) {
        Number x = operand(a, "-");
        Number y = operand(b, "-");
        if (x instanceof Long && y instanceof Long) {
            long l = (Long) x;
            long r = (Long) y;
            long d = l - r;
            if (((l ^ r) & (l ^ d)) < 0) {
                return (double) l - (double) r;
            }
            return d;
        }
        if ((x instanceof BigDecimal || y instanceof BigDecimal) && !(x instanceof Double || y instanceof Double)) {
            return checkedSum(big(x), big(y), "-").subtract(big(y));
        }
        return x.doubleValue() - y.doubleValue();
    }

    public static Object multiply(Object a, Object b) {
        Number x = operand(a, "*");
        Number y = operand(b, "*");
        if (x instanceof Long && y instanceof Long) {
            long l = (Long) x;
            long r = (Long) y;
            long hi = Math.multiplyHigh(l, r);
            long lo = l * r;
            if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) {
                return lo;
            }
            return (double) l * (double) r;
        }
        if ((x instanceof BigDecimal || y instanceof BigDecimal) && !(x instanceof Double || y instanceof Double)) {
            BigDecimal l = big(x);
            BigDecimal r = big(y);
            if ((long) l.precision() + r.precision() > MAX_DECIMAL_DIGITS
                    || Math.abs((long) l.scale() + r.scale()) > MAX_DECIMAL_DIGITS) {
                throw decimalTooLarge("*");
            }
            return l.multiply(r);
        }
        return x.doubleValue() * y.doubleValue();
    }

    public static Object divide(Object a, Object b) {
        Number x = operand(a, "/");
        Number y = operand(b, "/");
        if (isZero(y)) {
            throw new ExpressionException("Division by zero", null);
        }
        if (x instanceof Long && y instanceof Long) {
            long l = (Long) x;
            long r = (Long) y;
            if (r != -1 && l % r == 0) {
                return l / r;
            }
            return (double) l / (double) r;
        }
        if ((x instanceof BigDecimal || y instanceof BigDecimal) && !(x instanceof Double || y instanceof Double)) {
            return big(x).divide(big(y), MathContext.DECIMAL128);
        }
        return x.doubleValue() / y.doubleValue();
    }

    public static Object modulo(Object a, Object b) {
        long l = integer(operand(a, "%"));
        long r = integer(operand(b, "%"));
        if (r == 0) {
            throw new ExpressionException("Modulo by zero", null);
        }
        return r == -1 ? 0L : l % r;
    }

    public static Object power(Object a, Object b) {
        Number x = operand(a, "**");
        Number y = operand(b, "**");
        if (x instanceof Long && y instanceof Long && (Long) y >= 0) {
            // Square and multiply: a number of steps logarithmic in the exponent, so (-1) ** 9e18 is instant.
            // When the running square overflows while bits remain, the result would overflow too (|base| >= 2).
            long square = (Long) x;
            long exp = (Long) y;
            long result = 1;
            try {
                while (exp > 0) {
                    if ((exp & 1) == 1) {
                        result = Math.multiplyExact(result, square);
                    }
                    exp >>= 1;
                    if (exp > 0) {
                        square = Math.multiplyExact(square, square);
                    }
                }
                return result;
            } catch (ArithmeticException overflow) {
                // PHP turns an integer overflow into a float
            }
        }
        return Math.pow(x.doubleValue(), y.doubleValue());
    }

    public static Object negate(Object a) {
        Number x = operand(a, "-");
        if (x instanceof Long) {
            long l = (Long) x;
            if (l == Long.MIN_VALUE) {
                return -(double) l;
            }
            return -l;
        }
        if (x instanceof BigDecimal) {
            return ((BigDecimal) x).negate();
        }
        return -x.doubleValue();
    }

    public static Object plus(Object a) {
        Number n = operand(a, "+");
        return n;
    }

    public static Object bitwise(String op, Object a, Object b) {
        long l = integer(operand(a, op));
        long r = integer(operand(b, op));
        switch (op) {
            case "|":
                return l | r;
            case "&":
                return l & r;
            default:
                return l ^ r;
        }
    }

    /** PHP's (int) cast of a number: truncation toward zero. */
    static long integer(Number n) {
        if (n instanceof Long) {
            return (Long) n;
        }
        double d = n.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return 0;
        }
        return (long) d;
    }

    /**
     * The most digits a decimal result may have, and the largest scale. Decimals (from databases) are exact, so
     * repeated multiplication doubles their digits each time; without a bound a few variables that square the
     * previous one would need more memory than any machine has.
     */
    static final int MAX_DECIMAL_DIGITS = 100_000;

    /** Returns {@code l} when {@code l + r} stays within {@link #MAX_DECIMAL_DIGITS}. */
    private static BigDecimal checkedSum(BigDecimal l, BigDecimal r, String op) {
        long integerDigits = Math.max((long) l.precision() - l.scale(), (long) r.precision() - r.scale());
        long fractionDigits = Math.max((long) l.scale(), (long) r.scale());
        if (Math.abs(integerDigits) > MAX_DECIMAL_DIGITS || Math.abs(fractionDigits) > MAX_DECIMAL_DIGITS
                || integerDigits + fractionDigits > MAX_DECIMAL_DIGITS) {
            throw decimalTooLarge(op);
        }
        return l;
    }

    private static ExpressionException decimalTooLarge(String op) {
        return new ExpressionException("The result of '" + op + "' would be a decimal number of more than "
                + MAX_DECIMAL_DIGITS + " digits", null);
    }

    private static boolean isZero(Number n) {
        if (n instanceof BigDecimal) {
            return ((BigDecimal) n).signum() == 0;
        }
        return n.doubleValue() == 0.0;
    }

    private static BigDecimal big(Number n) {
        if (n instanceof BigDecimal) {
            return (BigDecimal) n;
        }
        if (n instanceof Long) {
            return BigDecimal.valueOf((Long) n);
        }
        return BigDecimal.valueOf(n.doubleValue());
    }

    /** {@code a ~ b}, refused when the result would exceed the text limit. */
    static String concat(Object a, Object b, ExpressionLimits limits) {
        String x = text(a, limits);
        String y = text(b, limits);
        limits.checkText((long) x.length() + y.length(), "'~'");
        return x.concat(y);
    }

    // ---- comparison ------------------------------------------------------------------------------------------

    /** PHP 8 loose equality ({@code ==}). */
    public static boolean looseEquals(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a instanceof String && b instanceof String) {
            if (a.equals(b)) {
                return true;
            }
            Number x = parseNumeric((String) a);
            Number y = x == null ? null : parseNumeric((String) b);
            return y != null && numericCompare(x, y) == 0;
        }
        Integer c = compareOrNull(a, b);
        return c != null && c == 0;
    }

    /** Strict identity ({@code ===}): same type and value; 1 and 1.0 are not identical. */
    public static boolean identical(Object a, Object b) {
        if (a instanceof Lookup) {
            a = ((Lookup) a).materialize();
        }
        if (b instanceof Lookup) {
            b = ((Lookup) b).materialize();
        }
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof Number && b instanceof Number) {
            boolean ai = a instanceof Long || a instanceof Integer;
            boolean bi = b instanceof Long || b instanceof Integer;
            if (ai != bi) {
                return false;
            }
            return numericCompare((Number) a, (Number) b) == 0;
        }
        if (a instanceof DataRecord) {
            a = ((DataRecord) a).asMap();
        }
        if (b instanceof DataRecord) {
            b = ((DataRecord) b).asMap();
        }
        if (a instanceof List && b instanceof List) {
            List<?> x = (List<?>) a;
            List<?> y = (List<?>) b;
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!identical(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map && b instanceof Map) {
            Map<?, ?> x = (Map<?, ?>) a;
            Map<?, ?> y = (Map<?, ?>) b;
            if (x.size() != y.size()) {
                return false;
            }
            Iterator<? extends Map.Entry<?, ?>> xi = x.entrySet().iterator();
            Iterator<? extends Map.Entry<?, ?>> yi = y.entrySet().iterator();
            while (xi.hasNext()) {
                Map.Entry<?, ?> ex = xi.next();
                Map.Entry<?, ?> ey = yi.next();
                if (!Objects.equals(ex.getKey(), ey.getKey()) || !identical(ex.getValue(), ey.getValue())) {
                    return false;
                }
            }
            return true;
        }
        return a.getClass() == b.getClass() && a.equals(b);
    }

    /**
     * PHP 8 ordering ({@code <=>}).
     *
     * @throws ExpressionException when the values cannot be ordered
     */
    public static int compare(Object a, Object b) {
        Integer c = compareOrNull(a, b);
        if (c == null) {
            throw new ExpressionException("Cannot compare " + describe(a) + " with " + describe(b), null);
        }
        return c;
    }

    private static Integer compareOrNull(Object a, Object b) {
        // Fast paths for what records hold most: text from files, longs from literals.
        if (a instanceof Long) {
            if (b instanceof Long) {
                return Long.compare((Long) a, (Long) b);
            }
        } else if (a instanceof String && b instanceof Long) {
            Number x = parseNumeric((String) a);
            if (x instanceof Long) {
                return Long.compare((Long) x, (Long) b);
            }
        }
        if (a instanceof Lookup) {
            a = ((Lookup) a).materialize();
        }
        if (b instanceof Lookup) {
            b = ((Lookup) b).materialize();
        }
        if (a instanceof DataRecord) {
            a = ((DataRecord) a).asMap();
        }
        if (b instanceof DataRecord) {
            b = ((DataRecord) b).asMap();
        }
        // null <=> string: null is ''
        if (a == null && b instanceof String) {
            return compareStrings("", (String) b);
        }
        if (b == null && a instanceof String) {
            return compareStrings((String) a, "");
        }
        // bool or null <=> anything: both as booleans
        if (a instanceof Boolean || b instanceof Boolean || a == null || b == null) {
            return Boolean.compare(truthy(a), truthy(b));
        }
        if (a instanceof String && b instanceof String) {
            return compareStrings((String) a, (String) b);
        }
        if (a instanceof Number && b instanceof Number) {
            return numericCompare((Number) a, (Number) b);
        }
        if (a instanceof Number && b instanceof String) {
            Number y = parseNumeric((String) b);
            return y != null ? numericCompare((Number) a, y) : Integer.signum(text(a).compareTo((String) b));
        }
        if (a instanceof String && b instanceof Number) {
            Number x = parseNumeric((String) a);
            return x != null ? numericCompare(x, (Number) b) : Integer.signum(((String) a).compareTo(text(b)));
        }
        if (a instanceof List && b instanceof List) {
            List<?> x = (List<?>) a;
            List<?> y = (List<?>) b;
            if (x.size() != y.size()) {
                return Integer.compare(x.size(), y.size());
            }
            for (int i = 0; i < x.size(); i++) {
                Integer c = compareOrNull(x.get(i), y.get(i));
                if (c == null || c != 0) {
                    return c;
                }
            }
            return 0;
        }
        if (a instanceof Map && b instanceof Map) {
            Map<?, ?> x = (Map<?, ?>) a;
            Map<?, ?> y = (Map<?, ?>) b;
            if (x.size() != y.size()) {
                return Integer.compare(x.size(), y.size());
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey())) {
                    return null;
                }
                Integer c = compareOrNull(e.getValue(), y.get(e.getKey()));
                if (c == null || c != 0) {
                    return c;
                }
            }
            return 0;
        }
        // A list or map is greater than any scalar.
        boolean aArray = a instanceof List || a instanceof Map;
        boolean bArray = b instanceof List || b instanceof Map;
        if (aArray != bArray) {
            return aArray ? 1 : -1;
        }
        return null;
    }

    private static int compareStrings(String a, String b) {
        Number x = parseNumeric(a);
        if (x != null) {
            Number y = parseNumeric(b);
            if (y != null) {
                return numericCompare(x, y);
            }
        }
        return Integer.signum(a.compareTo(b));
    }

    static int numericCompare(Number x, Number y) {
        if (x instanceof Long && y instanceof Long) {
            return Long.compare((Long) x, (Long) y);
        }
        if (x instanceof BigDecimal || y instanceof BigDecimal) {
            if (Double.isNaN(x.doubleValue()) || Double.isNaN(y.doubleValue())) {
                return 1;
            }
            return Integer.signum(big(x).compareTo(big(y)));
        }
        return Double.compare(x.doubleValue(), y.doubleValue()) > 0 ? 1
                : x.doubleValue() == y.doubleValue() ? 0 : x.doubleValue() < y.doubleValue() ? -1 : 1;
    }

    /** {@code needle in haystack}: loose membership in a list, or among a map's values. */
    public static boolean in(Object needle, Object haystack) {
        Collection<?> values;
        if (haystack instanceof Lookup) {
            haystack = ((Lookup) haystack).materialize();
        }
        if (haystack instanceof Collection) {
            values = (Collection<?>) haystack;
        } else if (haystack instanceof Map) {
            values = ((Map<?, ?>) haystack).values();
        } else if (haystack instanceof DataRecord) {
            values = ((DataRecord) haystack).asMap().values();
        } else {
            throw new ExpressionException("The right operand of 'in' must be a list or map, not "
                    + describe(haystack), null);
        }
        for (Object v : values) {
            if (looseEquals(needle, v)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code from..to}: the list of integers from {@code from} to {@code to}, inclusive, in either direction; refused
     * when it would have more items than the list limit.
     */
    static List<Object> range(Object from, Object to, ExpressionLimits limits) {
        long a = integer(operand(from, ".."));
        long b = integer(operand(to, ".."));
        // In doubles, so that Long.MIN_VALUE..Long.MAX_VALUE cannot overflow into a small size.
        double size = Math.abs((double) b - (double) a) + 1;
        if (size > limits.maxListSize()) {
            throw new ExpressionException("Range " + a + ".." + b + " is too large: the limit is "
                    + limits.maxListSize() + " items (maxListSize)", null);
        }
        java.util.ArrayList<Object> out = new java.util.ArrayList<>((int) size);
        long step = a <= b ? 1 : -1;
        for (long v = a; ; v += step) {
            out.add(v);
            if (v == b) {
                break;
            }
        }
        return java.util.Collections.unmodifiableList(out);
    }
}
