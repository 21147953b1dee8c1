package io.dataflows.steps;

import static io.dataflows.testkit.Maps.list;
import static io.dataflows.testkit.Maps.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepSpec;
import io.dataflows.testkit.ArraySource;
import io.dataflows.testkit.CollectingSink;
import io.dataflows.testkit.TestEngines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a careless flow gets wrong about its targets is found before anything is written: {@code writer_stream} to a
 * directory, to {@code .} or to {@code newdir/}, a format that is not one, a negative listing limit — by validation
 * when the value is static, and when the step starts otherwise.
 */
class WriteTargetChecksTest {

    @TempDir
    Path parent;

    private Path dir;
    private final DataflowEngine engine = TestEngines.builder().build();

    @BeforeEach
    void layout() throws IOException {
        dir = Files.createDirectories(parent.resolve("base"));
        Files.createDirectories(dir.resolve("existing"));
    }

    private RunOptions options() {
        return RunOptions.builder().baseDir(dir).build();
    }

    private static Dataflow writeTo(String streamname, Object format) {
        return Dataflow.builder("writer")
                .step("reader", StepSpec.of(ArraySource.ID).with("source", list(map("a", 1), map("a", 2))))
                .step("writer", StepSpec.of("writer_stream").with("streamname", streamname).with("format", format))
                .dependsOn("reader")
                .build();
    }

    private List<String> everything() throws IOException {
        try (Stream<Path> s = Files.walk(parent)) {
            return s.filter(p -> !p.equals(parent)).map(p -> parent.relativize(p).toString()).sorted()
                    .collect(Collectors.toList());
        }
    }

    @Test
    void anExistingDirectoryIsAValidationProblemWhenStatic() {
        assertThat(engine.validate(writeTo("existing", "json"), options()).messages())
                .containsExactly("Cannot write file \"" + dir.resolve("existing")
                        + "\": it is a directory (config 'streamname')");
    }

    @Test
    void aComputedDirectoryFailsWhenTheStreamOpensBeforeAnyRecordIsWritten() throws IOException {
        RunResult result = engine.run(writeTo("${{ 'exist' ~ 'ing' }}", "json"), options());

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.error()).contains("Step 'writer' (writer_stream) failed: Cannot write file \""
                + dir.resolve("existing") + "\": it is a directory (config 'streamname')");
        assertThat(result.step("writer").recordsIn()).isZero();
        assertThat(everything()).containsExactly("base", "base/existing");
    }

    @ParameterizedTest
    @ValueSource(strings = {".", "sub/..", "newdir/", "existing/", "sub/."})
    void aNameThatCanOnlyBeADirectoryIsRefusedStaticOrComputed(String streamname) throws IOException {
        String message = "Config 'streamname' is invalid. \"" + streamname
                + "\" names a directory; give the file to write.";

        assertThat(engine.validate(writeTo(streamname, "jsonl"), options()).messages()).containsExactly(message);
        RunResult result = engine.run(writeTo("${{ '" + streamname + "' }}", "jsonl"), options());

        assertThat(result.error()).contains("Step 'writer' (writer_stream) failed: " + message);
        assertThat(everything()).as("no file named newdir, no temporary file next to the base directory")
                .containsExactly("base", "base/existing");
    }

    @Test
    void aFormatThatIsNotTextIsAValidationProblem() {
        assertThat(engine.validate(writeTo("out.json", 5), options()).messages()).containsExactly(
                "The format '5' is not supported. Supported formats: json, jsonl, csv.");
    }

    @Test
    void filePutContentRefusesAPathEndingWithASlash() throws IOException {
        Dataflow flow = Dataflow.builder("put").step("put", StepSpec.of("connector_file_put_content")
                .with("path", "newdir/").with("content", "x")).build();
        Dataflow computed = Dataflow.builder("put").step("put", StepSpec.of("connector_file_put_content")
                .with("path", "${{ 'newdir/' }}").with("content", "x")).build();

        assertThat(engine.validate(flow, options()).messages()).containsExactly(
                "Config 'path' is invalid. \"newdir/\" names a directory; give the file to write.");
        assertThat(engine.run(computed, options()).error()).contains("Step 'put' (connector_file_put_content)"
                + " failed: Config 'path' is invalid. \"newdir/\" names a directory; give the file to write.");
        assertThat(everything()).containsExactly("base", "base/existing");
    }

    private static Dataflow listing(String type, StepSpec list) {
        Dataflow.Builder flow = Dataflow.builder("list").step("list", list);
        if (type.startsWith("reader_")) {
            flow = flow.step("sink", StepSpec.of(CollectingSink.ID)).dependsOn("list");
        }
        return flow.build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"connector_directory_file_list", "reader_directory_file_list"})
    void aNegativeLimitOrOffsetIsAValidationProblemAndAComputedOneFailsTheStep(String type) {
        Dataflow negative = listing(type, StepSpec.of(type).with("directory", ".").with("limit", -5)
                .with("offset", "-1"));
        Dataflow computed = listing(type, StepSpec.of(type).with("directory", ".").with("limit", "${{ 0 - 5 }}"));

        assertThat(engine.validate(negative, options()).messages()).containsExactly(
                "Config 'offset' is invalid. It must be at least 0.",
                "Config 'limit' is invalid. It must be at least 0.");
        assertThat(engine.run(computed, options()).error()).hasValueSatisfying(m -> assertThat(m)
                .startsWith("Step 'list' (" + type + ") failed")
                .endsWith(": Config 'limit' is invalid. It must be at least 0 (got -5)."));
    }
}
