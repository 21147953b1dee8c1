package io.dataflows.internal.definition;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.internal.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link SymfonyYaml} writes what Symfony Yaml 4.4 writes, as tool_dataflows calls it ({@code Yaml::dump($v, 5, 2,
 * DUMP_MULTI_LINE_LITERAL_BLOCK | DUMP_OBJECT_AS_MAP)}): every case in {@code symfony-yaml/cases.json} against
 * Symfony's own output, recorded in {@code symfony-yaml/expected.txt} by {@code symfony-yaml/dump.php} — quoting of
 * special strings, numbers against numeric strings, nulls and booleans, empty and nested maps and lists, multi-line
 * text, keys that need quotes and Unicode.
 */
class SymfonyYamlTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = SymfonyYamlTest.class.getResourceAsStream("/symfony-yaml/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The output Symfony wrote for each case, by case name. */
    private static Map<String, String> expected() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        String text = resource("expected.txt");
        int at = 0;
        while (at < text.length()) {
            int nameEnd = text.indexOf('\n', at);
            String name = text.substring(at + "=== ".length(), nameEnd);
            int end = text.indexOf("\n=== end\n", nameEnd);
            out.put(name, text.substring(nameEnd + 1, end));
            at = end + "\n=== end\n".length();
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Stream<Arguments> cases() throws IOException {
        Map<String, Object> cases = (Map<String, Object>) Json.read(resource("cases.json"));
        Map<String, String> expected = expected();
        assertThat(expected.keySet()).containsExactlyElementsOf(cases.keySet());
        return cases.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue(), expected.get(e.getKey())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void writesWhatSymfonyWrites(String name, Object value, String symfony) {
        assertThat(SymfonyYaml.dump(value, 5)).isEqualTo(symfony);
    }

    @Test
    void textWithControlCharactersIsEscapedTextNotBinary() {
        // Symfony takes such text for bytes and writes "!!binary Y3RybAE="; it is text here, and reads back as text.
        assertThat(SymfonyYaml.dump(Map.of("v", "ctrl\u0001"), 5)).isEqualTo("v: \"ctrl\\x01\"\n");
    }

    @Test
    void wholeDoublesHaveAFloatTagAsSymfonyWritesThem() {
        // Symfony Yaml 4.4: a float whose PHP text reads back as the same whole number is written "!!float <text>"
        // (tool_dataflows exports "!!float 3" for a 3.0 in a config or vars); other floats are their PHP text.
        Map<String, Object> doubles = new LinkedHashMap<>();
        doubles.put("one", 1.0);
        doubles.put("hundred", 100.0);
        doubles.put("big", 1e25);
        doubles.put("minus_zero", -0.0);
        doubles.put("half", 0.5);
        doubles.put("small", 1.5e-7);
        doubles.put("inexact", 12345678901234567.0);
        assertThat(SymfonyYaml.dump(doubles, 5)).isEqualTo("one: !!float 1\nhundred: !!float 100\n"
                + "big: !!float 1.0E+25\nminus_zero: !!float -0\nhalf: 0.5\nsmall: 1.5E-7\n"
                + "inexact: 1.2345678901235E+16\n");
    }
}
