package io.dataflows.internal.definition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed value with the line and column where it starts. Maps hold {@code Map<String, Located>}, lists
 * {@code List<Located>}; scalars are String, Long, Double, BigDecimal, Boolean or null.
 */
record Located(Object value, int line, int column) {

    boolean isMap() {
        return value instanceof Map;
    }

    @SuppressWarnings("unchecked")
    Map<String, Located> map() {
        return (Map<String, Located>) value;
    }

    @SuppressWarnings("unchecked")
    List<Located> list() {
        return (List<Located>) value;
    }

    /** The value without locations. */
    Object plain() {
        if (value instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map().forEach((k, v) -> out.put(k, v.plain()));
            return out;
        }
        if (value instanceof List) {
            List<Object> out = new ArrayList<>();
            list().forEach(v -> out.add(v.plain()));
            return out;
        }
        return value;
    }
}
