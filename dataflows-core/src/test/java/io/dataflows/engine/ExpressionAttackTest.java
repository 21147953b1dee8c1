package io.dataflows.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.ExpressionMode;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StateStores;
import io.dataflows.StepSpec;
import io.dataflows.ValidationReport;
import io.dataflows.spi.RunRecord;
import io.dataflows.spi.StateStore;
import io.dataflows.testkit.ArraySource;
import io.dataflows.testkit.CollectingSink;
import io.dataflows.testkit.FatalStep;
import io.dataflows.testkit.TestConnector;
import io.dataflows.testkit.TestEngines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The attacks on expressions and variables of the security review, run as whole dataflows: each used to crash the
 * JVM, exhaust the heap or run for ever, and now ends the run with a clear error (or is invalid). And the policy for
 * {@link Error}s: never a step failure; they leave {@code run} after the run's clean-up.
 *
 * <p>Runs alone ({@code @Isolated}): it builds text up to the size limits (tens of megabytes per expression) under
 * timeouts, so it needs the heap and the processors to itself.
 */
@Isolated
class ExpressionAttackTest {

    @TempDir
    Path scratch;

    private static RunResult run(DataflowEngine engine, Dataflow flow) {
        return assertTimeoutPreemptively(Duration.ofSeconds(60), () -> engine.run(flow));
    }

    @ParameterizedTest
    @EnumSource(ExpressionMode.class)
    void twoThousandNestedParenthesesAreInvalid(ExpressionMode mode) {
        String deep = "(".repeat(2000) + "1" + ")".repeat(2000);
        Dataflow flow = Dataflow.builder("deep")
                .start("a", StepSpec.of(TestConnector.ID).with("value", "${{ " + deep + " }}"))
                .build();
        ValidationReport report = TestEngines.builder(mode).build().validate(flow);
        assertThat(report.isValid()).isFalse();
        assertThat(report.problems()).hasSize(1);
        assertThat(report.problems().get(0).message()).isEqualTo("Invalid expression in config.value: Expression"
                + " nests too deeply: more than 128 levels of brackets, operators, calls or member accesses (at"
                + " position 129) in expression '" + deep.substring(0, 200) + "...' (4001 characters)");
    }

