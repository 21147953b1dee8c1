package io.dataflows.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.Problem;
import io.dataflows.StepSpec;
import io.dataflows.spi.StepType;
import io.dataflows.testkit.TestKit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What connector_s3 and flow_s3 report before a run, and which of them change the world. */
class S3CopyValidationTest {

    private static final String NO_S3 = "At least one source or target path must reference a location in S3.";

    @TempDir
    Path dir;

    private final TestKit kit = new TestKit();
    private DataflowEngine engine;

    @BeforeEach
    void engine() {
        engine = kit.builder().baseDirectory(dir).build();
    }

    private static StepSpec copy(String source, String target) {
        return StepSpec.of("connector_s3").with("bucket", "reports").with("region", "ap-southeast-2")
                .with("source", source).with("target", target);
    }

    private static Dataflow flow(StepSpec copy) {
        return Dataflow.builder("s3").step("copy", copy).build();
    }

    private List<Problem> problems(DataflowEngine engine, String source, String target) {
        return engine.validate(flow(copy(source, target))).problems();
    }

    @Test
    void anyDirectionWithOneSideInS3IsValid() {
        assertThat(problems(engine, "s3://path/to/source.csv", "s3://path/to/target.csv")).isEmpty();
        assertThat(problems(engine, "s3://path/to/source.csv", "test/source.csv")).isEmpty();
        assertThat(problems(engine, "test/source.csv", "s3://path/to/target.csv")).isEmpty();
        assertThat(problems(engine, "test/source.csv", "s3://path/to/")).isEmpty();
    }

    @Test
    void localToLocalIsAProblemOfBothFields() {
        assertThat(problems(engine, "test/source.csv", "test/target.csv")).containsExactly(
                Problem.ofStep("copy", "config.source", NO_S3),
                Problem.ofStep("copy", "config.target", NO_S3));
    }

    @Test
    void anAbsoluteLocalPathMustBeInAPermittedDirectory() {
        assertThat(problems(engine, "/var/source.csv", "s3://path/to/target.csv")).containsExactly(
                Problem.ofStep("copy", "config.source", "Path \"/var/source.csv\" is not permitted."));
        assertThat(problems(engine, "s3://path/to/source.csv", "/var/target.csv")).containsExactly(
                Problem.ofStep("copy", "config.target", "Path \"/var/target.csv\" is not permitted."));

        DataflowEngine permitted = kit.builder().baseDirectory(dir).permittedDirectory(Path.of("/var")).build();
        assertThat(problems(permitted, "/var/source.csv", "s3://path/to/target.csv")).isEmpty();
        assertThat(problems(permitted, "s3://path/to/source.csv", "/var/target.csv")).isEmpty();
    }

    @Test
    void aSourceThatIsADirectoryIsAProblem() throws Exception {
        Files.createDirectories(dir.resolve("folder"));
        DataflowEngine permitted = kit.builder().permittedDirectory(dir).build();
        String directory = "The source path is a directory but a file path is expected.";

        assertThat(problems(permitted, dir.resolve("folder").toString(), "s3://in/")).containsExactly(
                Problem.ofStep("copy", "config.source", directory));
        assertThat(problems(permitted, "s3://some/folder/", dir.resolve("out.csv").toString())).containsExactly(
                Problem.ofStep("copy", "config.source", directory));
    }

    @Test
    void bucketRegionSourceAndTargetAreRequired() {
        assertThat(engine.validate(Dataflow.builder("s3").step("copy", StepSpec.of("connector_s3")).build())
                .problems()).containsExactlyInAnyOrder(
                        Problem.ofStep("copy", "config.bucket", "Config 'bucket' is missing."),
                        Problem.ofStep("copy", "config.region", "Config 'region' is missing."),
                        Problem.ofStep("copy", "config.source", "Config 'source' is missing."),
                        Problem.ofStep("copy", "config.target", "Config 'target' is missing."));
    }

    @Test
    void theConnectionFieldsAreCheckedAsForEveryAwsStep() {
        Dataflow flow = flow(copy("s3://a", "s3://b").with("key", "AKID").with("region", "Sydney")
                .with("endpoint", "ftp://x"));

        assertThat(engine.validate(flow).problems()).containsExactlyInAnyOrder(
                Problem.ofStep("copy", "config.secret", "Config 'key' and 'secret' go together: give both, or "
                        + "neither to use the AWS SDK's default credentials."),
                Problem.ofStep("copy", "config.region", "Config 'region' is invalid. It must be an AWS region "
                        + "name such as ap-southeast-2 (lower-case letters, digits and dashes)."),
                Problem.ofStep("copy", "config.endpoint", "Config 'endpoint' is invalid. It must be an http or "
                        + "https URL with a host, such as http://localhost:4566."));
    }

    @Test
    void copiesToS3AndToAbsoluteOrComputedPathsHaveSideEffectsDownloadsToRelativePathsDoNot() {
        StepType type = kit.registry().find("connector_s3").orElseThrow();

        assertThat(type.hasSideEffects(config("s3://path/to/source.csv", "s3://path/to/target.csv"))).isTrue();
        assertThat(type.hasSideEffects(config("s3://path/to/source.csv", "test/target.csv"))).isFalse();
        assertThat(type.hasSideEffects(config("test/source.csv", "s3://path/to/target.csv"))).isTrue();
        assertThat(type.hasSideEffects(config("s3://path/to/source.csv", "/test/target.csv"))).isTrue();
        assertThat(type.hasSideEffects(config("s3://path/to/source.csv", "${{ global.vars.abs }}"))).isTrue();
        assertThat(type.hasSideEffects(config("s3://path/to/source.csv", "${{ global.vars.rel }}"))).isTrue();
        assertThat(type.hasSideEffects(config("test/source.csv", "s3://${{ global.vars.rel }}"))).isTrue();
        assertThat(type.hasSideEffects(Map.of())).isTrue();
    }

    private static Map<String, Object> config(String source, String target) {
        Map<String, Object> config = new HashMap<>();
        config.put("source", source);
        config.put("target", target);
        return config;
    }
}
