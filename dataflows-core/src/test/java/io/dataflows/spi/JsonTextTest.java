package io.dataflows.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.DataRecord;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTextTest {

    @Test
    void compactOutputHasNoSpacesAndKeepsUnicodeAndSlashesAsTheyAre() {
        DataRecord r = DataRecord.of("name", "Zoë / 東京", "n", 1, "ok", true, "none", null);

        assertThat(JsonText.compact(r)).isEqualTo("{\"name\":\"Zoë / 東京\",\"n\":1,\"ok\":true,\"none\":null}");
    }

    @Test
    void stringsEscapeOnlyQuotesBackslashesAndControlCharacters() {
        assertThat(JsonText.compact("a\"b\\c\nd\re\tf\u0001g\u007f"))
                .isEqualTo("\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\u007f\"");
        // every control character: the short forms, else a six-character escape with lower-case hex digits, as PHP
        StringBuilder all = new StringBuilder();
        StringBuilder expected = new StringBuilder("\"");
        for (char c = 0; c < 0x20; c++) {
            all.append(c);
            expected.append(switch (c) {
                case '\b' -> "\\b";
                case '\t' -> "\\t";
                case '\n' -> "\\n";
                case '\f' -> "\\f";
                case '\r' -> "\\r";
                default -> String.format("\\u%04x", (int) c);
            });
        }
        assertThat(JsonText.compact(all.toString())).isEqualTo(expected.append('"').toString())
                .contains("\\u001f", "\\u000b");
    }

    @Test
    void numbersPrintAsPhpJsonEncodeDoes() {
        assertThat(JsonText.compact(List.of(1L, 1.0, 0.1, 2.5, -3.0, 1e15, 1e25, 1.5e-7, 0.0001)))
                .isEqualTo("[1,1.0,0.1,2.5,-3.0,1.0e+15,1.0e+25,1.5e-7,0.0001]");
        assertThat(JsonText.compact(new BigDecimal("12.50"))).isEqualTo("12.50");
    }

    @Test
    void notANumberCannotBeWritten() {
        assertThatThrownBy(() -> JsonText.compact(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
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

        assertThat(JsonText.pretty(m)).isEqualTo("{\n"
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

    @Test
    void recordsAndExpressionsWriteTheSameTextAsTheStreamWriter() throws Exception {
        DataRecord r = DataRecord.of("big", 1e25, "s", "a/é\u0001", "d", new BigDecimal("1E+3"));
        java.io.StringWriter streamed = new java.io.StringWriter();
        JsonText.Output out = JsonText.output(streamed, false, 0);
        out.value(r);
        out.flush();

        assertThat(r.toJson()).isEqualTo("{\"big\":1.0e+25,\"s\":\"a/é\\u0001\",\"d\":1000}")
                .isEqualTo(JsonText.compact(r)).isEqualTo(streamed.toString());
    }

    @Test
    void fieldNamesOfEveryKindAreEscapedAsValuesAreInEveryRecordOfAStream() throws Exception {
        // printable ASCII names (with a quote, a backslash, a slash) are encoded once per layout; names with a
        // control or non-ASCII character the usual way; both must give what a value's escaping gives
        DataRecord plain = DataRecord.of("a\"b", 1, "c\\d", 2, "e/f g", 3);
        DataRecord other = DataRecord.of("ü", 4, "tab\tx", 5, "\u001f", 6);
        String plainJson = "{\"a\\\"b\":1,\"c\\\\d\":2,\"e/f g\":3}";
        String otherJson = "{\"ü\":4,\"tab\\tx\":5,\"\\u001f\":6}";
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        JsonText.Output out = JsonText.output(bytes, false, 0);
        for (int i = 0; i < 3; i++) {
            for (DataRecord r : List.of(plain, other, DataRecord.of("nested", plain))) {
                out.value(r);
                out.raw("\n");
            }
        }
        out.flush();

        String lines = String.join("\n", plainJson, otherJson, "{\"nested\":" + plainJson + "}") + "\n";
        assertThat(bytes.toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(lines.repeat(3));
        assertThat(JsonText.compact(plain)).isEqualTo(plainJson);
        assertThat(JsonText.compact(other)).isEqualTo(otherJson);
        assertThat(JsonText.pretty(plain)).isEqualTo("{\n    \"a\\\"b\": 1,\n    \"c\\\\d\": 2,\n    \"e/f g\": 3\n}");
    }

    @Test
    void aStreamOfManyLayoutsWritesEachRecordsOwnNames() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        JsonText.Output out = JsonText.output(bytes, false, 0);
        StringBuilder expected = new StringBuilder();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 100; i++) { // more layouts than an output keeps encoded names for
                out.value(DataRecord.of("f" + i, i, "g", round));
                out.raw("\n");
                expected.append("{\"f").append(i).append("\":").append(i).append(",\"g\":").append(round)
                        .append("}\n");
            }
        }
        out.flush();

        assertThat(bytes.toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(expected.toString());
    }

    @Test
    void aLimitedTextStopsAtTheLimit() {
        List<String> big = java.util.Collections.nCopies(1000, "x".repeat(1000));
        assertThat(JsonText.compact(List.of("ab"), 6)).contains("[\"ab\"]");
        assertThat(JsonText.compact(List.of("ab"), 5)).isEmpty();
        assertThat(JsonText.compact(java.util.Collections.nCopies(1_000_000, big), 10_000)).isEmpty();
    }

    @Test
    void valuesNestedTooDeeplyAreRefused() {
        Object v = 1L;
        for (int i = 0; i < 1500; i++) {
            v = List.of(v);
        }
        Object deep = v;
        assertThatThrownBy(() -> JsonText.compact(deep)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot write the value as JSON: ");
    }

    @Test
    void otherObjectsAreNotJson() {
        assertThatThrownBy(() -> JsonText.compact(List.of(new Object()))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot write a java.lang.Object as JSON");
    }
}