    @ParameterizedTest
    @EnumSource(ExpressionMode.class)
    void fortyVariablesThatDoubleTextStopAtTheTextLimit(ExpressionMode mode) {
        Dataflow.Builder b = Dataflow.builder("doubling").var("v0", "x".repeat(1024 * 1024));
        for (int i = 1; i <= 40; i++) {
            b.var("v" + i, "${{ dataflow.vars.v" + (i - 1) + " ~ dataflow.vars.v" + (i - 1) + " }}");
        }
        Dataflow flow = b.start("a", StepSpec.of(TestConnector.ID).with("value", "${{ dataflow.vars.v40 }}"))
                .build();
        RunResult result = run(TestEngines.builder(mode).build(), flow);
        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.error().orElseThrow()).startsWith("Step 'a' (test_connector) failed: '~' would produce text"
                + " of 33554432 characters; the limit is 16777216 (maxStringLength) in expression"
                + " 'dataflow.vars.v4 ~ dataflow.vars.v4'");
    }

    @ParameterizedTest
    @EnumSource(ExpressionMode.class)
    void variablesThatReadEachOtherExponentiallyOftenStop(ExpressionMode mode) {
        Dataflow.Builder b = Dataflow.builder("fanout").var("v0", 1);
        for (int i = 1; i <= 40; i++) {
            String prev = "dataflow.vars.v" + (i - 1);
            b.var("v" + i, "${{ " + prev + " + " + prev + " - " + prev + " }}");
        }
        Dataflow flow = b.start("a", StepSpec.of(TestConnector.ID).with("value", "${{ dataflow.vars.v40 }}"))
                .build();
        RunResult result = run(TestEngines.builder(mode).build(), flow);
        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.error().orElseThrow()).contains("Reading 'dataflow.vars.v40' evaluates more than 10000"
                + " variables (at dataflow.vars.v");
    }

    @ParameterizedTest
    @EnumSource(ExpressionMode.class)
    void aStepVariableThatDoublesPerRecordStopsAtTheListLimit(ExpressionMode mode) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            records.add(Map.of("n", i));
        }
        Dataflow flow = Dataflow.builder("growing")
                .start("read", StepSpec.of(ArraySource.ID).with("source", records))
                .then("sink", StepSpec.of(CollectingSink.ID).with("name", "growing"))
                .stepVar("acc", "${{ [vars.acc ?? 0, vars.acc ?? 0] }}")
                .build();
        RunResult result = run(TestEngines.builder(mode).build(), flow);
        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.error().orElseThrow()).isEqualTo("Step 'sink' (test_sink) failed on record #20: Variable"
                + " 'steps.sink.vars.acc' would hold more than 1048576 items of lists and maps in total"
                + " (maxListSize) (vars.acc)");
    }

    @Test
    void theLimitsAreSettingsOfTheEngine() {
        DataflowEngine engine = TestEngines.builder().maxStringLength(100).maxListSize(3).regexStepLimit(50)
                .build();
        Dataflow text = Dataflow.builder("text")
                .start("a", StepSpec.of(TestConnector.ID).with("value", "${{ 'x'.repeat(60) ~ 'y'.repeat(41) }}"))
                .build();
        assertThat(run(engine, text).error().orElseThrow()).isEqualTo("Step 'a' (test_connector) failed: '~' would"
                + " produce text of 101 characters; the limit is 100 (maxStringLength) in expression"
                + " ''x'.repeat(60) ~ 'y'.repeat(41)' (config.value)");
        Dataflow list = Dataflow.builder("list")
                .start("a", StepSpec.of(TestConnector.ID).with("value", "${{ 1..4 }}")).build();
        assertThat(run(engine, list).error().orElseThrow()).isEqualTo("Step 'a' (test_connector) failed: Range 1..4"
                + " is too large: the limit is 3 items (maxListSize) in expression '1..4' (config.value)");
        Dataflow regex = Dataflow.builder("regex")
                .start("a", StepSpec.of(TestConnector.ID).with("value", "${{ 'x'.repeat(60) matches '/y/' }}"))
                .build();
        assertThat(run(engine, regex).error().orElseThrow()).isEqualTo("Step 'a' (test_connector) failed: Regular"
                + " expression y gave up after 50 steps on a text of 60 characters (catastrophic backtracking);"
                + " simplify the pattern or raise regexStepLimit in expression ''x'.repeat(60) matches '/y/''"
                + " (config.value)");
        assertThatThrownBy(() -> DataflowEngine.builder().maxStringLength(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxStringLength must be positive: 0");
        assertThatThrownBy(() -> DataflowEngine.builder().maxListSize(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxListSize must be positive: -1");
        assertThatThrownBy(() -> DataflowEngine.builder().regexStepLimit(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("regexStepLimit must be positive: 0");
    }

    // ---- errors of the Java runtime ------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = Fatal.class)
    void anErrorIsNoStepFailureAndLeavesTheRunAfterItsCleanUp(Fatal fatal) throws Exception {
        StateStore store = StateStores.inMemory();
        DataflowEngine engine = TestEngines.builder().stateStore(store).scratchRoot(scratch).build();
        Dataflow flow = Dataflow.builder("fatal")
                .start("a", StepSpec.of(FatalStep.ID).with("error", fatal.config))
                .build();
        assertThatThrownBy(() -> engine.run(flow)).isInstanceOf(fatal.error);
        List<RunRecord> runs = store.runs("fatal");
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).status()).isEqualTo("aborted");
        assertThat(runs.get(0).error()).startsWith("Run stopped by a fatal error of the Java runtime: "
                + fatal.error.getName());
        try (Stream<Path> left = Files.list(scratch)) {
            assertThat(left).as("scratch directories").isEmpty();
        }
        // the lock was released: the next run of the dataflow runs (and is not BLOCKED)
        Dataflow fixed = Dataflow.builder("fatal").start("a", StepSpec.of(TestConnector.ID)).build();
        assertThat(engine.run(fixed).status()).isEqualTo(RunStatus.FINALISED);
    }

    enum Fatal {
        OUT_OF_MEMORY("out_of_memory", OutOfMemoryError.class),
        STACK_OVERFLOW("stack_overflow", StackOverflowError.class);

        final String config;
        final Class<? extends Error> error;

        Fatal(String config, Class<? extends Error> error) {
            this.config = config;
            this.error = error;
        }
    }
}
