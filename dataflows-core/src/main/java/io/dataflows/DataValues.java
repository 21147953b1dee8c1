package io.dataflows;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks and normalises the JSON-like values a {@link DataRecord} may hold. */
final class DataValues {

    private DataValues() {}

    /**
     * Returns {@code value} in its canonical form: integers as {@link Long}, floats as {@link Double},
     * {@link BigInteger} as {@link BigDecimal}, lists and maps as unmodifiable copies (maps keep their order).
     *
     * @param field used in the error message only
     * @throws IllegalArgumentException for any other type
     */
    static Object normalize(Object value, String field) {
        if (value == null || value instanceof String || value instanceof Long || value instanceof Boolean
                || value instanceof Double || value instanceof BigDecimal) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float) {
            return ((Float) value).doubleValue();
        }
        if (value instanceof BigInteger) {
            return new BigDecimal((BigInteger) value);
        }
        if (value instanceof CharSequence) {
            return value.toString();
        }
        if (value instanceof Character) {
            return value.toString();
        }
        if (value instanceof DataRecord) {
            return ((DataRecord) value).asValue();
        }
        if (value instanceof List) {
            List<?> list = (List<?>) value;
            if (isCanonicalList(list)) {
                return value;
            }
            List<Object> copy = new ArrayList<>(list.size());
            for (Object item : list) {
                copy.add(normalize(item, field));
            }
            return Collections.unmodifiableList(copy);
        }
        if (value instanceof Collection) {
            List<Object> copy = new ArrayList<>();
            for (Object item : (Collection<?>) value) {
                copy.add(normalize(item, field));
            }
            return Collections.unmodifiableList(copy);
        }
        if (value instanceof Object[]) {
            List<Object> copy = new ArrayList<>();
            for (Object item : (Object[]) value) {
                copy.add(normalize(item, field));
            }
            return Collections.unmodifiableList(copy);
        }
        if (value instanceof Map) {
            Map<?, ?> map = (Map<?, ?>) value;
            if (isCanonicalMap(map)) {
                return value;
            }
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (e.getKey() == null) {
                    throw new IllegalArgumentException("field '" + field + "' holds a map with a null key");
                }
                copy.put(String.valueOf(e.getKey()), normalize(e.getValue(), field));
            }
            return Collections.unmodifiableMap(copy);
        }
        throw new IllegalArgumentException("field '" + field + "' has a value of unsupported type "
                + value.getClass().getName()
                + " (records hold strings, booleans, numbers, lists, maps and null)");
    }

    private static final Class<?> UNMODIFIABLE_LIST = Collections.unmodifiableList(new ArrayList<>()).getClass();
    private static final Class<?> UNMODIFIABLE_RANDOM_LIST =
            Collections.unmodifiableList(new ArrayList<>(List.of(1))).getClass();
    private static final Class<?> UNMODIFIABLE_MAP = Collections.unmodifiableMap(new LinkedHashMap<>()).getClass();

    // A list/map we made ourselves is already canonical: avoid copying nested values again on every `with`.
    private static boolean isCanonicalList(List<?> list) {
        return list.getClass() == UNMODIFIABLE_LIST || list.getClass() == UNMODIFIABLE_RANDOM_LIST
                ? allCanonical(list) : false;
    }

    private static boolean allCanonical(Collection<?> values) {
        for (Object v : values) {
            if (!(v == null || v instanceof String || v instanceof Long || v instanceof Boolean
                    || v instanceof Double || v instanceof BigDecimal)) {
                if (v instanceof List && isCanonicalList((List<?>) v)) {
                    continue;
                }
                if (v instanceof Map && isCanonicalMap((Map<?, ?>) v)) {
                    continue;
                }
                return false;
            }
        }
        return true;
    }

    private static boolean isCanonicalMap(Map<?, ?> map) {
        if (map.getClass() != UNMODIFIABLE_MAP || map.size() > 64) {
            return false;
        }
        for (Object k : map.keySet()) {
            if (!(k instanceof String)) {
                return false;
            }
        }
        return allCanonical(map.values());
    }
}
