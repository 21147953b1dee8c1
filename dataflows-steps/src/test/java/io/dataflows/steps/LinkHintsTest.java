package io.dataflows.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepSpec;
import io.dataflows.testkit.TestKit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Fan-in to connectors and fan-out from readers: the one-link rules, with messages saying how to write the flow. */
class LinkHintsTest {

    private final TestKit kit = new TestKit();
    private final DataflowEngine engine = kit.builder().build();

    private static StepSpec source() {
        return StepSpec.of("test_source").with("source", List.of(Map.of("a", 1), Map.of("a", 2)));
    }

    @Test
    void aConnectorOnSeveralWritersOfABlockIsToldToDependOnOne() {
        Dataflow flow = Dataflow.builder("fan-in")
                .step("read", source())
                .step("tee", StepSpec.of("flow_tee")).dependsOn("read")
                .step("w1", StepSpec.of("test_sink")).dependsOn("tee")
                .step("w2", StepSpec.of("test_sink")).dependsOn("tee")
                .step("done", StepSpec.of("test_connector")).dependsOn("w1", "w2")
                .build();

        assertThat(engine.validate(flow).messages()).containsExactly("Invalid number of input flows (Found: 2). "
                + "Requires between 0 and 1 input flow links or between 0 and 1 input connector links. A connector "
                + "runs after the whole flow block of the step it depends on, every branch and writer included: "
                + "depend on one step of the block (depends_on: w1). To wait for several blocks, chain connectors, "
                + "one per block.");
    }

    @Test
    void aConnectorOnOneWriterRunsAfterEveryBranchOfTheBlock() {
        Dataflow flow = Dataflow.builder("fan-in-fixed")
                .step("read", source())
                .step("tee", StepSpec.of("flow_tee")).dependsOn("read")
                .step("w1", StepSpec.of("test_sink")).dependsOn("tee")
                .step("w2", StepSpec.of("test_sink")).dependsOn("tee")
                .step("done", StepSpec.of("test_connector")).dependsOn("w1")
                .build();

        RunResult result = engine.run(flow);

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(kit.sink().records("w1")).hasSize(2);
        assertThat(kit.sink().records("w2")).hasSize(2);
        assertThat(kit.connector().executions()).containsExactly("done");
    }

    @Test
    void aReaderFeedingTwoStepsIsToldToUseATee() {
        Dataflow flow = Dataflow.builder("fan-out")
                .step("read", source())
                .step("w1", StepSpec.of("test_sink")).dependsOn("read")
                .step("w2", StepSpec.of("test_sink")).dependsOn("read")
                .build();

        assertThat(engine.validate(flow).messages()).containsExactly("Invalid number of output flows (Found: 2). "
                + "Requires 1 output flow link and no output connectors. To send the records to several steps, make "
                + "one flow_tee depend on 'read' and the steps on the tee.");
    }
}
