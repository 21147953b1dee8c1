package io.dataflows.steps.internal;

import io.dataflows.DataRecord;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * PHP 8 loose equality ({@code ==}), the comparison expressions use for {@code ==}:
 * <ul>
 *   <li>null or a boolean against anything: both as booleans (PHP truthiness), except null against a string, which
 *       is {@code '' == string};
 *   <li>two numbers: numerically ({@code 1 == 1.0});
 *   <li>a number and a numeric string: numerically ({@code '1' == 1}, {@code '1e1' == 10}); a number and any other
 *       string: as strings ({@code 'abc' == 0} is false, as in PHP 8);
 *   <li>two strings: equal text, or both numeric and numerically equal ({@code '10' == '1e1'});
 *   <li>lists: same size and loosely equal elements in order; maps: same keys with loosely equal values.
 * </ul>
 * Stateless and thread-safe.
 */
public final class PhpEquality {

    private PhpEquality() {}

    /** {@code a == b} in PHP 8. */
    public static boolean looseEquals(Object a, Object b) {
        if (a instanceof DataRecord) {
            a = ((DataRecord) a).asMap();
        }
        if (b instanceof DataRecord) {
            b = ((DataRecord) b).asMap();
        }
        if (a == b) {
            return true;
        }
        if (a == null && b instanceof String) {
            return ((String) b).isEmpty();
        }
        if (b == null && a instanceof String) {
            return ((String) a).isEmpty();
        }
        if (a == null || b == null || a instanceof Boolean || b instanceof Boolean) {
            return truthy(a) == truthy(b);
        }
        if (a instanceof String && b instanceof String) {
            if (a.equals(b)) {
                return true;
            }
            Number x = parseNumeric((String) a);
            Number y = x == null ? null : parseNumeric((String) b);
            return y != null && numericEquals(x, y);
        }
        if (a instanceof Number && b instanceof Number) {
            return numericEquals((Number) a, (Number) b);
        }
        if (a instanceof Number && b instanceof String) {
            Number y = parseNumeric((String) b);
            return y != null ? numericEquals((Number) a, y) : PhpText.of(a).equals(b);
        }
        if (a instanceof String && b instanceof Number) {
            return looseEquals(b, a);
        }
        if (a instanceof List && b instanceof List) {
            List<?> x = (List<?>) a;
            List<?> y = (List<?>) b;
            if (x.size() != y.size()) {
                return false;
            }
            Iterator<?> xi = x.iterator();
            Iterator<?> yi = y.iterator();
            while (xi.hasNext()) {
                if (!looseEquals(xi.next(), yi.next())) {
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
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !looseEquals(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** PHP truthiness: false, null, 0, 0.0, '', '0', empty list or map are false; everything else is true. */
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
        if (v instanceof BigDecimal) {
            return ((BigDecimal) v).signum() != 0;
        }
        if (v instanceof Number) {
            return ((Number) v).doubleValue() != 0.0;
        }
        if (v instanceof java.util.Collection) {
            return !((java.util.Collection<?>) v).isEmpty();
        }
        if (v instanceof Map) {
            return !((Map<?, ?>) v).isEmpty();
        }
        if (v instanceof DataRecord) {
            return !((DataRecord) v).isEmpty();
        }
        return true;
    }

    private static boolean numericEquals(Number x, Number y) {
        if ((x instanceof Long || x instanceof Integer) && (y instanceof Long || y instanceof Integer)) {
            return x.longValue() == y.longValue();
        }
        if (x instanceof BigDecimal || y instanceof BigDecimal) {
            double dx = x.doubleValue();
            double dy = y.doubleValue();
            if (Double.isNaN(dx) || Double.isNaN(dy) || Double.isInfinite(dx) || Double.isInfinite(dy)) {
                return dx == dy;
            }
            return big(x).compareTo(big(y)) == 0;
        }
        return x.doubleValue() == y.doubleValue();
    }

    private static BigDecimal big(Number n) {
        if (n instanceof BigDecimal) {
            return (BigDecimal) n;
        }
        if (n instanceof Long || n instanceof Integer) {
            return BigDecimal.valueOf(n.longValue());
        }
        return new BigDecimal(n.doubleValue());
    }

    /**
     * Parses a PHP numeric string: optional surrounding whitespace, sign, digits with an optional fraction and
     * exponent.
     *
     * @return a Long or a Double, or null when {@code s} is not numeric
     */
    static Number parseNumeric(String s) {
        int n = s.length();
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
        while (j < end && s.charAt(j) >= '0' && s.charAt(j) <= '9') {
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
}
