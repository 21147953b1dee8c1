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
    void wholeDoublesKeepTheirPointInsteadOfAFloatTag() {
        // Symfony writes "!!float 1" and "!!float 1.0E+25"; "1.0" reads back as the same double without a tag.
        Map<String, Object> doubles = new LinkedHashMap<>();
        doubles.put("one", 1.0);
        doubles.put("hundred", 100.0);
        doubles.put("big", 1e25);
        assertThat(SymfonyYaml.dump(doubles, 5)).isEqualTo("one: 1.0\nhundred: 100.0\nbig: 1.0E+25\n");
    }
}
