package io.dataflows.steps;

import static io.dataflows.testkit.Maps.list;
import static io.dataflows.testkit.Maps.map;
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
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TeeStepTest {

    private final TestKit kit = new TestKit();

    private final DataflowEngine engine = kit.builder().build();

    @Test
    void everyRecordReachesEveryBranchInDependantOrder() {
        Dataflow flow = Dataflow.builder("tee")
                .step("reader", Steps.arrayReader(list(map("n", 1), map("n", 2))))
                .step("tee", Steps.tee()).dependsOn("reader")
                .step("left", Steps.alter().set("branch", "left")).dependsOn("tee")
                .step("right", Steps.alter().set("branch", "right")).dependsOn("tee")
                .step("left_sink", StepSpec.of(CollectingSink.ID).with("name", "all")).dependsOn("left")
                .step("right_sink", StepSpec.of(CollectingSink.ID).with("name", "all")).dependsOn("right")
                .build();

        RunResult result = engine.run(flow);

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(kit.sink().records("all")).containsExactly(
                DataRecord.of("n", 1, "branch", "left"), DataRecord.of("n", 1, "branch", "right"),
                DataRecord.of("n", 2, "branch", "left"), DataRecord.of("n", 2, "branch", "right"));
    }

    @Test
    void branchesWriteTheSameStreamToDifferentFormats(@TempDir Path dir) {
        Dataflow flow = Dataflow.builder("tee-files")
                .step("reader", Steps.arrayReader(list(map("id", 1, "name", "Ann"), map("id", 2, "name", "Bo"))))
                .step("tee", Steps.tee()).dependsOn("reader")
                .step("json", Steps.streamWriter("out.json", "json")).dependsOn("tee")
                .step("csv", Steps.streamWriter("out.csv", "csv")).dependsOn("tee:2")
                .build();

        engine.run(flow, RunOptions.builder().baseDir(dir).build()).orThrow();

        assertThat(JsonText.read(dir.resolve("out.json")))
                .isEqualTo("[\n{\"id\":1,\"name\":\"Ann\"},\n{\"id\":2,\"name\":\"Bo\"}\n]\n");
        assertThat(JsonText.read(dir.resolve("out.csv"))).isEqualTo("id,name\n1,Ann\n2,Bo\n");
    }
}
