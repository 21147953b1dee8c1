package io.dataflows.steps.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.DataRecord;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

    @Test
    void compactOutputHasNoSpacesAndKeepsUnicodeAndSlashesAsTheyAre() {
        DataRecord r = DataRecord.of("name", "Zoë / 東京", "n", 1, "ok", true, "none", null);

        assertThat(JsonWriter.compact(r)).isEqualTo("{\"name\":\"Zoë / 東京\",\"n\":1,\"ok\":true,\"none\":null}");
    }

    @Test
    void stringsEscapeOnlyQuotesBackslashesAndControlCharacters() {
        assertThat(JsonWriter.compact("a\"b\\c\nd\re\tf\u0001g\u007f"))
                .isEqualTo("\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\u007f\"");
    }

    @Test
    void numbersPrintAsPhpJsonEncodeDoes() {
        assertThat(JsonWriter.compact(List.of(1L, 1.0, 0.1, 2.5, -3.0, 1e15, 1e25, 1.5e-7, 0.0001)))
                .isEqualTo("[1,1.0,0.1,2.5,-3.0,1.0e+15,1.0e+25,1.5e-7,0.0001]");
        assertThat(JsonWriter.compact(new BigDecimal("12.50"))).isEqualTo("12.50");
    }

    @Test
    void notANumberCannotBeWritten() {
        assertThatThrownBy(() -> JsonWriter.compact(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN");
    }

    @Test
    void prettyPrintingIndentsWithFourSpacesLikePhp() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", 1L);
        m.put("list", List.of(1L, 2L));
        m.put("empty", List.of());
        m.put("obj", Map.of());
        m.put("nested", Map.of("x", "y"));

        assertThat(JsonWriter.pretty(m)).isEqualTo("{\n"
                + "    \"a\": 1,\n"
                + "    \"list\": [\n"
                + "        1,\n"
                + "        2\n"
                + "    ],\n"
                + "    \"empty\": [],\n"
                + "    \"obj\": {},\n"
                + "    \"nested\": {\n"
                + "        \"x\": \"y\"\n"
                + "    }\n"
                + "}");
    }
}
