package io.dataflows.steps;

import static io.dataflows.testkit.Maps.list;
import static io.dataflows.testkit.Maps.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.Problem;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepSpec;
import io.dataflows.testkit.ArraySource;
import io.dataflows.testkit.TestEngines;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamWriterStepTest {

    @TempDir
    Path dir;

    private final DataflowEngine engine = TestEngines.builder().permittedDirectory(Path.of("/tmp")).build();

    private static Dataflow writeFlow(List<Map<String, Object>> source, StepSpec writer) {
        return Dataflow.builder("writer")
                .step("reader", StepSpec.of(ArraySource.ID).with("source", source))
                .step("writer", writer).dependsOn("reader")
                .build();
    }

    private List<String> filesIn(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void aRelativeStreamNameWithoutABaseDirectoryIsRefusedRatherThanLostWithTheScratchDirectory() {
        Dataflow flow = writeFlow(list(map("a", 1)), Steps.streamWriter("out.json", "json").toStepSpec());

        assertThat(engine.validate(flow).messages()).containsExactly("Path \"out.json\" is relative, but no base "
                + "directory is set: the file would be written into the run's scratch directory and deleted with it. "
                + "Set a base directory (DataflowEngine.Builder.baseDirectory or RunOptions.Builder.baseDir), use an "
                + "absolute path, or write into the scratch directory on purpose: ${{ run.scratchdir }}/out.json");
        assertThat(engine.validate(flow).problemsOf("writer")).singleElement()
                .satisfies(p -> assertThat(p.field()).isEqualTo("config.streamname"));
    }

    @Test
    void anEngineWideBaseDirectoryReceivesRelativeStreams() {
        DataflowEngine withBase = TestEngines.builder().baseDirectory(dir).build();

        RunResult result = withBase.run(writeFlow(list(map("a", 1)), Steps.streamWriter("out.json", "json")
                .toStepSpec()));

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(JsonText.parseFile(dir.resolve("out.json"))).isEqualTo(JsonText.parse("[{\"a\":1}]"));
    }

    @Test
    void aStreamWrittenIntoTheScratchDirectoryOnPurposeCanBeReadByALaterStep() {
        Dataflow flow = Dataflow.builder("scratch")
                .step("reader", StepSpec.of(ArraySource.ID).with("source", list(map("a", 1), map("a", 2))))
                .step("writer", Steps.streamWriter("${{ run.scratchdir }}/mid.jsonl", "jsonl")).dependsOn("reader")
                .step("hash", Steps.connectorHashFile("${{ run.scratchdir }}/mid.jsonl", "md5")).dependsOn("writer")
                .build();

        assertThat(engine.validate(flow).messages()).isEmpty();
        RunResult result = engine.run(flow);

        assertThat(result.status()).as(result.error().orElse("")).isEqualTo(RunStatus.FINALISED);
        assertThat(result.variable("steps.hash.hash")).contains(md5("{\"a\":1}\n{\"a\":2}\n"));
    }

    private static String md5(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void prettyJsonEqualsPhpsPrettyPrintOfTheWholeArray() {
        Path out = dir.resolve("pretty.json");
        List<Map<String, Object>> source = list(map("a", 1, "b", 2, "c", 3), map("a", 4, "b", 5, "c", 6));

        RunResult result = engine.run(writeFlow(source, StepSpec.of("writer_stream").with("format", "json")
                .with("streamname", out.toString()).with("prettyprint", true)));

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(JsonText.read(out)).isEqualTo("[\n"
                + "    {\n"
                + "        \"a\": 1,\n"
                + "        \"b\": 2,\n"
                + "        \"c\": 3\n"
                + "    },\n"
                + "    {\n"
                + "        \"a\": 4,\n"
                + "        \"b\": 5,\n"
                + "        \"c\": 6\n"
                + "    }\n"
                + "]\n");
        assertThat(JsonText.parseFile(out))
                .isEqualTo(JsonText.parse("[{\"a\":1,\"b\":2,\"c\":3},{\"a\":4,\"b\":5,\"c\":6}]"));
    }

    @Test
    void aDryRunWritesNothingAndReportsTheWrite() throws IOException {
        Path out = Files.createFile(dir.resolve("dry.json"));
        List<Map<String, Object>> source = list(map("a", 1), map("b", 5), map("c", 6));

        RunResult result = engine.run(writeFlow(source, Steps.streamWriter(out.toString(), "json").toStepSpec()),
                RunOptions.builder().dryRun(true).build());

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(Files.size(out)).isZero();
        assertThat(result.effects()).extracting(Object::toString).containsExactly("writer: would write " + out);
        assertThat(filesIn(dir)).containsExactly("dry.json");
    }

    @Test
    void compactJsonSeparatesRecordsByCommaAndNewline() {
        Path out = dir.resolve("plain.json");
        List<Map<String, Object>> source = list(map("a", 1), map("b", 5), map("c", 7));

        engine.run(writeFlow(source, Steps.streamWriter(out.toString(), "json").toStepSpec())).orThrow();

        assertThat(JsonText.read(out)).isEqualTo("[\n{\"a\":1},\n{\"b\":5},\n{\"c\":7}\n]\n");
        assertThat(JsonText.parseFile(out)).isEqualTo(JsonText.parse("[{\"a\":1},{\"b\":5},{\"c\":7}]"));
    }

    @Test
    void anEmptyStreamWritesAValidEmptyJsonArray() {
        Path out = dir.resolve("empty.json");

        engine.run(writeFlow(list(), Steps.streamWriter(out.toString(), "json").toStepSpec())).orThrow();

        assertThat(JsonText.read(out)).isEqualTo("[\n\n]\n");
        assertThat(JsonText.parseFile(out)).isEqualTo(List.of());
    }

    @Test
    void jsonLinesWritesOneCompactObjectPerLine() {
        Path out = dir.resolve("out.jsonl");
        List<Map<String, Object>> source = list(map("name", "Zoë", "path", "a/b", "tags", List.of("x", "y")),
                map("name", "Ann \"A\"", "n", 2.5, "ok", false, "none", null));

        engine.run(writeFlow(source, Steps.streamWriter(out.toString(), "jsonl").prettyPrint(true).toStepSpec()))
                .orThrow();

        assertThat(JsonText.read(out)).isEqualTo("{\"name\":\"Zoë\",\"path\":\"a/b\",\"tags\":[\"x\",\"y\"]}\n"
                + "{\"name\":\"Ann \\\"A\\\"\",\"n\":2.5,\"ok\":false,\"none\":null}\n");
    }

    @Test
    void csvQuotesOnlyFieldsThatNeedItAsPhpFputcsvDoes() {
        Path out = dir.resolve("out.csv");
        List<Map<String, Object>> source = list(
                map("id", 1, "text", "plain text", "flag", true),
                map("id", 2, "text", "a, b", "flag", false),
                map("id", 3, "text", "say \"hi\"", "flag", null),
                map("id", 4, "text", "two\nlines", "flag", 1.5),
                map("id", 5, "text", "cr\rhere", "flag", "x"));

        engine.run(writeFlow(source, Steps.streamWriter(out.toString(), "csv").toStepSpec())).orThrow();

        assertThat(JsonText.read(out)).isEqualTo("id,text,flag\n"
                + "1,\"plain text\",1\n"
                + "2,\"a, b\",\n"
                + "3,\"say \"\"hi\"\"\",\n"
                + "4,\"two\nlines\",1.5\n"
                + "5,\"cr\rhere\",x\n");
    }

    /** PHP 8.2's fputcsv output, one field per line, for each of these values (produced with php-cli). */
    @Test
    void csvEnclosesFieldsWithSpacesTabsAndBackslashesAndLeavesAQuoteAfterABackslashUndoubledAsPhpFputcsv() {
        Path out = dir.resolve("php.csv");
        List<String> values = List.of("", " a", "b ", "a b", "x,y", "q\"q", "back\\slash", "bs\\\"q", "\\\\\"",
                "\\x\"", "a\"\\", "\"\\\"\"", "tab\tx", "cr\rx", "lf\nx", "plain", "a\\", "\"", "é ü", "x\u000by");
        List<Map<String, Object>> source = values.stream().map(v -> map("f", v)).collect(Collectors.toList());

        engine.run(writeFlow(source, Steps.streamWriter(out.toString(), "csv").toStepSpec())).orThrow();

        assertThat(JsonText.read(out)).isEqualTo("f\n"
                + "\n"
                + "\" a\"\n"
                + "\"b \"\n"
                + "\"a b\"\n"
                + "\"x,y\"\n"
                + "\"q\"\"q\"\n"
                + "\"back\\slash\"\n"
                + "\"bs\\\"q\"\n"
                + "\"\\\\\"\"\n"
                + "\"\\x\"\"\"\n"
                + "\"a\"\"\\\"\n"
                + "\"\"\"\\\"\"\"\"\n"
                + "\"tab\tx\"\n"
                + "\"cr\rx\"\n"
                + "\"lf\nx\"\n"
                + "plain\n"
                + "\"a\\\"\n"
                + "\"\"\"\"\n"
                + "\"é ü\"\n"
                + "x\u000by\n");
    }

    /** PHP quotes header names by the same rule as values. */
    @Test
    void csvHeaderNamesAreQuotedLikeValues() {
        Path out = dir.resolve("header.csv");

        engine.run(writeFlow(list(map("first name", "Ann", "id", 1)),
                Steps.streamWriter(out.toString(), "csv").toStepSpec())).orThrow();

        assertThat(JsonText.read(out)).isEqualTo("\"first name\",id\nAnn,1\n");
    }

    @Test
    void anEmptyCsvStreamWritesAnEmptyFile() {
        Path out = dir.resolve("empty.csv");

        engine.run(writeFlow(list(), Steps.streamWriter(out.toString(), "csv").toStepSpec())).orThrow();

        assertThat(JsonText.read(out)).isEmpty();
    }

    @Test
    void recordsPassThroughToTheNextStep() {
        Path out = dir.resolve("first.json");
        Dataflow flow = Dataflow.builder("chain")
                .step("reader", StepSpec.of(ArraySource.ID).with("source", list(map("a", 1), map("a", 2))))
                .step("first", Steps.streamWriter(out.toString(), "json")).dependsOn("reader")
                .step("second", Steps.streamWriter(dir.resolve("second.jsonl").toString(), "jsonl"))
                .dependsOn("first")
                .build();

        engine.run(flow).orThrow();

        assertThat(JsonText.read(dir.resolve("second.jsonl"))).isEqualTo("{\"a\":1}\n{\"a\":2}\n");
    }

    @Test
    void anAbortMidStreamLeavesNoPartialFile() throws IOException {
        Path out = dir.resolve("out.json");
        Dataflow flow = Dataflow.builder("abort")
                .step("reader", StepSpec.of(ArraySource.ID).with("source",
                        list(map("a", 1), map("a", 2), map("a", 3))))
                .step("writer", Steps.streamWriter(out.toString(), "json")).dependsOn("reader")
                .step("stop", Steps.flowAbort().when("record.a == 2")).dependsOn("writer")
                .build();

        RunResult result = engine.run(flow);

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(out).doesNotExist();
        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void anAbortMidStreamLeavesAnExistingTargetUntouched() throws IOException {
        Path out = JsonText.write(dir.resolve("out.json"), "previous content\n");
        Dataflow flow = Dataflow.builder("abort")
                .step("reader", StepSpec.of(ArraySource.ID).with("source", list(map("a", 1), map("a", 2))))
                .step("writer", Steps.streamWriter(out.toString(), "json")).dependsOn("reader")
                .step("stop", Steps.flowAbort().when("record.a == 2")).dependsOn("writer")
                .build();

        RunResult result = engine.run(flow);

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(JsonText.read(out)).isEqualTo("previous content\n");
        assertThat(filesIn(dir)).containsExactly("out.json");
    }

    @Test
    void aRunReplacesTheTargetInsteadOfAppending() {
        Path out = JsonText.write(dir.resolve("out.json"), "[\n{\"old\":true}\n]\n");

        engine.run(writeFlow(list(map("a", 1)), Steps.streamWriter(out.toString(), "json").toStepSpec()))
                .orThrow();

        assertThat(JsonText.read(out)).isEqualTo("[\n{\"a\":1}\n]\n");
    }

    @Test
    void aTargetOutsideThePermittedDirectoriesIsRefusedAndNothingIsWritten() {
        DataflowEngine strict = TestEngines.builder().build();
        Path out = dir.resolve("out.json");
        assertThat(strict.validate(writeFlow(list(map("a", 1)), Steps.streamWriter(out.toString(), "json")
                .toStepSpec())).messages()).containsExactly("Path \"" + out + "\" is not permitted.");

        RunResult result = strict.run(writeFlow(list(map("a", 1)),
                Steps.streamWriter("${{ '" + out + "' }}", "json").toStepSpec()));

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.error()).hasValueSatisfying(m -> assertThat(m)
                .contains("Path \"" + out + "\" is not permitted."));
        assertThat(out).doesNotExist();
    }

    @Test
    void validationReportsAnUnsupportedFormat() {
        Dataflow flow = writeFlow(list(), Steps.streamWriter("out.xml", "xml").toStepSpec());

        List<Problem> problems = engine.validate(flow, RunOptions.builder().baseDir(dir).build())
                .problemsOf("writer");
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("config.format");
            assertThat(p.message()).startsWith("The format 'xml' is not supported.");
        });
    }

    @Test
    void theDebuggingWriterPrintsOneJsonLinePerRecordToTheRunsOutput() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Dataflow flow = writeFlow(list(map("a", 1, "s", "é/x"), map("a", 2)), Steps.debugWriter());

        engine.run(flow, RunOptions.builder().output(new PrintStream(bytes, true, StandardCharsets.UTF_8)).build())
                .orThrow();

        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":1,\"s\":\"é/x\"}" + System.lineSeparator() + "{\"a\":2}" + System.lineSeparator());
    }
}
