package io.dataflows.steps.internal.host;

import io.dataflows.DataflowException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a host function returned, in the engine's JSON-like values: null, {@link Boolean}, {@link Long},
 * {@link Double}, {@link BigDecimal}, {@link String}, and lists and maps of those (other integer and float types,
 * {@link BigInteger} and other character sequences converted; map keys as text).
 */
final class HostResult {

    private HostResult() {}

    /**
     * @param function the function's name, for the message
     * @throws DataflowException naming the function and the type when the value holds anything else
     */
    static Object normalize(Object value, String function) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
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
        if (value instanceof List) {
            List<Object> out = new ArrayList<>();
            for (Object v : (List<?>) value) {
                out.add(normalize(v, function));
            }
            return Collections.unmodifiableList(out);
        }
        if (value instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                if (e.getKey() == null) {
                    throw new DataflowException("Host function '" + function + "' returned a map with a null key.");
                }
                out.put(String.valueOf(e.getKey()), normalize(e.getValue(), function));
            }
            return Collections.unmodifiableMap(out);
        }
        throw new DataflowException("Host function '" + function + "' returned a value of unsupported type "
                + value.getClass().getName() + " (results are null, booleans, numbers, text, lists and maps).");
    }
}
