package io.dataflows.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.DataRecord;
import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepSpec;
import io.dataflows.testkit.CollectingSink;
import io.dataflows.testkit.TestKit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The readers refuse input they cannot read faithfully or that would exhaust memory, naming the file and where:
 * text that is not valid in its character set (never silently U+FFFD), a CSV row over {@code maxrowsize}, a JSON
 * document over {@code maxsize} or nested deeper than {@code maxdepth}.
 */
class ReaderInputLimitsTest {

    private final TestKit kit = new TestKit();

    @TempDir
    Path dir;

    private final DataflowEngine engine = kit.builder().build();

    private Path file(String name, byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        try {
            return Files.write(dir.resolve(name), out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private RunResult read(StepSpec reader) {
        return engine.run(Dataflow.builder("read").step("read", reader)
                .step("sink", StepSpec.of(CollectingSink.ID)).dependsOn("read").build(),
                RunOptions.builder().baseDir(dir).build());
    }

    private RunResult csv(Path file, Object... config) {
        StepSpec spec = StepSpec.of("reader_csv").with("path", file.getFileName().toString());
        for (int i = 0; i < config.length; i += 2) {
            spec = spec.with((String) config[i], config[i + 1]);
        }
        return read(spec);
    }

    /** The run failed in the reader with {@code message} (on whichever record the engine counted). */
    private static void assertFailed(RunResult result, String type, String message) {
        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.error()).hasValueSatisfying(m -> assertThat(m)
                .startsWith("Step 'read' (" + type + ") failed").endsWith(": " + message));
    }

    @ParameterizedTest(name = "delimiter {0}")
    @ValueSource(strings = {",", "§"})
    void invalidUtf8FailsNamingTheFileAndThePhysicalLine(String delimiter) {
        String d = delimiter;
        Path inRow = file("row.csv", utf8("id" + d + "name\n1" + d + "ok\n2" + d + "caf"), bytes(0xE9), utf8("\n"));
        Path inHeader = file("header.csv", utf8("id" + d + "n"), bytes(0xFF), utf8("me\n1" + d + "x\n"));
        Path inQuotedField = file("quoted.csv", utf8("id" + d + "text\n1" + d + "\"first line\nsecond "),
                bytes(0xC3, 0x28), utf8("\"\n"));
        Path cutShort = file("cut.csv", utf8("id" + d + "name\n1" + d + "ok\n"), bytes(0xE2, 0x82));

        assertFailed(csv(inRow, "delimiter", d), "reader_csv",
                "Line 3 is not valid UTF-8 (\"" + inRow + "\")");
        assertFailed(csv(inHeader, "delimiter", d), "reader_csv",
                "Line 1 is not valid UTF-8 (\"" + inHeader + "\")");
        assertFailed(csv(inQuotedField, "delimiter", d), "reader_csv",
                "Line 3 is not valid UTF-8 (\"" + inQuotedField + "\")");
        assertFailed(csv(cutShort, "delimiter", d), "reader_csv",
                "Line 3 is not valid UTF-8 (\"" + cutShort + "\")");
    }

    @Test
    void validTextIsReadAsItIsReplacementCharacterAndByteOrderMarkIncluded() {
        Path valid = file("valid.csv", bytes(0xEF, 0xBB, 0xBF), utf8("id,name\n1,caf\u00e9 \uFFFD \uD83D\uDE00\n"));

        assertThat(csv(valid).status()).isEqualTo(RunStatus.FINALISED);
        assertThat(kit.sink().records("sink")).containsExactly(DataRecord.of("id", "1", "name",
                "caf\u00e9 \uFFFD \uD83D\uDE00"));
    }

    @Test
    void anotherEncodingIsReadWhenConfiguredAndAnUnknownOneIsAValidationProblem() {
        Path latin = file("latin.csv", utf8("id,name\n1,caf"), bytes(0xE9), utf8("\n"));

        assertThat(csv(latin, "encoding", "windows-1252").status()).isEqualTo(RunStatus.FINALISED);
        assertThat(kit.sink().records("sink")).containsExactly(DataRecord.of("id", "1", "name", "caf\u00e9"));
        assertThat(engine.validate(Dataflow.builder("read").step("read", StepSpec.of("reader_csv")
                .with("path", "latin.csv").with("encoding", "klingon")).step("sink", StepSpec.of(CollectingSink.ID))
                .dependsOn("read").build()).messages())
                .containsExactly("Config 'encoding' is invalid. Unknown character set \"klingon\".");
    }

    @Test
    void aRowLongerThanTheLimitFailsNamingItsLine() {
        Path big = file("big.csv", utf8("id,text\n1,short\n2," + "x".repeat(100_000) + "\n3,short\n"));
        Path manyFields = file("fields.csv", utf8("a\n" + ",".repeat(50_000) + "\n"));

        assertFailed(csv(big, "maxrowsize", 10_000), "reader_csv",
                "Row #3 is longer than 10000 bytes (config 'maxrowsize') (\"" + big + "\")");
        assertFailed(csv(manyFields, "maxrowsize", 10_000), "reader_csv",
                "Row #2 is longer than 10000 bytes (config 'maxrowsize') (\"" + manyFields + "\")");
        kit.sink().reset();
        assertThat(csv(big).status()).as("within the default of 8 MiB").isEqualTo(RunStatus.FINALISED);
        assertThat(kit.sink().records("sink")).hasSize(3);
    }

    private RunResult json(Path file, Object... config) {
        StepSpec spec = StepSpec.of("reader_json").with("pathtojson", file.getFileName().toString());
        for (int i = 0; i < config.length; i += 2) {
            spec = spec.with((String) config[i], config[i + 1]);
        }
        return read(spec);
    }

    @Test
    void jsonNestedDeeperThanTheLimitFailsNamingIt() {
        Path deep = file("deep.json", utf8("[" + "[".repeat(600) + "]".repeat(600) + "]"));
        Path deepest = file("deepest.json", utf8("[{\"a\":" + "[".repeat(100_000)));

        assertFailed(json(deep), "reader_json", "The JSON file \"" + deep
                + "\" nests arrays and objects deeper than 512 levels (config 'maxdepth').");
        assertFailed(json(deepest, "maxdepth", 5), "reader_json", "The JSON file \""
                + deepest + "\" nests arrays and objects deeper than 5 levels (config 'maxdepth').");
        assertThat(json(deep, "maxdepth", 1000).status()).isEqualTo(RunStatus.FINALISED);
    }

    @Test
    void jsonLargerThanTheLimitFailsNamingIt() {
        Path large = file("large.json", utf8("[{\"text\":\"" + "x".repeat(20_000) + "\"}]"));

        assertFailed(json(large, "maxsize", 10_000), "reader_json", "The JSON file \""
                + large + "\" is larger than 10000 bytes (config 'maxsize').");
        assertThat(json(large).status()).isEqualTo(RunStatus.FINALISED);
    }

    @Test
    void jsonNumbersBeyondSixtyFourBitsKeepTheirValue() {
        Path numbers = file("numbers.json",
                utf8("[{\"big\":123456789012345678901234567890,\"neg\":-9223372036854775809}]"));

        RunResult result = json(numbers);
        assertThat(result.status()).as(result.error().orElse("")).isEqualTo(RunStatus.FINALISED);
        assertThat(kit.sink().records("sink")).extracting(r -> r.get("big"), r -> r.get("neg"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(new BigDecimal("123456789012345678901234567890"),
                        new BigDecimal("-9223372036854775809")));
    }

    @Test
    void invalidUtf8InJsonFailsNamingTheFileAndPosition() {
        Path bad = file("bad.json", utf8("[{\"name\":\"caf"), bytes(0xE9), utf8("\"}]"));

        assertThat(json(bad).error()).hasValueSatisfying(m -> assertThat(m)
                .startsWith("Step 'read' (reader_json) failed")
                .contains(": Invalid JSON, failed to decode JSON file \"" + bad + "\" at line 1, column")
                .contains("Invalid UTF-8"));
        assertThat(List.of(json(bad).status())).containsExactly(RunStatus.ABORTED);
    }
}
