package io.dataflows.steps;

import static io.dataflows.testkit.Maps.list;
import static io.dataflows.testkit.Maps.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.DataRecord;
import io.dataflows.Dataflow;
import io.dataflows.DataflowAbortedException;
import io.dataflows.DataflowEngine;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepResult;
import io.dataflows.StepSpec;
import io.dataflows.testkit.ArraySource;
import io.dataflows.testkit.CollectingSink;
import io.dataflows.testkit.TestKit;
import org.junit.jupiter.api.Test;

class AbortStepTest {

    private final TestKit kit = new TestKit();

    private final DataflowEngine engine = kit.builder().build();

    @Test
    void anUnconditionalAbortStepAbortsTheRunAndEveryStep() {
        Dataflow flow = Dataflow.builder("t08")
                .step("reader", StepSpec.of(ArraySource.ID).with("source",
                        list(map("a", 1, "b", 2, "c", 3), map("a", 4, "b", 5, "c", 6))))
                .step("abort", StepSpec.of("flow_abort")).dependsOn("reader")
                .build();

        RunResult result = engine.run(flow);

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.steps().values()).extracting(StepResult::status)
                .containsOnly(RunStatus.ABORTED);
        assertThat(result.failure()).get().isInstanceOf(DataflowAbortedException.class);
        assertThat(result.error()).contains("Dataflow aborted by step 'abort' on record #1: Aborted by step 'abort'");
        assertThat(result.variable("dataflow.states.aborted")).isPresent();
    }

    @Test
    void aConditionalAbortPassesRecordsUntilTheConditionHolds() {
        Dataflow flow = Dataflow.builder("conditional")
                .step("reader", StepSpec.of(ArraySource.ID).with("source", list(map("b", 1), map("b", 2), map("b", 3))))
                .step("abort", Steps.flowAbort().when("${{ record.b > 1 }}")).dependsOn("reader")
                .step("sink", StepSpec.of(CollectingSink.ID)).dependsOn("abort")
                .build();

        RunResult result = engine.run(flow);

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.error()).hasValueSatisfying(m -> assertThat(m)
                .isEqualTo("Dataflow aborted by step 'abort' on record #2: Abort condition met: ${{ record.b > 1 }}"));
        assertThat(kit.sink().records("sink")).containsExactly(DataRecord.of("b", 1));
    }

    @Test
    void aFalseConditionNeverAborts() {
        Dataflow flow = Dataflow.builder("never")
                .step("reader", StepSpec.of(ArraySource.ID).with("source", list(map("b", 0), map("b", "0"))))
                .step("abort", Steps.flowAbort().when("record.b")).dependsOn("reader")
                .step("sink", StepSpec.of(CollectingSink.ID)).dependsOn("abort")
                .build();

        RunResult result = engine.run(flow);

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(kit.sink().records("sink")).hasSize(2);
    }

    @Test
    void theAbortConnectorStopsTheStepsAfterIt() {
        Dataflow flow = Dataflow.builder("connector")
                .step("abort", Steps.connectorAbort())
                .step("reader", Steps.arrayReader(list(map("a", 1)))).dependsOn("abort")
                .step("sink", StepSpec.of(CollectingSink.ID)).dependsOn("reader")
                .build();

        RunResult result = engine.run(flow);

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.error()).contains("Dataflow aborted by step 'abort': Aborted by step 'abort'");
        assertThat(kit.sink().records("sink")).isEmpty();
        assertThat(result.step("sink").status()).isEqualTo(RunStatus.NOT_RUN);
    }

    @Test
    void abortIfAbortsOnlyWhenItsConditionHolds() {
        Dataflow.Builder flow = Dataflow.builder("abort-if")
                .step("check", Steps.connectorAbortIf("dataflow.vars.limit > 10"))
                .step("after", Steps.connectorNoop()).dependsOn("check");

        RunResult low = engine.run(flow.var("limit", 5).build());
        RunResult high = engine.run(flow.var("limit", 50).build());

        assertThat(low.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(high.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(high.error()).contains(
                "Dataflow aborted by step 'check': Abort condition met: dataflow.vars.limit > 10");
        assertThat(high.step("after").status()).isEqualTo(RunStatus.NOT_RUN);
    }

    @Test
    void abortIfRequiresACondition() {
        Dataflow flow = Dataflow.builder("no-condition").step("check", StepSpec.of("connector_abort_if")).build();

        assertThat(engine.validate(flow).messages()).containsExactly("Config 'condition' is missing.");
    }
}
