package io.dataflows.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.StepSpec;
import io.dataflows.testkit.TestConnector;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The names under {@code dataflow.vars} a dataflow's steps may set, read from their configs. */
class VariablesSetByStepsTest {

    @Test
    void staticPathsAndMapsUnderDataflowVarsAreNamed() {
        Dataflow flow = Dataflow.builder("writes")
                .var("declared", 1)
                .start("one", StepSpec.of(TestConnector.ID, Map.of("value", "dataflow.vars.greeting.text")))
                .then("two", StepSpec.of(TestConnector.ID,
                        Map.of("value", Map.of("field", "dataflow.vars", "values", Map.of("a", 1, "b", 2)))))
                .then("three", StepSpec.of(TestConnector.ID, Map.of("value", "steps.one.value")))
                .build();

        assertThat(flow.variablesSetBySteps()).hasValueSatisfying(names ->
                assertThat(names).containsExactlyInAnyOrder("greeting", "a", "b"));
    }

    @Test
    void aComputedPathMaySetAnyName() {
        Dataflow flow = Dataflow.builder("computed")
                .start("one", StepSpec.of(TestConnector.ID, Map.of("value", "dataflow.vars.${{ 'x' }}")))
                .build();

        assertThat(flow.variablesSetBySteps()).isEmpty();
    }
}
