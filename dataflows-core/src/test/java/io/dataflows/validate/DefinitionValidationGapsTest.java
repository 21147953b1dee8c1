package io.dataflows.validate;

import static io.dataflows.testkit.Maps.list;
import static io.dataflows.testkit.Maps.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.Problem;
import io.dataflows.RunOptions;
import io.dataflows.StepSpec;
import io.dataflows.testkit.ArraySource;
import io.dataflows.testkit.CollectingSink;
import io.dataflows.testkit.TestConnector;
import io.dataflows.testkit.TestEngines;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What validation reports that used to fail only at run time, or not at all: self-dependencies, output numbers
 * beyond any int, names and aliases too long for the state store, unknown dataflow-level config keys, unknown
 * dataflow variables and cycles between them.
 */
class DefinitionValidationGapsTest {

    private static final StepSpec READER = StepSpec.of(ArraySource.ID).with("source", list(map("a", 1)));
    private static final StepSpec WRITER = StepSpec.of(CollectingSink.ID);
    private static final StepSpec CONNECTOR = StepSpec.of(TestConnector.ID);

    private final DataflowEngine engine = TestEngines.builder().build();

    private List<String> problems(Dataflow flow) {
        return problems(flow, RunOptions.defaults());
    }

    private List<String> problems(Dataflow flow, RunOptions options) {
        List<String> out = new ArrayList<>();
        for (Problem p : engine.validate(flow, options).problems()) {
            out.add(p.toString());
        }
        return out;
    }

    @Test
    void aSelfDependencyIsACycle() {
        // JGraphT refused the edge with "loops not allowed", an IllegalArgumentException out of validate().
        Dataflow flow = Dataflow.builder("x").step("a", CONNECTOR).dependsOn("a").build();

        assertThat(problems(flow)).containsExactly(
                "dataflow: Dataflow is not a valid Directed Acyclic Graph (DAG). Cycle: a → a.");
    }

    @Test
    void anOutputNumberBeyondAnyIntIsAProblem() {
        // Integer.parseInt threw NumberFormatException out of validate().
        Dataflow flow = Dataflow.builder("x")
                .step("r", READER).step("w", WRITER).dependsOn("r:99999999999999999999")
                .build();

        assertThat(problems(flow)).containsExactly(
                "w: Step 'r' has a single output; \"r:99999999999999999999\" names output #99999999999999999999.");
    }

    @Test
    void namesAndAliasesMustFitTheStateStoresColumns() {
        String longName = "n".repeat(120_000);
        String longAlias = "a".repeat(256);
        Dataflow flow = Dataflow.builder(longName)
                .step(longAlias, CONNECTOR)
                .step("b", CONNECTOR).stepName("m".repeat(1001))
                .build();

        assertThat(problems(flow)).containsExactly(
                "dataflow: The name is 120000 characters long; at most 1000 are allowed.",
                "a".repeat(60) + "…: The alias is 256 characters long; at most 255 are allowed.",
                "b: The name is 1001 characters long; at most 1000 are allowed.");
        assertThat(engine.validate(flow).toString()).hasSizeLessThan(500);
        assertThat(problems(Dataflow.builder("n".repeat(1000)).step("a".repeat(255), CONNECTOR)
                .stepName("m".repeat(1000)).build())).isEmpty();
    }

    @Test
    void dataflowConfigTakesTheKeysOfToolDataflowsExports() {
        Dataflow known = Dataflow.builder("x").config("loghandlers", "file_per_run").config("notifyonabort", "")
                .config("minloglevel", 200).step("a", CONNECTOR).build();
        Dataflow listed = Dataflow.builder("x").config("notifyonabort", List.of("a@example.com", "b@example.com"))
                .step("a", CONNECTOR).build();
        Dataflow wrong = Dataflow.builder("x").config("enabeld", true).config("loghandlers", List.of("a"))
                .config("notifyonabort", List.of("a@example.com", map("b", 1)))
                .config("minloglevel", "debug").config("concurrencyenabled", 5).step("a", CONNECTOR).build();

        assertThat(problems(known)).isEmpty();
        assertThat(problems(listed)).isEmpty();
        assertThat(problems(wrong)).containsExactly(
                "dataflow: Config 'concurrencyenabled' is invalid. It must be true or false.",
                "dataflow: Unknown config key 'enabeld'. Known keys: enabled, concurrencyenabled, loghandlers, "
                        + "notifyonabort, minloglevel, expressions.",
                "dataflow: Config 'loghandlers' is invalid. It must be text.",
                "dataflow: Config 'notifyonabort' is invalid. It must be text or a list of texts.",
                "dataflow: Config 'minloglevel' is invalid. It must be a whole number (a Monolog level: 100 debug "
                        + "… 600 emergency).");
    }

