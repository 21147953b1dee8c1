package io.dataflows.engine;

import static io.dataflows.testkit.Maps.list;
import static io.dataflows.testkit.Maps.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.DataRecord;
import io.dataflows.Dataflow;
import io.dataflows.ExpressionMode;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepSpec;
import io.dataflows.internal.expr.ExpressionEngine;
import io.dataflows.testkit.ArraySource;
import io.dataflows.testkit.CollectingSink;
import io.dataflows.testkit.TestConnector;
import io.dataflows.testkit.TestKit;
import org.junit.jupiter.api.Test;

/** Scenarios ported from tool_dataflows' tests that need no built-in step type. */
class ScenarioPortsTest {

    private final TestKit kit = new TestKit();

    @Test
    void t02ConfigDrivenReaderDeliversItsSource() {
        Dataflow flow = Dataflow.builder("t02")
                .start("reader", StepSpec.of(ArraySource.ID).with("source",
                        list(map("a", 9, "b", 8, "c", 7), map("a", 6, "b", 5, "c", 4))))
                .then("sink", StepSpec.of(CollectingSink.ID))
                .build();
        RunResult r = kit.builder().build().run(flow);

        assertThat(r.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(kit.sink().records("sink")).containsExactly(DataRecord.of("a", 9, "b", 8, "c", 7),
                DataRecord.of("a", 6, "b", 5, "c", 4));
    }

    @Test
    void t42ExpressionsNameTheVariablesTheyRead() {
        // tool_dataflows extracted names for its dependency tracking; we evaluate on read and need only the roots
        // (for error messages) and absolute step references (for validation). Its malformed inputs such as
        // '${{.g A.a ...}}' are syntax errors here, reported at compile time.
        ExpressionEngine e = new ExpressionEngine(ExpressionMode.COMPILED);
        assertThat(e.template("").expressions()).isEmpty();
        assertThat(e.compile("a").roots()).containsExactly("a");
        assertThat(e.compile("a.b + a.c").roots()).containsExactly("a");
        assertThat(e.template("${{a.b}} ${{a.d}} ${{b.c}}").expressions())
                .flatExtracting(x -> x.roots()).containsExactly("a", "a", "b");
        assertThat(e.compile("isset(a[4][\"somefield\"])").roots()).containsExactly("a");
        assertThat(e.compile("A.a. + a[b]".replace(". +", " +")).roots()).containsExactly("A", "a", "b");
    }

    @Test
    void t50DetachedStepsAreListedToo() {
        StepSpec c = StepSpec.of(TestConnector.ID);
        Dataflow flow = Dataflow.builder("t50")
                .start("step1", c).then("step2", c).then("step3", c)
                .step("detached", c)
                .build();
        assertThat(flow.steps()).hasSize(4);
        assertThat(kit.builder().build().validate(flow).isValid()).isTrue();
        assertThat(Dataflow.builder("one").step("only", c).build().steps()).hasSize(1);
    }
}
