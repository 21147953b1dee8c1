package io.dataflows.validate;

import static io.dataflows.testkit.Maps.list;
import static io.dataflows.testkit.Maps.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.Problem;
import io.dataflows.RunOptions;
import io.dataflows.StepSpec;
import io.dataflows.ValidationReport;
import io.dataflows.internal.definition.Aliases;
import io.dataflows.testkit.ArraySource;
import io.dataflows.testkit.CollectingSink;
import io.dataflows.testkit.TestConnector;
import io.dataflows.testkit.TestEngines;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValidationTest {

    private static final StepSpec READER = StepSpec.of(ArraySource.ID).with("source", list(map("a", 1)));
    private static final StepSpec WRITER = StepSpec.of(CollectingSink.ID);
    private static final StepSpec CONNECTOR = StepSpec.of(TestConnector.ID);

    private final DataflowEngine engine = TestEngines.builder().build();

    private List<String> problems(Dataflow flow) {
        List<String> out = new ArrayList<>();
        for (Problem p : engine.validate(flow).problems()) {
            out.add(p.toString());
        }
        return out;
    }

    @Test
    void dagCheckAcceptsDiamondsAndDisconnectedGraphs() {
        // tool_dataflows' DAG check vectors: edges [0,1],[0,3],[1,2],[1,3],[3,2],[3,4],[5,6],[6,3]
        Dataflow flow = Dataflow.builder("dag")
                .step("s0", CONNECTOR)
                .step("s1", CONNECTOR).dependsOn("s0")
                .step("s5", CONNECTOR)
                .step("s6", CONNECTOR).dependsOn("s5")
                .step("s3", CONNECTOR).dependsOn("s0", "s1", "s6")
                .step("s2", CONNECTOR).dependsOn("s1", "s3")
                .step("s4", CONNECTOR).dependsOn("s3")
                .build();
        List<String> p = problems(flow);
        assertThat(p).noneMatch(s -> s.contains("Directed Acyclic Graph"));

        Dataflow cyclic = flow.toBuilder().from("s0").dependsOn("s3").build();
        assertThat(problems(cyclic)).contains(
                "dataflow: Dataflow is not a valid Directed Acyclic Graph (DAG). Cycle: s0 → s1 → s3 → s0.");
    }

    @Test
    void flowStepsWithoutAReaderUpstreamAreReported() {
        Dataflow orphan = Dataflow.builder("orphan")
                .step("a", WRITER)
                .step("b", WRITER.with("name", "b")).dependsOn("a")
                .step("c", WRITER.with("name", "c")).dependsOn("b")
                .build();
        assertThat(problems(orphan)).contains(
                "b: Non reader steps must have at least one flow step dependency.",
                "c: Non reader steps must have at least one flow step dependency.");
        Dataflow fed = orphan.toBuilder().step("r", READER).from("a").dependsOn("r").build();
        assertThat(problems(fed)).noneMatch(p -> p.contains("Non reader steps"));
    }

    @Test
    void aChainOfTenThousandStepsValidates() {
        // Linear in steps and edges, without recursing along the chain (timed by dataflows-bench; docs/performance.md).
        Dataflow.Builder b = Dataflow.builder("long").step("s0", READER);
        for (int i = 1; i < 10_000; i++) {
            b.step("s" + i, WRITER.with("name", "long")).dependsOn("s" + (i - 1));
        }
        assertThat(problems(b.build())).isEmpty();
    }

    @Test
    void cycleInvalidatesAChainThatWasValid() {
        Dataflow flow = Dataflow.builder("t45")
                .start("step1", READER)
                .then("step2", WRITER)
                .then("step3", WRITER.with("name", "x"))
                .build();
        assertThat(problems(flow)).isEmpty();
        Dataflow cyclic = flow.toBuilder().from("step1").dependsOn("step3").build();
        assertThat(engine.validate(cyclic).isValid()).isFalse();
    }

    @Test
    void linkCountsAndKindsUseToolDataflowsMessages() {
        assertThat(problems(Dataflow.builder("a").step("r", READER).step("w", WRITER).dependsOn("r").build()))
                .isEmpty();
        assertThat(problems(Dataflow.builder("b").step("r", READER).step("r2", READER).dependsOn("r")
                .step("w", WRITER).dependsOn("r2").build()))
                .contains("r2: Invalid number of input flows (Found: 1). Requires between 0 and 1 input connector "
                        + "links and no input flows.");
        assertThat(problems(Dataflow.builder("c").step("w", WRITER).build()))
                .contains("w: Cannot have zero input links. Requires 1 input flow link and no input connectors.");
        assertThat(problems(Dataflow.builder("d").step("r1", READER).step("r2", READER).step("w", WRITER)
                .dependsOn("r1", "r2").build()))
                .contains("w: Invalid number of input flows (Found: 2). Requires 1 input flow link and no input "
                        + "connectors.");
        assertThat(problems(Dataflow.builder("e").step("r", READER).step("c", CONNECTOR).step("w", WRITER)
                .dependsOn("r", "c").build()))
                .contains("w: Dependencies cannot be a mixture flow and connector steps.");
        assertThat(problems(Dataflow.builder("f").step("c", CONNECTOR).step("w", WRITER).dependsOn("c").build()))
                .contains("w: Invalid number of input connectors (Found: 1). Requires 1 input flow link and no "
                        + "input connectors.");
        assertThat(problems(Dataflow.builder("g").step("r", READER).step("w", WRITER).dependsOn("r")
                .step("w2", WRITER).dependsOn("w").step("w3", WRITER).dependsOn("w").build()))
                .contains("w: Invalid number of output flows (Found: 2). Requires between 0 and 1 output flow links "
                        + "or between 0 and 1 output connector links. To send the records to several steps, make one "
                        + "flow_tee depend on 'w' and the steps on the tee.");
        assertThat(problems(Dataflow.builder("h").step("c1", CONNECTOR).step("c2", CONNECTOR).step("c3", CONNECTOR)
                .dependsOn("c1", "c2").build()))
                .contains("c3: Invalid number of input connectors (Found: 2). Requires between 0 and 1 input flow "
                        + "links or between 0 and 1 input connector links.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"simplename", "snake_name", "kebab-name", "Captial-name-with-number5"})
    void validAliasesPass(String alias) {
        // tool_dataflows' alias vectors
        assertThat(problems(Dataflow.builder("x").step(alias, CONNECTOR).build())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"has space", "has_punctuation!", "has.dot"})
    void invalidAliasesAreReported(String alias) {
        // tool_dataflows' alias vectors
        assertThat(problems(Dataflow.builder("x").step(alias, CONNECTOR).build()))
                .containsExactly(alias + ": Value \"" + alias + "\" for field \"Alias\" is invalid.");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "simplename|simplename", "snake_name|snake_name", "kebab-name|kebab-name", "spaced name|spaced_name",
        "Complex.name9!!|complex_name9_", "multiple..$% ^name|multiple_name"})
    void aliasesDeriveFromNames(String name, String alias) {
        // tool_dataflows' alias vectors
        assertThat(Aliases.fromName(name)).isEqualTo(alias);
    }

    @Test
    void namesMustBeUnique() {
        Dataflow flow = Dataflow.builder("x").step("a", CONNECTOR).stepName("Same")
                .step("b", CONNECTOR).stepName("Same").build();
        assertThat(problems(flow)).containsExactly("b: The name 'Same' is already in use for this dataflow.");
    }

    @Test
    void unknownTypeIsReportedWithASuggestionAndSkipsLinkChecks() {
        Dataflow flow = Dataflow.builder("x").step("a", StepSpec.of("test_conector")).build();
        assertThat(problems(flow)).containsExactly(
                "a: The step type \"test_conector\" does not exist. Did you mean \"test_connector\"?");
    }

    @Test
    void unknownConfigKeysAreWarningsListingTheKnownOnes() {
        // tool_dataflows ignores config keys the step type does not know: a warning, and the flow stays valid
        Dataflow flow = Dataflow.builder("x").step("a", CONNECTOR.with("outcom", "cancel")).build();
        assertThat(problems(flow)).containsExactly("warning: a: Unknown config key 'outcom' in dataflow 'x' is "
                + "ignored. Did you mean 'outcome'? Known keys: outcome, value, secret, path.");
        assertThat(engine.validate(flow).isValid()).isTrue();
    }

    @Test
    void requiredAndInvalidConfigUseToolDataflowsTexts() {
        Dataflow flow = Dataflow.builder("x")
                .step("r", StepSpec.of(ArraySource.ID)).step("w", WRITER).dependsOn("r")
                .step("c", CONNECTOR.with("outcome", "explode"))
                .build();
        assertThat(problems(flow)).containsExactly(
                "r: Config 'source' is missing.",
                "c: Config 'outcome' is invalid. Allowed values: continue, cancel, fail, abort.");
    }

    @Test
    void anUnknownStepCloseToAnAliasGetsADidYouMean() {
        Dataflow flow = Dataflow.builder("x")
                .step("mask", CONNECTOR.with("value", "x"))
                .step("b", CONNECTOR.with("value", "${{ steps.maks.value }}")).dependsOn("mask")
                .build();

        assertThat(problems(flow)).containsExactly("b: Unknown step 'maks' in expression 'steps.maks.value' "
                + "(config.value). Did you mean 'steps.mask'?");
    }

    @Test
    void expressionsMustCompileAndNameExistingSteps() {
        Dataflow flow = Dataflow.builder("x")
                .var("bad", "${{ 1 + }}")
                .var("ok", "${{ steps.a.name }}")
                .step("a", CONNECTOR.with("value", "${{ steps.nosuch.vars.x }}"))
                .stepVar("v", "${{ foo(1) }}")
                .build();
        assertThat(problems(flow)).containsExactly(
                "dataflow: Invalid expression in vars.bad: Unexpected end of expression at position 4 in expression "
                        + "'1 +'",
                "a: Unknown step 'nosuch' in expression 'steps.nosuch.vars.x' (config.value).",
                "a: Invalid expression in vars.v: Unknown function 'foo' (known: abs, ceil, count, date, explode, "
                        + "floor, format_time, fromJSON, get_object_vars, get_var, implode, intval, isset, max, min, "
                        + "round, strlen, strtolower, strtotime, strtoupper, time, toJSON, trim, userdate) in "
                        + "expression 'foo(1)'");
    }

    @Test
    void dependenciesAndOutputsMustExist() {
        Dataflow flow = Dataflow.builder("x")
                .step("r", READER).step("w", WRITER).dependsOn("r:2")
                .build();
        assertThat(problems(flow)).contains("w: Step 'r' has a single output; \"r:2\" names output #2.");
    }

    @Test
    void absolutePathsOutsidePermittedDirectoriesFailValidation(@TempDir Path dir) {
        DataflowEngine permitted = TestEngines.builder().permittedDirectory(dir).build();
        Dataflow outside = Dataflow.builder("x").step("a", CONNECTOR.with("path", "/etc/passwd")).build();
        Dataflow inside = Dataflow.builder("x").step("a", CONNECTOR.with("path", dir.resolve("f.txt").toString()))
                .build();
        Dataflow escape = Dataflow.builder("x").step("a", CONNECTOR.with("path", dir + "/../x.txt")).build();

        assertThat(permitted.validate(outside).messages()).containsExactly("Path \"/etc/passwd\" is not permitted.");
        assertThat(permitted.validate(inside).isValid()).isTrue();
        assertThat(permitted.validate(escape).messages()).containsExactly(
                "Path \"" + dir + "/../x.txt\" is not permitted.");
        ValidationReport relative = permitted.validate(
                Dataflow.builder("x").step("a", CONNECTOR.with("path", "../../x.txt")).build(),
                RunOptions.builder().baseDir(dir).build());
        assertThat(relative.messages()).containsExactly("Path \"../../x.txt\" is not permitted.");
    }

    @Test
    void problemsOfTheDataflowComeFirstThenStepsInOrder() {
        Dataflow flow = Dataflow.builder("")
                .step("b", StepSpec.of("nope"))
                .step("a", CONNECTOR.with("zzz", 1))
                .build();
        assertThat(problems(flow)).containsExactly(
                "dataflow: The dataflow has no name.",
                "b: The step type \"nope\" does not exist.",
                "warning: a: Unknown config key 'zzz' in dataflow '' is ignored. Known keys: outcome, value, "
                        + "secret, path.");
    }

    @Test
    void dataflowFlagsMustBeBooleans() {
        Dataflow flow = Dataflow.builder("x").config("enabled", "maybe").config("concurrencyenabled", "1")
                .step("a", CONNECTOR).build();
        assertThat(problems(flow)).containsExactly(
                "dataflow: Config 'enabled' is invalid. It must be true or false.");
    }

    @Test
    void twoStreamsLinkedThroughAConnectorAreValid() {
        Dataflow flow = Dataflow.builder("x")
                .step("r1", READER)
                .step("w1", WRITER).dependsOn("r1")
                .step("c", CONNECTOR).dependsOn("w1")
                .step("r2", READER).dependsOn("c")
                .step("w2", WRITER).dependsOn("r2")
                .build();
        assertThat(problems(flow)).isEmpty();
    }
}