    @Test
    void unknownDataflowVariablesAreReportedWithASuggestion() {
        Dataflow flow = Dataflow.builder("x")
                .var("count", 1)
                .var("db", map("host", "h"))
                .var("copy", "${{ vars.cuont }}")
                .step("a", CONNECTOR.with("value", "${{ dataflow.vars.cout + 1 }}"))
                .stepVar("v", "${{ dataflow.vars.db.hots }}")
                .step("b", CONNECTOR.with("value", "${{ dataflow.vars.nothing_like_it }}"))
                .build();

        assertThat(problems(flow)).containsExactly(
                "dataflow: Unknown variable 'dataflow.vars.cuont' in expression 'vars.cuont' (vars.copy). Did you "
                        + "mean 'dataflow.vars.count'?",
                "a: Unknown variable 'dataflow.vars.cout' in expression 'dataflow.vars.cout + 1' (config.value). "
                        + "Did you mean 'dataflow.vars.count'?",
                "a: Unknown variable 'dataflow.vars.db.hots' in expression 'dataflow.vars.db.hots' (vars.v). Did "
                        + "you mean 'dataflow.vars.db.host'?",
                "b: Unknown variable 'dataflow.vars.nothing_like_it' in expression 'dataflow.vars.nothing_like_it' "
                        + "(config.value). Define it under 'vars', or test it with isset() or ??.");
    }

    @Test
    void variablesThatMayExistAreNotReported() {
        Dataflow guarded = Dataflow.builder("x")
                .step("a", CONNECTOR.with("value", "${{ (dataflow.vars.n ?? 0) + (isset(dataflow.vars.m) ? 1 : 0) "
                        + "}}"))
                .step("b", CONNECTOR.with("value", "${{ dataflow.vars.list[0] ~ dataflow.vars[record_key] }}"))
                .build();
        Dataflow written = Dataflow.builder("x")
                .step("set", CONNECTOR.with("value", "dataflow.vars.counter"))
                .step("use", CONNECTOR.with("value", "${{ dataflow.vars.counter }}")).dependsOn("set")
                .build();
        Dataflow optioned = Dataflow.builder("x")
                .step("a", CONNECTOR.with("value", "${{ dataflow.vars.given }}"))
                .build();

        assertThat(problems(guarded)).containsExactly(
                "b: Unknown variable 'dataflow.vars.list' in expression 'dataflow.vars.list[0] ~ "
                        + "dataflow.vars[record_key]' (config.value). Define it under 'vars', or test it with "
                        + "isset() or ??.");
        assertThat(problems(written)).isEmpty();
        assertThat(problems(optioned, RunOptions.builder().var("given", 1).build())).isEmpty();
        assertThat(problems(optioned)).hasSize(1);
    }

    @Test
    void cyclesBetweenDataflowVariablesAreReportedOnce() {
        Dataflow flow = Dataflow.builder("x")
                .var("a", "${{ dataflow.vars.b }}")
                .var("b", map("c", "${{ vars.a ~ '!' }}", "d", 1))
                .var("self", "${{ vars.self }}")
                .var("fine", map("x", "${{ vars.fine.y }}", "y", 2))
                .step("s", CONNECTOR)
                .build();

        assertThat(problems(flow)).containsExactly(
                "dataflow: Reference cycle between variables: dataflow.vars.a → dataflow.vars.b.c → "
                        + "dataflow.vars.a.",
                "dataflow: Reference cycle between variables: dataflow.vars.self → dataflow.vars.self.");
    }

    @Test
    void aLongChainOfVariablesIsCheckedWithoutRecursion() {
        Dataflow.Builder b = Dataflow.builder("x");
        int n = 50_000;
        for (int i = 0; i < n; i++) {
            b.var("v" + i, "${{ vars.v" + (i + 1) + " }}");
        }
        b.var("v" + n, "${{ vars.v0 }}");

        List<String> p = problems(b.step("s", CONNECTOR).build());

        assertThat(p).containsExactly("dataflow: Reference cycle between variables: dataflow.vars.v0 → "
                + "dataflow.vars.v1 → dataflow.vars.v2 → dataflow.vars.v3 → dataflow.vars.v4 → … → "
                + "dataflow.vars.v50000 → dataflow.vars.v0 (50001 variables).");
    }
}
