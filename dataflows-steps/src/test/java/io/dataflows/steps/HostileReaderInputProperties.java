package io.dataflows.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepSpec;
import io.dataflows.testkit.CollectingSink;
import io.dataflows.testkit.TestEngines;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile input for the readers: arbitrary bytes and text, and valid CSV and JSON broken on purpose (unbalanced
 * quotes and brackets, huge fields, deep nesting, invalid UTF-8, NULs, byte order marks in odd places, numbers
 * beyond 64 bits), read by {@code reader_csv} and {@code reader_json} in a real engine, with the default limits and
 * with small ones. Every run ends — a hang guard stops one that does not — either finalised or aborted with a step
 * error naming the reader; nothing escapes {@code engine.run}, and no {@link Error} is behind a failure.
 */
class HostileReaderInputProperties {

    private static DataflowEngine engine;
    private static Path dir;
    private static int counter;

    @BeforeContainer
    static void start() throws IOException {
        engine = TestEngines.builder().build();
        dir = Files.createTempDirectory("hostile-input");
    }

    @AfterContainer
    static void stop() throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Reads {@code content} with the reader, and checks that the run ended as documented. */
    private static void assertReadEndsCleanly(String type, String pathField, byte[] content,
            Map<String, Object> limits) throws IOException {
        Path file = Files.write(dir.resolve("input-" + (counter++) + (type.equals("reader_csv") ? ".csv" : ".json")),
                content);
        StepSpec reader = StepSpec.of(type).with(pathField, file.getFileName().toString());
        for (Map.Entry<String, Object> e : limits.entrySet()) {
            reader = reader.with(e.getKey(), e.getValue());
        }
        Dataflow flow = Dataflow.builder("hostile").step("read", reader)
                .step("sink", StepSpec.of(CollectingSink.ID)).dependsOn("read").build();

        RunResult result = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> engine.run(flow, RunOptions.builder().baseDir(dir).build()), "the run hung");

