package io.dataflows.vars;

import static io.dataflows.testkit.Maps.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.DataflowException;
import io.dataflows.ExpressionMode;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.SecretProvider;
import io.dataflows.StateStores;
import io.dataflows.StepSpec;
import io.dataflows.internal.expr.ExpressionEngine;
import io.dataflows.internal.util.Json;
import io.dataflows.internal.vars.Redactor;
import io.dataflows.internal.vars.VarTree;
import io.dataflows.spi.StateStore;
import io.dataflows.testkit.TestConnector;
import io.dataflows.testkit.TestEngines;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VariablesTest {

    private static final StepSpec CONNECTOR = StepSpec.of(TestConnector.ID);

    private static VarTree tree() {
        return new VarTree(new ExpressionEngine(ExpressionMode.COMPILED), Clock.systemUTC(),
                SecretProvider.none(), new Redactor());
    }

    private static String json(VarTree t, String path) {
        return Json.write(t.globalScope().path(path) instanceof io.dataflows.internal.expr.Lookup
                ? ((io.dataflows.internal.expr.Lookup) t.globalScope().path(path)).materialize()
                : t.globalScope().path(path));
    }

    @Test
    void settingPathsCreatesAndMergesNodes() {
        // tool_dataflows' variable tree unit tests, with the tree rooted at 'global' here
        VarTree t = tree();
        t.set("global.a.b.c", "two");
        assertThat(json(t, "global")).isEqualTo("{\"a\":{\"b\":{\"c\":\"two\"}}}");
        t.set("global.a.d", "three");
        t.set("global.a.b.c", "four");
        assertThat(json(t, "global")).isEqualTo("{\"a\":{\"b\":{\"c\":\"four\"},\"d\":\"three\"}}");
        assertThat(json(t, "global.a.b")).isEqualTo("{\"c\":\"four\"}");

        VarTree m = tree();
        m.set("global.a.b.c", "two");
        m.set("global.a", map("a", 1, "b", map("a", 3), "c", map("a", 8, "b", 9, "c", 10)));
        assertThat(json(m, "global")).isEqualTo(
                "{\"a\":{\"b\":{\"c\":\"two\",\"a\":3},\"a\":1,\"c\":{\"a\":8,\"b\":9,\"c\":10}}}");
    }

    @Test
    void mixingValuesAndMapsIsAnError() {
        VarTree t = tree();
        t.set("global.a.b", 1);
        assertThatThrownBy(() -> t.set("global.a.b.c", 2)).isInstanceOf(DataflowException.class)
                .hasMessage("Attempting to reference a leaf as a branch for 'global.a.b.c'.");
        assertThatThrownBy(() -> t.set("global.a.b", map("x", 1)))
                .hasMessage("Attempting to assign an object to a value node for 'global.a.b'.");
        assertThatThrownBy(() -> t.set("global.a", 5))
                .hasMessage("Attempting to assign a value to an object node for 'global.a'.");
        assertThatThrownBy(() -> t.set("run.id", 5)).hasMessage("Variables under 'run' are read-only (setting "
                + "'run.id')");
        assertThatThrownBy(() -> t.set("nope.x", 5)).hasMessage("Variable path must start with global, dataflow or "
                + "steps: 'nope.x'");
    }

    @Test
    void configValuesReferringToEachOtherResolve() {
        // Self-references inside a map-valued config field
        Dataflow flow = Dataflow.builder("t35")
                .step("reader", CONNECTOR.with("value", map(
                        "sql", "select ${{ steps.reader.config.value.something + steps.reader.config.value"
                                + ".countervalue }}",
                        "countervalue", "${{ steps.reader.config.value.counterfield + steps.reader.config.value"
                                + ".counterfield }}",
                        "counterfield", "${{ steps.reader.config.value.something + 10 }}",
                        "something", "1")))
                .build();
        RunResult r = TestEngines.builder().build().run(flow);

        assertThat(r.variable("steps.reader.value")).contains(map("sql", "select 23", "countervalue", 22L,
                "counterfield", 11L, "something", "1"));
        assertThat(r.variable("steps.reader.config.value.sql")).contains(
                "select ${{ steps.reader.config.value.something + steps.reader.config.value.countervalue }}");
    }

    @Test
    void referenceCyclesAreReportedNotRecursed() {
        Dataflow flow = Dataflow.builder("cycle")
                .var("a", "${{ dataflow.vars.b }}")
                .var("b", "x${{ vars.a }}")
                .step("s", CONNECTOR.with("value", "${{ dataflow.vars.a }}"))
                .build();
        DataflowEngine engine = TestEngines.builder().build();

        assertThat(engine.validate(flow).problems()).extracting(Object::toString).containsExactly("dataflow: "
                + "Reference cycle between variables: dataflow.vars.a → dataflow.vars.b → dataflow.vars.a.");
        // A cycle validation cannot see, closed by a value the run's options set, is reported when evaluated.
        Dataflow open = Dataflow.builder("cycle")
                .var("b", "x${{ vars.a }}")
                .step("s", CONNECTOR.with("value", "${{ dataflow.vars.a }}"))
                .build();
        RunResult r = engine.run(open, RunOptions.builder().var("a", "${{ dataflow.vars.b }}").build());

        assertThat(r.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(r.error().orElseThrow()).isEqualTo("Step 's' (test_connector) failed: Reference cycle between "
                + "variables: dataflow.vars.a → dataflow.vars.b → dataflow.vars.a in expression 'vars.a' "
                + "(config.value)");
    }

    @Test
    void dataflowVarsFollowDefinitionThenPersistedThenRunOptions() {
        StateStore store = StateStores.inMemory();
        store.saveVariables("prec", Map.of("b", "persisted", "c", "persisted"));
        DataflowEngine engine = TestEngines.builder().stateStore(store).build();
        Dataflow flow = Dataflow.builder("prec")
                .var("a", "defined").var("b", "defined").var("c", "defined")
                .step("s", CONNECTOR.with("value", "${{ vars_list }}".replace("vars_list",
                        "[dataflow.vars.a, dataflow.vars.b, dataflow.vars.c]")))
                .build();

        RunResult r = engine.run(flow, RunOptions.builder().var("c", "option").build());

        assertThat(r.variable("steps.s.value")).contains(List.of("defined", "persisted", "option"));
        assertThat(store.loadVariables("prec")).isEqualTo(Map.of("b", "persisted", "c", "persisted"));
    }

    @Test
    void dataflowVarsMayReferToStepsAndTheDataflow() {
        // With our steps: names and aliases resolve; relative 'vars.x' means dataflow.vars.x
        Dataflow flow = Dataflow.builder("Example Dataflow")
                .var("expression", "with steps ${{ steps.notify.name }} and ${{ steps.read_value.name }}")
                .var("expression_dataflow_name", "${{ dataflow.name }}")
                .var("expression_concat", "${{ steps.notify.alias~steps.read_value.alias }}")
                .var("relative", "${{ vars.expression_concat ~ '!' }}")
                .step("read_value", CONNECTOR).stepName("Read a value")
                .step("notify", CONNECTOR.with("value", "${{ dataflow.vars }}")).dependsOn("read_value")
                .build();
        RunResult r = TestEngines.builder().build().run(flow);

        assertThat(r.variable("steps.notify.value")).contains(map(
                "expression", "with steps notify and Read a value",
                "expression_dataflow_name", "Example Dataflow",
                "expression_concat", "notifyread_value",
                "relative", "notifyread_value!"));
        // The run's variables are what expressions see: the value, not the definition.
        assertThat(r.variable("dataflow.vars.expression")).contains("with steps notify and Read a value");
        assertThat(r.variable("dataflow.vars.relative")).contains("notifyread_value!");
    }

    @Test
    void stepVarsAreEvaluatedAfterTheStepAndArraysStayArrays() {
        Dataflow flow = Dataflow.builder("basic")
                .var("abc", List.of(1, 2, 3))
                .step("wait", CONNECTOR.with("value", 1)).stepVar("dunno", "${{ dataflow.name }}")
                .step("deb", CONNECTOR).dependsOn("wait")
                .stepVar("out", "${{ dataflow.vars.abc}}")
                .stepVar("waittime", "${{ steps.wait.config.value }}")
                .stepVar("nested", map("twice", "${{ steps.wait.value * 2 }}", "literal", "x"))
                .build();
        RunResult r = TestEngines.builder().build().run(flow);

        assertThat(r.variable("steps.deb.vars.out")).contains(List.of(1L, 2L, 3L));
        assertThat(r.variable("steps.deb.vars.waittime")).contains(1L);
        assertThat(r.variable("steps.deb.vars.nested")).contains(map("twice", 2L, "literal", "x"));
        assertThat(r.variable("steps.wait.vars.dunno")).contains("basic");
        assertThat(r.variable("steps.wait.config.value")).contains(1L);
    }

    @Test
    void globalVarsAndEnvAreVisibleButOnlyWhatTheHostExposes() {
        DataflowEngine engine = TestEngines.builder()
                .globalVar("env_name", "prod")
                .globalVar("derived", "${{ global.vars.env_name ~ '-1' }}")
                .env("HOME_DIR", "/home/app")
                .build();
        Dataflow flow = Dataflow.builder("g")
                .step("s", CONNECTOR.with("value", "${{ global.vars.derived ~ ' ' ~ env.HOME_DIR }}"))
                .build();
        RunResult r = engine.run(flow);
        assertThat(r.variable("steps.s.value")).contains("prod-1 /home/app");

        RunResult missing = engine.run(Dataflow.builder("g2")
                .step("s", CONNECTOR.with("value", "${{ env.PATH }}")).build());
        assertThat(missing.error().orElseThrow()).contains("Unknown variable 'env.PATH' (known: HOME_DIR)");
    }

    @Test
    void theExportedTreeHoldsWhatExpressionsSeeAndAnErrorMarkerForWhatFails() {
        Dataflow flow = Dataflow.builder("shown")
                .var("base", 10)
                .var("derived", "${{ dataflow.vars.base + 777 }}")
                .var("nested", map("text", "n=${{ vars.derived }}", "list", List.of(1, "${{ 2 }}")))
                .var("later", "${{ steps.s.vars.twice }}")
                .var("broken", "${{ dataflow.vars.text + 1 }}")
                .var("text", "plain")
                .step("s", CONNECTOR.with("value", "${{ dataflow.vars.derived }}"))
                .stepVar("twice", "${{ dataflow.vars.derived * 2 }}")
                .build();
        StateStore store = StateStores.inMemory();

        RunResult r = TestEngines.builder().globalVar("g", "hello").globalVar("gt", "${{ global.vars.g ~ '!' }}")
                .stateStore(store).build().run(flow, RunOptions.builder().var("opt", "${{ vars.base * 2 }}").build());

        assertThat(r.variables().get("global")).isEqualTo(map("vars", map("g", "hello", "gt", "hello!")));
        Map<String, Object> expectedVars = map(
                "base", 10L,
                "derived", 787L,
                "nested", map("text", "n=787", "list", List.of(1L, "${{ 2 }}")), // lists hold values, not templates
                "later", 1574L,
                "broken", map("$error", "Unsupported operand for '+': 'plain' is not a number in expression "
                        + "'dataflow.vars.text + 1'"),
                "text", "plain",
                "opt", 20L);
        assertThat(r.variable("dataflow.vars")).contains(expectedVars);
        assertThat(r.variable("steps.s.vars")).contains(map("twice", 1574L));
        assertThat(r.variable("steps.s.config")).contains(map("value", "${{ dataflow.vars.derived }}"));
        // The start state, taken before any step ran: what a step publishes is not there yet.
        Map<?, ?> start = (Map<?, ?>) Json.read(store.runs("shown").get(0).startState());
        assertThat(((Map<?, ?>) ((Map<?, ?>) start.get("dataflow")).get("vars")).get("later")).isEqualTo(map(
                "$error", "Unknown variable 'steps.s.vars.twice' (it has no fields) in expression "
                        + "'steps.s.vars.twice'"));
    }
}
