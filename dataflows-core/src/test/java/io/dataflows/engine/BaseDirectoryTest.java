package io.dataflows.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.DataflowValidationException;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepSpec;
import io.dataflows.testkit.TestConnector;
import io.dataflows.testkit.TestEngines;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No output vanishes with the scratch directory: where relative paths go with and without a base directory. */
class BaseDirectoryTest {

    private static final String REFUSED = "Path \"out.txt\" is relative, but no base directory is "
            + "set: the file would be written into the run's scratch directory and deleted with it. Set a base "
            + "directory (DataflowEngine.Builder.baseDirectory or RunOptions.Builder.baseDir), use an absolute path, "
            + "or write into the scratch directory on purpose: ${{ run.scratchdir }}/out.txt";

    @TempDir
    Path dir;

    private static Dataflow writing(String path) {
        return Dataflow.builder("writes").start("a", StepSpec.of(TestConnector.ID).with("path", path)).build();
    }

    @Test
    void withoutABaseDirectoryARelativePathToWriteIsAValidationProblem() {
        DataflowEngine engine = TestEngines.builder().build();

        assertThat(engine.baseDirectory()).isEmpty();
        assertThat(engine.validate(writing("out.txt")).messages()).containsExactly(REFUSED);
        assertThat(engine.validate(writing("out.txt"), RunOptions.defaults()).problemsOf("a")).singleElement()
                .satisfies(p -> assertThat(p.field()).isEqualTo("config.path"));
        assertThatThrownBy(() -> engine.run(writing("out.txt")))
                .isInstanceOf(DataflowValidationException.class)
                .hasMessageContaining(REFUSED);
    }

    @Test
    void aComputedRelativePathToWriteFailsTheStepAtRunTime() {
        DataflowEngine engine = TestEngines.builder().build();
        Dataflow flow = writing("${{ 'out' }}.txt");

        assertThat(engine.validate(flow).isValid()).isTrue();
        RunResult result = engine.run(flow);

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.error().orElseThrow()).isEqualTo("Step 'a' (test_connector) failed: "
                + REFUSED + " (config 'path')");
    }

    @Test
    void writingIntoTheScratchDirectoryOnPurposeIsAllowed() {
        DataflowEngine engine = TestEngines.builder().build();
        Dataflow flow = writing("${{ run.scratchdir }}/out.txt");

        assertThat(engine.validate(flow).isValid()).isTrue();
        assertThat(engine.run(flow).status()).isEqualTo(RunStatus.FINALISED);
    }

    @Test
    void theEnginesBaseDirectoryReceivesRelativeOutput() throws Exception {
        DataflowEngine engine = TestEngines.builder().baseDirectory(dir).build();

        assertThat(engine.baseDirectory()).contains(dir.toAbsolutePath().normalize());
        assertThat(engine.validate(writing("out.txt")).isValid()).isTrue();
        assertThat(engine.run(writing("out.txt")).status()).isEqualTo(RunStatus.FINALISED);
        assertThat(engine.run(writing("${{ 'computed' }}.txt")).status()).isEqualTo(RunStatus.FINALISED);

        assertThat(Files.readString(dir.resolve("out.txt"))).isEqualTo("x");
        assertThat(Files.readString(dir.resolve("computed.txt"))).isEqualTo("x");
    }

    @Test
    void aRunsBaseDirectoryWinsOverTheEngines() throws Exception {
        Path other = Files.createDirectory(dir.resolve("other"));
        DataflowEngine engine = TestEngines.builder().baseDirectory(dir).build();

        RunResult result = engine.run(writing("out.txt"), RunOptions.builder().baseDir(other).build());

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(Files.readString(other.resolve("out.txt"))).isEqualTo("x");
        assertThat(dir.resolve("out.txt")).doesNotExist();
    }

    @Test
    void aRunsBaseDirectoryAloneIsEnough() throws Exception {
        DataflowEngine engine = TestEngines.builder().build();
        RunOptions options = RunOptions.builder().baseDir(dir).build();

        assertThat(engine.validate(writing("out.txt"), options).isValid()).isTrue();
        assertThat(engine.run(writing("out.txt"), options).status()).isEqualTo(RunStatus.FINALISED);
        assertThat(Files.readString(dir.resolve("out.txt"))).isEqualTo("x");
    }

    @Test
    void dataRootPathsGoToTheEnginesDataRootWhenPermittedAsInMoodle() throws Exception {
        // tool_dataflows: "[dataroot]/exports/out.txt" is written under the site's data root, when a permitted
        // directory ("[dataroot]/exports") covers it
        Path root = Files.createDirectory(dir.resolve("moodledata"));
        Files.createDirectory(root.resolve("exports"));
        DataflowEngine engine = TestEngines.builder().dataRoot(root)
                .permittedDirectory(Path.of("[dataroot]/exports")).build();

        assertThat(engine.validate(writing("[dataroot]/exports/out.txt")).isValid()).isTrue();
        assertThat(engine.run(writing("[dataroot]/exports/out.txt")).status()).isEqualTo(RunStatus.FINALISED);
        assertThat(Files.readString(root.resolve("exports/out.txt"))).isEqualTo("x");
        assertThat(engine.validate(writing("[dataroot]/elsewhere.txt")).problems())
                .extracting(Object::toString).containsExactly(
                        "a: Path \"[dataroot]/elsewhere.txt\" is not permitted.");
    }

    @Test
    void withoutADataRootTheRunsBaseDirectoryIsIt() throws Exception {
        DataflowEngine engine = TestEngines.builder().build();
        RunOptions options = RunOptions.builder().baseDir(dir).build();

        assertThat(engine.run(writing("[dataroot]/out.txt"), options).status()).isEqualTo(RunStatus.FINALISED);
        assertThat(Files.readString(dir.resolve("out.txt"))).isEqualTo("x");
    }
}