        Files.delete(file);
        assertThat(result.status()).isIn(RunStatus.FINALISED, RunStatus.ABORTED);
        if (result.status() == RunStatus.ABORTED) {
            assertThat(result.error()).hasValueSatisfying(m -> assertThat(m)
                    .startsWith("Step 'read' (" + type + ") failed")
                    .doesNotContain("Exception", "Error:", "java.", "com.fasterxml", "`"));
            for (Throwable t = result.failure().orElseThrow(); t != null; t = t.getCause()) {
                assertThat(t).as("the cause of a step failure").isNotInstanceOf(Error.class);
            }
        }
    }

    // ---- CSV ---------------------------------------------------------------------------------------------------

    @Property(tries = 100)
    void arbitraryBytesAsCsv(@ForAll("bytes") byte[] content, @ForAll("csvLimits") Map<String, Object> limits)
            throws IOException {
        assertReadEndsCleanly("reader_csv", "path", content, limits);
    }

    @Property(tries = 75)
    void arbitraryTextAsCsv(@ForAll("text") String content, @ForAll("csvLimits") Map<String, Object> limits)
            throws IOException {
        assertReadEndsCleanly("reader_csv", "path", content.getBytes(StandardCharsets.UTF_8), limits);
    }

    @Property(tries = 150)
    void brokenCsv(@ForAll("brokenCsv") byte[] content, @ForAll("csvLimits") Map<String, Object> limits)
            throws IOException {
        assertReadEndsCleanly("reader_csv", "path", content, limits);
    }

    @Provide
    Arbitrary<Map<String, Object>> csvLimits() {
        return Arbitraries.of(Map.of(), Map.of("maxrowsize", 64), Map.of("continueonerror", true),
                Map.of("delimiter", ";", "maxrowsize", 1000), Map.of("delimiter", "§"),
                Map.of("encoding", "ISO-8859-1"), Map.of("headers", "a,b", "overwriteheaders", true));
    }

    /** A CSV text of fields with delimiters, quotes, line breaks and non-ASCII characters, quoted as it should be. */
    @Provide
    Arbitrary<String> validCsv() {
        Arbitrary<String> field = Arbitraries.strings().withChars("ab ,;\"\n\r\té€\uD83D\uDE00x0").ofMaxLength(8)
                .map(HostileReaderInputProperties::quoted);
        Arbitrary<String> row = field.list().ofMinSize(1).ofMaxSize(5).map(fields -> String.join(",", fields));
        return row.list().ofMaxSize(6).map(rows -> String.join("\n", rows) + "\n");
    }

    private static String quoted(String field) {
        return field.matches("[^,;\"\r\n]*") ? field : "\"" + field.replace("\"", "\"\"") + "\"";
    }

    @Provide
    Arbitrary<byte[]> brokenCsv() {
        return mutated(validCsv(), List.of(bytes("\""), bytes("\"\""), bytes(","), bytes(",,,,,,,,"), bytes("\n"),
                bytes("\r"), bytes("\u0000"), new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xC3}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, bytes("x".repeat(5000)),
                bytes("\"" + "y".repeat(3000)), bytes("a,b\n1,2\n")));
    }

    // ---- JSON --------------------------------------------------------------------------------------------------

    @Property(tries = 100)
    void arbitraryBytesAsJson(@ForAll("bytes") byte[] content, @ForAll("jsonLimits") Map<String, Object> limits)
            throws IOException {
        assertReadEndsCleanly("reader_json", "pathtojson", content, limits);
    }

    @Property(tries = 75)
    void arbitraryTextAsJson(@ForAll("text") String content, @ForAll("jsonLimits") Map<String, Object> limits)
            throws IOException {
        assertReadEndsCleanly("reader_json", "pathtojson", content.getBytes(StandardCharsets.UTF_8), limits);
    }

    @Property(tries = 150)
    void brokenJson(@ForAll("brokenJson") byte[] content, @ForAll("jsonLimits") Map<String, Object> limits)
            throws IOException {
        assertReadEndsCleanly("reader_json", "pathtojson", content, limits);
    }

    @Provide
    Arbitrary<Map<String, Object>> jsonLimits() {
        return Arbitraries.of(Map.of(), Map.of("maxdepth", 3), Map.of("maxsize", 200),
                Map.of("arrayexpression", "a.0"), Map.of("arraysortexpression", "a", "sortorder", "desc"));
    }

    /** A JSON document of arrays, objects, strings and numbers, a few levels deep. */
    @Provide
    Arbitrary<String> validJson() {
        return json(3).map(v -> v.startsWith("[") || v.startsWith("{") ? v : "[" + v + "]");
    }

    private static Arbitrary<String> json(int depth) {
        Arbitrary<String> scalar = Arbitraries.oneOf(
                Arbitraries.strings().withChars("ab\"\\/é\u0001\uD83D\uDE00").ofMaxLength(6)
                        .map(s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\u0001", "\\u0001")
                                + "\""),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf).filter(s -> !s.contains("Infinity") && !s.contains("NaN")),
                Arbitraries.of("true", "false", "null", "123456789012345678901234567890", "-1e999", "1E400", "-0"));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<String> inner = Arbitraries.lazy(() -> json(depth - 1));
        Arbitrary<String> array = inner.list().ofMaxSize(4).map(items -> "[" + String.join(",", items) + "]");
        Arbitrary<String> object = Combinators.combine(Arbitraries.strings().alpha().ofMaxLength(3), inner)
                .as((k, v) -> "\"" + k + "\":" + v).list().ofMaxSize(4)
                .map(members -> "{" + String.join(",", members) + "}");
        return Arbitraries.oneOf(scalar, array, object);
    }

    @Provide
    Arbitrary<byte[]> brokenJson() {
        return mutated(validJson(), List.of(bytes("["), bytes("]"), bytes("{"), bytes("}"), bytes("\""), bytes(","),
                bytes(":"), bytes("\u0000"), new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xC3}, bytes("[".repeat(3000)),
                bytes("{\"a\":".repeat(1000)), bytes("9".repeat(2000)), bytes("1e99999"),
                bytes("\"" + "z".repeat(5000) + "\""), bytes("NaN"), bytes("// comment\n"), bytes("] trailing")));
    }

    // ---- shared ------------------------------------------------------------------------------------------------

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
    }

    @Provide
    Arbitrary<String> text() {
        return Arbitraries.strings().all().ofMaxLength(300);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** One mutation of a byte text: insert a hostile token, delete a range, or cut the text short. */
    private record Mutation(int kind, double at, double length, int token) {}

    /** {@code valid} texts changed by one to five mutations made of {@code tokens}. */
    private static Arbitrary<byte[]> mutated(Arbitrary<String> valid, List<byte[]> tokens) {
        Arbitrary<Mutation> mutation = Combinators.combine(Arbitraries.integers().between(0, 3),
                Arbitraries.doubles().between(0, 1), Arbitraries.doubles().between(0, 1),
                Arbitraries.integers().between(0, tokens.size() - 1)).as(Mutation::new);
        return Combinators.combine(valid, mutation.list().ofMinSize(1).ofMaxSize(5)).as((text, mutations) -> {
            byte[] b = bytes(text);
            for (Mutation m : mutations) {
                b = apply(b, m, tokens);
            }
            return b;
        });
    }

    private static byte[] apply(byte[] b, Mutation m, List<byte[]> tokens) {
        int at = (int) (m.at() * b.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (m.kind()) {
            case 0: // delete a range
                int end = Math.min(b.length, at + (int) (m.length() * 20));
                out.write(b, 0, at);
                out.write(b, end, b.length - end);
                break;
            case 1: // cut short
                out.write(b, 0, at);
                break;
            default: // insert a token
                out.write(b, 0, at);
                out.writeBytes(tokens.get(m.token()));
                out.write(b, at, b.length - at);
        }
        return out.toByteArray();
    }
}
