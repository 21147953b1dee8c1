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
import io.dataflows.testkit.TestKit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SetVariableStepTest {

    private final TestKit kit = new TestKit();

    private final DataflowEngine engine = kit.builder().build();

    private static Dataflow abortAndSet(String field, List<Map<String, Object>> source) {
        return Dataflow.builder("set-variable")
                .var("something", 0)
                .step("reader", StepSpec.of(ArraySource.ID).with("source", source))
                .step("abort", StepSpec.of("flow_abort")
                        .with("condition", "${{ record." + field + " < dataflow.vars.something }}"))
                .dependsOn("reader")
                .step("set_variable", StepSpec.of("flow_set_variable").with("field", "dataflow.vars.something")
                        .with("value", "${{ record." + field + " }}"))
                .dependsOn("abort")
                .step("sink", StepSpec.of(CollectingSink.ID)).dependsOn("set_variable")
                .build();
    }

    private RunResult run(Dataflow flow) {
        kit.sink().reset();
        return engine.run(flow);
    }

    @Test
    void theVariableIsPersistedAcrossRunsAndGuardsTheNextOnes() {
        List<Map<String, Object>> first = list(map("a", 1, "b", 2, "c", 3), map("a", 1, "b", 3, "c", 3),
                map("a", 4, "b", 5, "c", 6));
        List<Map<String, Object>> third = list(map("a", 1, "b", 7, "c", 3), map("a", 1, "b", 9, "c", 3),
                map("a", 4, "b", 500, "c", 6));

        RunResult run1 = run(abortAndSet("b", first));
        assertThat(run1.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(kit.sink().maps("sink")).isEqualTo(JsonText.parse(
                "[{\"a\":1,\"b\":2,\"c\":3},{\"a\":1,\"b\":3,\"c\":3},{\"a\":4,\"b\":5,\"c\":6}]"));
        assertThat(run1.variable("dataflow.vars.something")).contains(5L);
        assertThat(engine.stateStore().loadVariables("set-variable")).isEqualTo(Map.of("something", 5L));

        RunResult run2 = run(abortAndSet("b", first));
        assertThat(run2.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(kit.sink().maps("sink")).isEmpty();

        RunResult run3 = run(abortAndSet("b", third));
        assertThat(run3.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(kit.sink().maps("sink")).isEqualTo(JsonText.parse(
                "[{\"a\":1,\"b\":7,\"c\":3},{\"a\":1,\"b\":9,\"c\":3},{\"a\":4,\"b\":500,\"c\":6}]"));
        assertThat(run3.variable("dataflow.vars.something")).contains(500L);
        assertThat(engine.stateStore().loadVariables("set-variable")).isEqualTo(Map.of("something", 500L));
    }

    @Test
    void dateStringsCompareAsTextAcrossRuns() {
        List<Map<String, Object>> first = list(map("createdAt", "2022-01-01T01:02:03"),
                map("createdAt", "2022-01-02T01:02:03"), map("createdAt", "2022-01-03T01:02:03"));
        List<Map<String, Object>> third = list(map("createdAt", "2022-02-01T01:02:03"),
                map("createdAt", "2022-03-01T01:02:03"), map("createdAt", "2022-12-01T01:02:03"));

        RunResult run1 = run(abortAndSet("createdAt", first));
        assertThat(run1.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(kit.sink().maps("sink")).isEqualTo(first);
        assertThat(run1.variable("dataflow.vars.something")).contains("2022-01-03T01:02:03");

        RunResult run2 = run(abortAndSet("createdAt", first));
        assertThat(run2.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(kit.sink().maps("sink")).isEmpty();

        RunResult run3 = run(abortAndSet("createdAt", third));
        assertThat(run3.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(kit.sink().maps("sink")).isEqualTo(third);
        assertThat(engine.stateStore().loadVariables("set-variable"))
                .isEqualTo(Map.of("something", "2022-12-01T01:02:03"));
    }

    @Test
    void aDryRunSetsTheVariableForTheRunOnly() {
        Dataflow flow = Dataflow.builder("dry")
                .var("counter", 1)
                .step("set", Steps.connectorSetVariable("dataflow.vars.counter", "${{ dataflow.vars.counter + 1 }}"))
                .build();

        RunResult dry = engine.run(flow, RunOptions.builder().dryRun(true).build());
        RunResult real = engine.run(flow);

        assertThat(dry.variable("dataflow.vars.counter")).contains(2L);
        assertThat(real.variable("dataflow.vars.counter")).contains(2L);
        assertThat(engine.stateStore().loadVariables("dry")).isEqualTo(Map.of("counter", 2L));
    }

    @Test
    void variablesOutsideDataflowVarsAreSetButNotPersisted() {
        Dataflow flow = Dataflow.builder("global")
                .step("set", Steps.connectorSetVariable("global.vars.seen", "yes"))
                .step("use", Steps.connectorNoop()).dependsOn("set").stepVar("copy", "${{ global.vars.seen }}")
                .build();

        RunResult result = engine.run(flow);

        assertThat(result.variable("steps.use.vars.copy")).contains("yes");
        assertThat(engine.stateStore().loadVariables("global")).isEmpty();
    }

    @Test
    void setMultipleVariablesMergesForTheRunButNeverPersists() {
        Dataflow flow = Dataflow.builder("multiple")
                .var("kept", "k")
                .step("set", Steps.connectorSetMultipleVariables("dataflow.vars").set("a", 1).set("b", "${{ 1 + 1 }}"))
                .step("use", Steps.connectorNoop()).dependsOn("set")
                .stepVar("sum", "${{ dataflow.vars.a + dataflow.vars.b }}")
                .build();

        RunResult first = engine.run(flow);
        RunResult second = engine.run(flow.toBuilder().build());

        assertThat(first.variable("steps.use.vars.sum")).contains(3L);
        assertThat(first.variable("dataflow.vars")).contains(Map.of("kept", "k", "a", 1L, "b", 2L));
        assertThat(second.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(engine.stateStore().loadVariables("multiple")).isEmpty();
    }

    @Test
    void aFieldThatIsNotAVariablePathIsReportedByValidation() {
        Dataflow flow = Dataflow.builder("bad-field")
                .step("set", Steps.connectorSetVariable("run.id", "x"))
                .build();

        assertThat(engine.validate(flow).messages()).singleElement()
                .satisfies(m -> assertThat(m).startsWith("Config 'field' is invalid. 'run.id' is not a variable path"));
    }
}
