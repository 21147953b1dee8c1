package io.dataflows.steps;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Copy-on-write helpers for the map-valued config fields of the typed step definitions. */
final class Maps {

    private Maps() {}

    /** A new unmodifiable map: {@code existing} (a map or null) plus {@code key → value}, order kept. */
    static Map<String, Object> plus(Object existing, String key, Object value) {
        if (key == null) {
            throw new NullPointerException("key");
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        if (existing instanceof Map) {
            ((Map<?, ?>) existing).forEach((k, v) -> copy.put(String.valueOf(k), v));
        }
        copy.put(key, value);
        return Collections.unmodifiableMap(copy);
    }
}
