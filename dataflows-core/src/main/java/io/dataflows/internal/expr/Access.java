package io.dataflows.internal.expr;

import io.dataflows.DataRecord;
import io.dataflows.ExpressionException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Property and index access with strict "missing" reporting, shared by both evaluation paths. */
public final class Access {

    /** Marker for "no such variable or property" (different from a present {@code null}). */
    public static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "<missing>";
        }
    };

    private Access() {}

    /** The child {@code key} of {@code target}, or {@link #MISSING}. */
    public static Object get(Object target, Object key) {
        if (target instanceof DataRecord) {
            return ((DataRecord) target).getOrDefault(keyText(key), MISSING);
        }
        if (target instanceof Lookup) {
            return ((Lookup) target).lookup(keyText(key));
        }
        if (target instanceof Map) {
            Map<?, ?> map = (Map<?, ?>) target;
            String k = keyText(key);
            Object v = map.get(k);
            if (v == null && !map.containsKey(k)) {
                return MISSING;
            }
            return v;
        }
        if (target instanceof List) {
            List<?> list = (List<?>) target;
            Number n = key instanceof Number ? (Number) key
                    : key instanceof String ? Php.parseNumeric((String) key) : null;
            if (n == null || n.doubleValue() != Math.rint(n.doubleValue())) {
                return MISSING;
            }
            long i = n.longValue();
            return i >= 0 && i < list.size() ? list.get((int) i) : MISSING;
        }
        return MISSING;
    }

    private static String keyText(Object key) {
        return key instanceof String ? (String) key : Php.text(key);
    }

    /** Builds the error for a failed access; {@code path} is the source text of the access, e.g. {@code record.x}. */
    static ExpressionException missing(Object target, Object key, String path) {
        if (target == null) {
            return new ExpressionException("Cannot read '" + Php.text(key) + "' of null ('" + parentOf(path)
                    + "' is null)", null);
        }
        if (!(target instanceof Map || target instanceof Lookup || target instanceof DataRecord
                || target instanceof List)) {
            return new ExpressionException("Cannot read '" + Php.text(key) + "' of " + Php.describe(target)
                    + " ('" + parentOf(path) + "' is not a map or list)", null);
        }
        if (target instanceof NullAsUnset.View && ((NullAsUnset.View) target).holdsNull(key)) {
            return new ExpressionException("'" + path + "' is null, which lenient expressions treat as not set",
                    null);
        }
        if (target instanceof List) {
            return new ExpressionException("Unknown variable '" + path + "' (index " + Php.describe(key)
                    + " is out of range; the list has " + ((List<?>) target).size() + " items)", null);
        }
        return new ExpressionException("Unknown variable '" + path + "'" + known(target), null);
    }

    static String known(Object target) {
        Collection<String> keys;
        if (target instanceof DataRecord) {
            keys = ((DataRecord) target).fields();
        } else if (target instanceof Lookup) {
            keys = ((Lookup) target).keys();
        } else if (target instanceof Map) {
            keys = ((Map<?, ?>) target).keySet().stream().map(String::valueOf).collect(Collectors.toList());
        } else {
            return "";
        }
        if (keys.isEmpty()) {
            return " (it has no fields)";
        }
        String list = keys.stream().limit(20).collect(Collectors.joining(", "));
        return " (known: " + list + (keys.size() > 20 ? ", ..." : "") + ")";
    }

    private static String parentOf(String path) {
        int dot = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return dot > 0 ? path.substring(0, dot) : path;
    }
}
