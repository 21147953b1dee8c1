package io.dataflows.internal.util;

import io.dataflows.DataRecord;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Deep copies of JSON-like values. */
public final class JsonValues {

    private JsonValues() {}

    /** A mutable deep copy: maps become {@link LinkedHashMap}, lists {@link ArrayList}, records maps. */
    public static Object mutableCopy(Object v) {
        if (v instanceof DataRecord) {
            v = ((DataRecord) v).asValue();
        }
        if (v instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                out.put(String.valueOf(e.getKey()), mutableCopy(e.getValue()));
            }
            return out;
        }
        if (v instanceof List) {
            List<Object> out = new ArrayList<>();
            for (Object o : (List<?>) v) {
                out.add(mutableCopy(o));
            }
            return out;
        }
        return v;
    }

    /** An unmodifiable deep copy. */
    public static Object frozenCopy(Object v) {
        if (v instanceof DataRecord) {
            v = ((DataRecord) v).asValue();
        }
        if (v instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                out.put(String.valueOf(e.getKey()), frozenCopy(e.getValue()));
            }
            return Collections.unmodifiableMap(out);
        }
        if (v instanceof List) {
            List<Object> out = new ArrayList<>();
            for (Object o : (List<?>) v) {
                out.add(frozenCopy(o));
            }
            return Collections.unmodifiableList(out);
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
        return v;
    }
}
