package io.dataflows.steps;

import static io.dataflows.testkit.Maps.list;
import static io.dataflows.testkit.Maps.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.Effect;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepSpec;
import io.dataflows.testkit.ArraySource;
import io.dataflows.testkit.CollectingSink;
import io.dataflows.testkit.TestKit;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class WaitStepTest {

    private final TestKit kit = new TestKit();

    /** What the steps asked to sleep; the engine's sleeper returns at once, so these tests never really wait. */
    private final List<Duration> slept = new CopyOnWriteArrayList<>();
    private final DataflowEngine engine = kit.builder().sleeper(slept::add).build();

    @Test
    void variablesFlowThroughConnectorsIntoTheStream() {
        kit.sink().reset();
        Dataflow flow = Dataflow.builder("t41")
                .step("wait", Steps.connectorWait(1))
                .step("dbg", Steps.connectorDebugging()).dependsOn("wait")
                .stepVar("waittime", "${{steps.wait.config.timesec}}")
                .step("reader", StepSpec.of(ArraySource.ID).with("source",
                        list(map("a", 1, "b", 2, "c", 3), map("a", 4, "b", 5, "c", 6))))
                .dependsOn("dbg")
                .step("writer", StepSpec.of(CollectingSink.ID)).dependsOn("reader").stepVar("c", "${{record.c}}")
                .build();

        RunResult result = engine.run(flow);

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(result.variable("steps.dbg.vars.waittime")).contains(1L);
        assertThat(result.variable("steps.writer.vars.c")).contains(6L);
        assertThat(slept).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void aDryRunDoesNotWaitButReportsIt() {
        Dataflow flow = Dataflow.builder("dry").step("wait", Steps.connectorWait("30")).build();

        RunResult result = engine.run(flow, RunOptions.builder().dryRun(true).build());

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(result.effects()).extracting(Object::toString).containsExactly("wait: would wait 30 seconds");
        assertThat(result.effects()).containsExactly(Effect.of("wait", Effect.Kind.WAIT, null, "wait 30 seconds"));
        assertThat(slept).isEmpty();
    }

    @Test
    void aLongWaitAsksTheEngineSleeperForTheWholeTime() {
        Dataflow flow = Dataflow.builder("long").step("wait", Steps.connectorWait("${{ 2 * 3600 }}")).build();

        RunResult result = engine.run(flow);

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(slept).containsExactly(Duration.ofHours(2));
    }

    @Test
    void anInterruptedWaitCancelsTheRunAndKeepsTheThreadInterrupted() {
        DataflowEngine interrupted = kit.builder().sleeper(d -> {
            throw new InterruptedException("sleep interrupted");
        }).build();
        Dataflow flow = Dataflow.builder("interrupted").step("wait", Steps.connectorWait(5)).build();

        RunResult result;
        boolean stillInterrupted;
        try {
            result = interrupted.run(flow);
        } finally {
            stillInterrupted = Thread.interrupted(); // clears the flag for the next test on this thread
        }

        assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(result.cancelReason()).contains("interrupted");
        assertThat(result.error()).isEmpty();
        assertThat(stillInterrupted).isTrue();
    }

    @Test
    void aValueThatIsNotANonNegativeWholeNumberFailsTheStep() {
        Dataflow flow = Dataflow.builder("bad")
                .var("delay", "soon")
                .step("wait", Steps.connectorWait("${{ dataflow.vars.delay }}"))
                .build();

        RunResult result = engine.run(flow);

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.error()).hasValueSatisfying(m -> assertThat(m)
                .endsWith("Wait time value must evaluate to a positive integer (had \"soon\")."));
    }

    @Test
    void validationReportsAMissingOrNegativeTime() {
        Dataflow missing = Dataflow.builder("missing").step("wait", StepSpec.of("connector_wait")).build();
        Dataflow negative = Dataflow.builder("negative").step("wait", Steps.connectorWait(-1)).build();

        assertThat(engine.validate(missing).messages()).containsExactly("Config 'timesec' is missing.");
        assertThat(engine.validate(negative).messages())
                .containsExactly("Wait time value must evaluate to a positive integer (had \"-1\").");
    }
}
