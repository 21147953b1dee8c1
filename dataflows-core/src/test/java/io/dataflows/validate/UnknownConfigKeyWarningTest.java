package io.dataflows.validate;

import static io.dataflows.testkit.Maps.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.DataflowValidationException;
import io.dataflows.Definitions;
import io.dataflows.Problem;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepSpec;
import io.dataflows.ValidationReport;
import io.dataflows.testkit.TestConnector;
import io.dataflows.testkit.TestKit;
import org.junit.jupiter.api.Test;

/**
 * tool_dataflows ignores config keys a step type does not know (its exports carry leftovers such as a
 * {@code template} on a step type without one): they are warnings, reported by validation, and the flow runs.
 */
class UnknownConfigKeyWarningTest {

    private final TestKit kit = new TestKit();
    private final DataflowEngine engine = kit.builder().build();

    private static final String LEFTOVER = String.join("\n",
            "name: leftovers",
            "steps:",
            "  notify:",
            "    type: test_connector",
            "    config:",
            "      value: 1",
            "      template: |",
            "        Hi, your admin userid is TBA",
            "");

    @Test
    void aKeyTheStepTypeDoesNotKnowIsAWarningAndTheFlowRuns() {
        // PHP: the step's config is stored as written and the type reads only the fields it knows
        Dataflow flow = Definitions.readYaml(LEFTOVER, "leftovers.yml");

        ValidationReport report = engine.validate(flow);
        assertThat(report.isValid()).isTrue();
        assertThat(report.errors()).isEmpty();
        assertThat(report.warnings()).containsExactly(Problem.warningOfStep("notify", "config.template",
                "Unknown config key 'template' in dataflow 'leftovers' is ignored. Known keys: outcome, value, "
                        + "secret, path."));
        assertThat(report.problems()).isEqualTo(report.warnings());
        assertThat(report).hasToString("Dataflow 'leftovers' is valid (1 warning):\n  - warning: notify: Unknown "
                + "config key 'template' in dataflow 'leftovers' is ignored. Known keys: outcome, value, secret, path.");

        RunResult result = engine.run(flow);
        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(kit.connector().executions()).containsExactly("notify");
        assertThat(result.variable("steps.notify.value")).contains(1L);
    }

    @Test
    void theClosestKnownKeyIsSuggested() {
        Dataflow flow = Dataflow.builder("typo").step("a", StepSpec.of(TestConnector.ID).with("vaule", 2)).build();

        assertThat(engine.validate(flow).warnings()).extracting(Problem::toString).containsExactly(
                "warning: a: Unknown config key 'vaule' in dataflow 'typo' is ignored. Did you mean 'value'? Known "
                        + "keys: outcome, value, secret, path.");
    }

    @Test
    void keysInsideAFieldsValueAreTheFieldsOwn() {
        // a field that takes any value, a map here, has no keys of the step type's to check
        Dataflow flow = Dataflow.builder("nested")
                .step("a", StepSpec.of(TestConnector.ID).with("value", map("anything", 1, "template", "t")))
                .build();

        assertThat(engine.validate(flow).problems()).isEmpty();
    }

    @Test
    void theLegacyOutputsKeyIsIgnoredSilently() {
        // tool_dataflows moved a step's 'outputs' config to 'vars' in 2022; old exports still carry it
        Dataflow flow = Dataflow.builder("legacy")
                .step("a", StepSpec.of(TestConnector.ID).with("outputs", map("x", "${{ 1 }}"))).build();

        assertThat(engine.validate(flow).problems()).isEmpty();
    }

    @Test
    void withAnErrorTheFlowIsRefusedAndTheWarningIsListedToo() {
        Dataflow flow = Dataflow.builder("mixed")
                .step("a", StepSpec.of(TestConnector.ID).with("outcome", "explode").with("extra", true)).build();

        ValidationReport report = engine.validate(flow);
        assertThat(report.isValid()).isFalse();
        assertThat(report.errors()).extracting(Problem::severity).containsExactly(Problem.Severity.ERROR);
        assertThat(report.warnings()).extracting(Problem::field).containsExactly("config.extra");
        assertThatThrownBy(() -> engine.run(flow)).isInstanceOf(DataflowValidationException.class)
                .hasMessageContaining("\n  warning: a: Unknown config key 'extra' in dataflow 'mixed' is ignored.");
        assertThat(kit.connector().executions()).isEmpty();
    }

    @Test
    void anUnknownKeyOfTheDataflowsOwnConfigStaysAnError() {
        // PHP assigns each dataflow config key to the dataflow record, which refuses a property it does not have
        Dataflow flow = Dataflow.builder("top").config("colour", "red").step("a", StepSpec.of(TestConnector.ID))
                .build();

        ValidationReport report = engine.validate(flow);
        assertThat(report.isValid()).isFalse();
        assertThat(report.errors()).extracting(Problem::field).containsExactly("config.colour");
    }

    @Test
    void problemsMadeWithoutASeverityAreErrors() {
        Problem p = new Problem("a", "config.x", "Bad.");

        assertThat(p.severity()).isEqualTo(Problem.Severity.ERROR);
        assertThat(p.isError()).isTrue();
        assertThat(p.isWarning()).isFalse();
        assertThat(p).hasToString("a: Bad.");
        assertThat(Problem.ofDataflow("Bad.").isError()).isTrue();
        assertThat(Problem.warningOfStep("a", "config.x", "Odd.")).hasToString("warning: a: Odd.");
        assertThat(ValidationReport.valid("v").warnings()).isEmpty();
    }
}
