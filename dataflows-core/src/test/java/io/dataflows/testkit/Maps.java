package io.dataflows.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Ordered maps and lists of them for test data. */
public final class Maps {

    private Maps() {}

    /** An ordered map from alternating keys and values. */
    public static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    /** A mutable list of the given maps. */
    @SafeVarargs
    public static List<Map<String, Object>> list(Map<String, Object>... maps) {
        List<Map<String, Object>> list = new ArrayList<>(maps.length);
        for (Map<String, Object> map : maps) {
            list.add(map);
        }
        return list;
    }
}
