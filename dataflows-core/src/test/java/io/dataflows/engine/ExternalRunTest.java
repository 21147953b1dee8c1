package io.dataflows.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.DataflowException;
import io.dataflows.DataflowValidationException;
import io.dataflows.RunListener;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StateStores;
import io.dataflows.StepExecutionException;
import io.dataflows.StepResult;
import io.dataflows.StepSpec;
import io.dataflows.spi.RunRecord;
import io.dataflows.spi.StateStore;
import io.dataflows.testkit.TestConnector;
import io.dataflows.testkit.TestKit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A run executed elsewhere than in the engine (as a Beam pipeline is) is recorded in the state store as the engine's
 * own runs are: start, end, status, error and summary, the run lock, and the end also when the executor throws.
 */
class ExternalRunTest {

    private final StateStore store = StateStores.inMemory();
    private final TestKit kit = new TestKit();
    private final DataflowEngine engine = kit.builder().stateStore(store).build();
    private final Dataflow flow = Dataflow.builder("elsewhere").step("a", StepSpec.of(TestConnector.ID)).build();

    private static Map<String, StepResult> steps(RunStatus status, long in, long out) {
        Map<String, StepResult> steps = new LinkedHashMap<>();
        steps.put("a", StepResult.of("a", TestConnector.ID, status, in, out, Duration.ZERO));
        return steps;
    }

    @Test
    void aFinalisedRunIsRecordedWithItsSummaryUnderTheIdGivenToTheExecutor() {
        List<RunListener.RunInfo> seen = new ArrayList<>();
        RunResult result = engine.runWith(flow, RunOptions.builder().dryRun(true).build(), run -> {
            seen.add(run);
            assertThat(store.runs("elsewhere")).singleElement()
                    .satisfies(r -> assertThat(r.status()).isEqualTo("processing"));
            return RunResult.of(run.dataflowName(), run.runId(), run.dryRun(), RunStatus.FINALISED, null,
                    steps(RunStatus.FINISHED, 3, 2), Instant.EPOCH, Instant.EPOCH);
        });

        assertThat(seen).singleElement().satisfies(run -> {
            assertThat(run.dataflowName()).isEqualTo("elsewhere");
            assertThat(run.runName()).isEqualTo("1");
            assertThat(run.dryRun()).isTrue();
        });
        assertThat(result.runId()).isEqualTo(seen.get(0).runId());
        assertThat(result.runName()).isEqualTo("1");
        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(result.startedAt()).isAfter(Instant.EPOCH);
        assertThat(result.step("a").recordsOut()).isEqualTo(2);
        RunRecord record = store.runs("elsewhere").get(0);
        assertThat(record.id()).isEqualTo(result.runId());
        assertThat(record.status()).isEqualTo("finalised");
        assertThat(record.dryRun()).isTrue();
        assertThat(record.trigger()).isEqualTo("manual");
        assertThat(record.error()).isNull();
        assertThat(record.summary()).isEqualTo("{\"failedstep\":null,\"failedrecord\":null,\"steps\":{\"a\":"
                + "{\"status\":\"finished\",\"recordsin\":3,\"recordsout\":2,\"millis\":0}}}");
        assertThat(kit.connector().executions()).isEmpty();
    }

    @Test
    void anAbortedRunKeepsItsFailureAndFailedStep() {
        RunResult result = engine.runWith(flow, RunOptions.defaults(), run -> RunResult.of(run.dataflowName(),
                run.runId(), false, RunStatus.ABORTED, new StepExecutionException("Step 'a' (test_connector) failed:"
                        + " no", "elsewhere", "a", TestConnector.ID, 0, null),
                steps(RunStatus.ABORTED, 0, 0), Instant.EPOCH, Instant.EPOCH));

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        RunRecord record = store.runs("elsewhere").get(0);
        assertThat(record.status()).isEqualTo("aborted");
        assertThat(record.error()).isEqualTo(result.error().orElseThrow());
        assertThat(record.summary()).startsWith("{\"failedstep\":\"a\",\"failedrecord\":null,");
    }

    @Test
    void anExecutorThatThrowsLeavesTheRunAbortedWithItsMessage() {
        assertThatThrownBy(() -> engine.runWith(flow, RunOptions.defaults(), run -> {
            throw new DataflowException("The cluster went away", "elsewhere", null, null);
        })).isInstanceOf(DataflowException.class).hasMessage("The cluster went away");

        RunRecord record = store.runs("elsewhere").get(0);
        assertThat(record.status()).isEqualTo("aborted");
        assertThat(record.error()).isEqualTo("The cluster went away");
        assertThat(record.finishedAt()).isNotNull();
        assertThat(store.tryLock("elsewhere")).isPresent(); // released
    }

    @Test
    void aHeldLockBlocksTheRunWithoutCallingTheExecutor() {
        RunResult blocked;
        try (StateStore.Lock held = store.tryLock("elsewhere").orElseThrow()) {
            blocked = engine.runWith(flow, RunOptions.defaults(), run -> {
                throw new AssertionError("must not run");
            });
        }

        assertThat(blocked.status()).isEqualTo(RunStatus.BLOCKED);
        assertThat(store.runs("elsewhere")).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo("blocked");
            assertThat(r.error()).isEqualTo("Dataflow 'elsewhere' is locked by another run");
        });
    }

    @Test
    void anInvalidFlowIsRefusedBeforeAnythingIsRecorded() {
        Dataflow invalid = Dataflow.builder("elsewhere").step("a", StepSpec.of("no_such_type")).build();

        assertThatThrownBy(() -> engine.runWith(invalid, RunOptions.defaults(), run -> {
            throw new AssertionError("must not run");
        })).isInstanceOf(DataflowValidationException.class);
        assertThat(store.runs("elsewhere")).isEmpty();
    }
}
