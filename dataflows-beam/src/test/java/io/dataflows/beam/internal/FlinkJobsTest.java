package io.dataflows.beam.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

/** Which runs have a job on a remote Flink cluster to cancel, and the per-run copy of the options that names it. */
class FlinkJobsTest {

    private static FlinkPipelineOptions flink(String master) {
        FlinkPipelineOptions options = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
        options.setRunner(FlinkRunner.class);
        options.setFlinkMaster(master);
        options.setParallelism(3);
        return options;
    }

    @Test
    void onlyARemoteFlinkMasterHasAClusterToCall() {
        assertThat(FlinkJobs.remoteMaster(PipelineOptionsFactory.create())).isEmpty();
        assertThat(FlinkJobs.remoteMaster(flink("[local]"))).isEmpty();
        assertThat(FlinkJobs.remoteMaster(flink("[auto]"))).isEmpty();
        assertThat(FlinkJobs.remoteMaster(flink("flink.example:8081")))
                .contains(URI.create("http://flink.example:8081"));
        assertThat(FlinkJobs.remoteMaster(flink("https://flink.example")))
                .contains(URI.create("https://flink.example"));
        assertThat(FlinkJobs.remoteMaster(flink("[::1]:8081"))).contains(URI.create("http://[::1]:8081"));
        assertThat(FlinkJobs.remoteMaster(flink("not a host:8081"))).as("Flink's runner reports it").isEmpty();
    }

    @Test
    void theNamedCopyKeepsTheSettingsAndLeavesTheOriginalAlone() {
        FlinkPipelineOptions original = flink("flink.example:8081");
        String originalName = original.getJobName();

        PipelineOptions copy = FlinkJobs.named(original, "dataflows people run 42");

        assertThat(copy).isNotNull();
        assertThat(copy.getJobName()).isEqualTo("dataflows people run 42");
        assertThat(copy.getRunner()).isEqualTo(FlinkRunner.class);
        assertThat(copy.as(FlinkPipelineOptions.class).getFlinkMaster()).isEqualTo("flink.example:8081");
        assertThat(copy.as(FlinkPipelineOptions.class).getParallelism()).isEqualTo(3);
        assertThat(original.getJobName()).isEqualTo(originalName);
    }
}
