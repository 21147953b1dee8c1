package io.dataflows.internal.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.DataRecord;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Json#write} gives the mapper's text for every value: plain trees take a shorter way (the streaming
 * generator), everything else the mapper's.
 */
class JsonTest {

    static List<Object> values() {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("dataflow", Map.of("name", "hello", "states", Map.of("processing", "2026-12-03T21:31:37.123Z")));
        run.put("run", new LinkedHashMap<>(Map.of("trigger", Map.of("type", "manual"))));
        run.put("nothing", null);
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("long", Long.MIN_VALUE);
        numbers.put("int", -7);
        numbers.put("short", (short) 12);
        numbers.put("byte", (byte) -3);
        numbers.put("double", 0.1);
        numbers.put("large", 1.0e20);
        numbers.put("small", 1.5e-7);
        numbers.put("negativeZero", -0.0);
        numbers.put("nan", Double.NaN);
        numbers.put("infinity", Double.NEGATIVE_INFINITY);
        numbers.put("float", 0.1f);
        numbers.put("decimal", new BigDecimal("1E+3"));
        numbers.put("decimalFraction", new BigDecimal("-12.500"));
        numbers.put("big", new BigInteger("123456789012345678901234567890"));
        return Arrays.asList(
                null, "", "text", true, false, 42L, 3.25,
                run, numbers,
                Map.of(), List.of(), new ArrayList<>(List.of(List.of(), Map.of("a", List.of(1, "b", true)))),
                new LinkedHashSet<>(List.of("x", "y")),
                "quotes \" back\\slash / tab\t newline\n nul\u0000 unit\u001f é € 😀 \ud800",
                Map.of("key \"quoted\"\n", "v"),
                // not plain: the mapper writes them
                Map.of(1, "integer key"), new TreeMap<>(Map.of(Boolean.TRUE, 1)), List.of(UUID.fromString("0b9c4d5e-1f2a-4b3c-8d4e-5f6a7b8c9d0e"), 'c', new AtomicInteger(5)),
                new int[] {1, 2}, Map.of("record", DataRecord.of("a", 1L)), List.of(Map.of("nested", new Object[0])));
    }

    @ParameterizedTest
    @MethodSource("values")
    void writesWhatTheMapperWrites(Object value) throws Exception {
        assertThat(Json.write(value)).isEqualTo(Json.mapper().writeValueAsString(value));
    }

    @Test
    void aMapWithANullKeyIsRefusedByTheMapper() {
        Map<Object, Object> nullKey = new HashMap<>();
        nullKey.put(null, 1);

        assertThatThrownBy(() -> Json.write(nullKey)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("Null key");
    }

    @Test
    void aTreeNestedTooDeeplyIsRefusedByTheMapper() {
        Object deep = "leaf";
        for (int i = 0; i < 1_200; i++) {
            deep = List.of(deep);
        }
        Object tree = deep;

        assertThatThrownBy(() -> Json.write(tree)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("nesting depth");
    }
}
