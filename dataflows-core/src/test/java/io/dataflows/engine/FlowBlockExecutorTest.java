package io.dataflows.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.DataflowException;
import io.dataflows.FlowBlockRun;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StateStores;
import io.dataflows.StepExecutionException;
import io.dataflows.StepResult;
import io.dataflows.StepSpec;
import io.dataflows.spi.StateStore;
import io.dataflows.testkit.ArraySource;
import io.dataflows.testkit.CollectingSink;
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
 * A run whose flow blocks are executed elsewhere ({@code DataflowEngine.runWithFlowBlocks}, as the Beam runner does):
 * the engine runs the connectors, hands each block over with the variables as they stand, and takes its outcome.
 */
class FlowBlockExecutorTest {

    private final StateStore store = StateStores.inMemory();
    private final TestKit kit = new TestKit();
    private final DataflowEngine engine = kit.builder().stateStore(store).build();

    /** before → source → sink → after, where {@code after} publishes how many records the sink handled. */
    private final Dataflow flow = Dataflow.builder("blocks")
            .var("greeting", "hi")
            .var("nothing", null)
            .start("before", StepSpec.of(TestConnector.ID, Map.of("value", "${{ dataflow.vars.greeting }}")))
            .then("source", StepSpec.of(ArraySource.ID, Map.of("source", List.of(Map.of("n", 1), Map.of("n", 2)))))
            .then("sink", StepSpec.of(CollectingSink.ID))
            .then("after", StepSpec.of(TestConnector.ID, Map.of("value", "${{ steps.sink.iterations }}")))
            .build();

    private static RunResult outcome(FlowBlockRun block, RunStatus status, StepExecutionException failure,
            String cancelReason) {
        Map<String, StepResult> steps = new LinkedHashMap<>();
        steps.put("source", StepResult.of("source", ArraySource.ID, status, 0, 5, Duration.ofMillis(7)));
        steps.put("sink", StepResult.of("sink", CollectingSink.ID, status, 5, 5, Duration.ofMillis(3)));
        return status == RunStatus.CANCELLED
                ? RunResult.cancelled(block.dataflow(), block.runId(), block.dryRun(), cancelReason, steps,
                        Instant.EPOCH, Instant.EPOCH)
                : RunResult.of(block.dataflow(), block.runId(), block.dryRun(), status, failure, steps, Instant.EPOCH,
                        Instant.EPOCH);
    }

    @Test
    void theConnectorsRunHereAndTheBlockElsewhereWithTheVariablesAsTheyStand() {
        List<FlowBlockRun> blocks = new ArrayList<>();
        RunResult result = engine.runWithFlowBlocks(flow, RunOptions.builder().var("extra", 3).build(), block -> {
            blocks.add(block);
            assertThat(kit.connector().executions()).containsExactly("before");
            return outcome(block, RunStatus.FINALISED, null, null);
        });

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(blocks).singleElement().satisfies(block -> {
            assertThat(block.dataflow()).isEqualTo("blocks");
            assertThat(block.runId()).isEqualTo(result.runId());
            assertThat(block.steps()).containsExactly("source", "sink");
            Map<String, Object> expected = new LinkedHashMap<>(Map.of("greeting", "hi", "extra", 3L));
            expected.put("nothing", null);
            assertThat(block.vars()).containsExactlyInAnyOrderEntriesOf(expected);
        });
        assertThat(kit.sink().records("sink")).as("the block did not run here").isEmpty();
        assertThat(kit.connector().executions()).containsExactly("before", "after");
        assertThat(result.step("sink").recordsIn()).isEqualTo(5);
        assertThat(result.step("sink").duration()).isEqualTo(Duration.ofMillis(3));
        assertThat(result.steps().values()).allSatisfy(s -> assertThat(s.status()).isEqualTo(RunStatus.FINALISED));
        @SuppressWarnings("unchecked")
        Map<String, Object> after = (Map<String, Object>) ((Map<String, Object>) result.variables().get("steps"))
                .get("after");
        assertThat(after).containsEntry("value", 5L);
        assertThat(store.runs("blocks")).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo("finalised"));
    }

    @Test
    void theExecutorReadsAndWritesTheStateOfTheBlocksStepsInTheRunsStore() {
        store.putStepState("blocks", "source", "position", 4L);

        RunResult result = engine.runWithFlowBlocks(flow, RunOptions.defaults(), block -> {
            assertThat(block.stepStates().keySet()).containsExactlyInAnyOrder("source", "sink");
            assertThat(block.stepStates().get("source").get("position")).contains(4L);
            block.stepStates().get("source").put("position", 9L);
            return outcome(block, RunStatus.FINALISED, null, null);
        });

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(store.stepState("blocks", "source", "position")).contains(9L);
    }

    @Test
    void aDryRunsExecutorSeesItsStateWritesButTheStoreKeepsTheStoredValue() {
        store.putStepState("blocks", "source", "position", 4L);

        RunResult result = engine.runWithFlowBlocks(flow, RunOptions.builder().dryRun(true).build(), block -> {
            block.stepStates().get("source").put("position", 9L);
            assertThat(block.stepStates().get("source").get("position")).contains(9L);
            return outcome(block, RunStatus.FINALISED, null, null);
        });

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(store.stepState("blocks", "source", "position")).contains(4L);
    }

    @Test
    void aFailedBlockAbortsTheRunWithItsFailureAndTheConnectorsAfterItDoNotRun() {
        RunResult result = engine.runWithFlowBlocks(flow, RunOptions.defaults(), block -> outcome(block,
                RunStatus.ABORTED, new StepExecutionException("disk full", "blocks",
                        "sink", CollectingSink.ID, 0, null), null));

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.error()).contains("Step 'sink' (test_sink) failed: disk full");
        assertThat(result.failure().orElseThrow().stepAlias()).contains("sink");
        assertThat(result.step("sink").status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.step("source").status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(result.step("after").status()).isEqualTo(RunStatus.NOT_RUN);
        assertThat(kit.connector().executions()).containsExactly("before");
        assertThat(store.runs("blocks")).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo("aborted");
            assertThat(r.error()).isEqualTo("Step 'sink' (test_sink) failed: disk full");
        });
    }

    @Test
    void aCancelledBlockCancelsTheRun() {
        RunResult result = engine.runWithFlowBlocks(flow, RunOptions.defaults(),
                block -> outcome(block, RunStatus.CANCELLED, null, "pipeline cancelled"));

        assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(result.cancelReason()).contains("pipeline cancelled");
        assertThat(result.step("after").status()).isEqualTo(RunStatus.NOT_RUN);
        assertThat(kit.connector().executions()).containsExactly("before");
    }

    @Test
    void anExecutorThatFailsOnItsOwnIsThrownAfterTheRunIsRecordedAborted() {
        assertThatThrownBy(() -> engine.runWithFlowBlocks(flow, RunOptions.defaults(), block -> {
            throw new DataflowException("The pipeline failed: cluster out of reach", "blocks", null, null);
        })).isInstanceOf(DataflowException.class).hasMessageContaining("The pipeline failed: cluster out of reach");

        assertThat(kit.connector().executions()).containsExactly("before");
        assertThat(store.runs("blocks")).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo("aborted");
            assertThat(r.error()).startsWith("The pipeline failed: cluster out of reach");
        });
    }
}
