package io.dataflows.beam.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

/** A job for a remote Flink cluster stages the launching class path without Flink's own jars. */
class FlinkStagingTest {

    private static FlinkPipelineOptions remote() {
        FlinkPipelineOptions options = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
        options.setRunner(FlinkRunner.class);
        options.setFlinkMaster("flink.example:8081");
        return options;
    }

    private static String name(String entry) {
        return Path.of(entry).getFileName().toString();
    }

    @Test
    void flinksJarsAreLeftOutAndBeamsRunnerForFlinkIsKept() {
        assertFlinkJarsLeftOut(remote());
    }

    @Test
    void anEmptyListStandsForBeamsDefaultAndLeavesOutFlinksJarsToo() {
        FlinkPipelineOptions options = remote();
        options.setFilesToStage(List.of());

        assertFlinkJarsLeftOut(options);
    }

    private static void assertFlinkJarsLeftOut(FlinkPipelineOptions options) {
        FlinkStaging.leaveOutFlinkJars(options);

        List<String> staged = options.getFilesToStage().stream().map(FlinkStagingTest::name).toList();
        assertThat(staged).noneMatch(n -> n.startsWith("flink-"))
                .anyMatch(n -> n.startsWith("beam-runners-flink-1.19-"))
                .anyMatch(n -> n.startsWith("beam-sdks-java-core-"));
        assertThat(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")))
                .as("there were Flink jars to leave out").contains("flink-runtime-1.19.");
    }

    @Test
    void filesToStageThatTheApplicationGaveAreKept() {
        FlinkPipelineOptions options = remote();
        options.setFilesToStage(List.of("/opt/app/flink-extras.jar", "/opt/app/app.jar"));

        FlinkStaging.leaveOutFlinkJars(options);

        assertThat(options.getFilesToStage()).containsExactly("/opt/app/flink-extras.jar", "/opt/app/app.jar");
    }

    @Test
    void onlyJarsNamedFlinkAreFlinksJars() {
        assertThat(FlinkStaging.isFlinkJar("/m2/flink-runtime-1.19.1.jar")).isTrue();
        assertThat(FlinkStaging.isFlinkJar("/m2/flink-shaded-guava-31.1-jre-17.0.jar")).isTrue();
        assertThat(FlinkStaging.isFlinkJar("/m2/beam-runners-flink-1.19-2.62.0.jar")).isFalse();
        assertThat(FlinkStaging.isFlinkJar("/work/flink-app/target/classes")).isFalse();
        assertThat(FlinkStaging.isFlinkJar("/m2/kryo-2.24.0.jar")).isFalse();
    }
}
