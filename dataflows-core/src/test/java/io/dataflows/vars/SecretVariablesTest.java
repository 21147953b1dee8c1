package io.dataflows.vars;

import static io.dataflows.testkit.Maps.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.ExpressionMode;
import io.dataflows.StepRegistry;
import io.dataflows.StepSpec;
import io.dataflows.internal.expr.ExpressionEngine;
import io.dataflows.internal.util.JsonValues;
import io.dataflows.internal.vars.SecretVariables;
import io.dataflows.testkit.TestConnector;
import io.dataflows.testkit.TestEngines;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which variables are secret because their values flow into a secret config field. */
class SecretVariablesTest {

    private static final StepSpec CONNECTOR = StepSpec.of(TestConnector.ID);
    private static final StepRegistry REGISTRY = TestEngines.registry();
    private static final ExpressionEngine EXPRESSIONS = new ExpressionEngine(ExpressionMode.COMPILED);

    private static SecretVariables of(Dataflow flow) {
        return of(flow, Map.of(), Map.of());
    }

    private static SecretVariables of(Dataflow flow, Map<String, Object> globals, Map<String, Object> runVars) {
        return SecretVariables.of(flow, s -> REGISTRY.find(s.type()).orElse(null), globals, runVars, EXPRESSIONS);
    }

    @Test
    void aSecretFieldsReferencesAreSecretAndSoIsEverythingTheirDefinitionsRead() {
        Dataflow flow = Dataflow.builder("f")
                .var("pw", "${{ vars.prefix ~ global.vars.pepper ~ dataflow.vars.creds.part }}")
                .var("prefix", "${{ 'p-' ~ env.SALT }}")
                .var("creds", map("part", "x", "user", "admin"))
                .var("unrelated", "${{ dataflow.vars.other }}")
                .step("a", CONNECTOR.with("secret", "Hunter2 ${{ dataflow.vars.pw }}")
                        .with("value", "${{ dataflow.vars.unrelated }}"))
                .build();

        assertThat(of(flow, map("pepper", "${{ global.vars.salt }}"), Map.of()).paths()).containsExactly(
                "dataflow.vars.creds.part", "dataflow.vars.prefix", "dataflow.vars.pw", "env.SALT",
                "global.vars.pepper", "global.vars.salt");
    }

    @Test
    void relativeNamesResolveInTheScopeOfTheirDefinition() {
        Dataflow flow = Dataflow.builder("f")
                .var("a", "${{ vars.b }}")
                .step("s", CONNECTOR.with("secret", "${{ vars.token ~ config.value ~ record.field }}")
                        .with("value", "${{ vars.token }}"))
                .stepVar("token", "${{ dataflow.vars.a }}")
                .build();

        assertThat(of(flow).paths()).containsExactly("dataflow.vars.a", "dataflow.vars.b", "steps.s.config.value",
                "steps.s.record.field", "steps.s.vars.token");
    }

    @Test
    void valuesGivenWhenTheRunStartsAreFollowedToo() {
        Dataflow flow = Dataflow.builder("f")
                .step("s", CONNECTOR.with("secret", "${{ dataflow.vars.pw }}"))
                .build();

        assertThat(of(flow, Map.of(), map("pw", "${{ vars.from_file }}")).paths())
                .containsExactly("dataflow.vars.from_file", "dataflow.vars.pw");
    }

    @Test
    void anIndexKnownOnlyAtRunTimeMakesTheWholeMapSecret() {
        Dataflow flow = Dataflow.builder("f")
                .var("which", "b")
                .step("s", CONNECTOR.with("secret", "${{ dataflow.vars.keys[dataflow.vars.which].toUpperCase() }}"))
                .build();

        assertThat(of(flow).paths()).containsExactly("dataflow.vars.keys", "dataflow.vars.which");
    }

    @Test
    void withoutExpressionsInSecretFieldsNothingIsSecret() {
        Dataflow flow = Dataflow.builder("f")
                .var("pw", "${{ 'x' }}")
                .step("s", CONNECTOR.with("secret", "literal").with("value", "${{ dataflow.vars.pw }}"))
                .build();

        assertThat(of(flow).isEmpty()).isTrue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void maskingReplacesTheValuesAtSecretPaths() {
        Dataflow flow = Dataflow.builder("f")
                .step("s", CONNECTOR.with("secret", "${{ dataflow.vars.creds.pw ~ dataflow.vars.list[0] }}"))
                .build();
        Map<String, Object> tree = (Map<String, Object>) JsonValues.mutableCopy(map(
                "dataflow", map("vars", map("creds", map("pw", "Hunter2", "user", "admin"),
                        "list", java.util.List.of("Hunter2"), "other", 1L))));

        of(flow).mask(tree);

        assertThat(tree).isEqualTo(map("dataflow", map("vars", map("creds", map("pw", "*****", "user", "admin"),
                "list", "*****", "other", 1L))));
    }
}
