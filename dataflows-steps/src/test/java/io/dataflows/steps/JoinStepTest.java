package io.dataflows.steps;

import static io.dataflows.testkit.Maps.list;
import static io.dataflows.testkit.Maps.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.DataRecord;
import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepSpec;
import io.dataflows.testkit.CollectingSink;
import io.dataflows.testkit.TestKit;
import org.junit.jupiter.api.Test;

class JoinStepTest {

    private final TestKit kit = new TestKit();

    private final DataflowEngine engine = kit.builder().build();

    @Test
    void everyRecordOfEveryInputPassesThroughInInputOrder() {
        Dataflow flow = Dataflow.builder("d4")
                .step("first", Steps.arrayReader(list(map("a", 1), map("a", 2), map("a", 3))))
                .step("second", Steps.arrayReader(list(map("b", 1), map("b", 2))))
                .step("join", Steps.join()).dependsOn("first", "second")
                .step("sink", StepSpec.of(CollectingSink.ID)).dependsOn("join")
                .build();

        RunResult result = engine.run(flow);

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(kit.sink().records("sink")).containsExactly(
                DataRecord.of("a", 1), DataRecord.of("a", 2), DataRecord.of("a", 3),
                DataRecord.of("b", 1), DataRecord.of("b", 2));
        assertThat(result.step("join").recordsIn()).isEqualTo(5);
    }

    @Test
    void aJoinNeedsAtLeastTwoInputs() {
        Dataflow flow = Dataflow.builder("one-input")
                .step("first", Steps.arrayReader(list(map("a", 1))))
                .step("join", Steps.join()).dependsOn("first")
                .step("sink", StepSpec.of(CollectingSink.ID)).dependsOn("join")
                .build();

        assertThat(engine.validate(flow).problemsOf("join")).singleElement()
                .satisfies(p -> assertThat(p.message()).startsWith("Invalid number of input flows (Found: 1)."));
    }
}
