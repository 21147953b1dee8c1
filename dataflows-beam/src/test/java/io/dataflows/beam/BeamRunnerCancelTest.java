package io.dataflows.beam;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunHandle;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.Runners;
import io.dataflows.StateStores;
import io.dataflows.StepSpec;
import io.dataflows.runners.PauseEachStep;
import io.dataflows.spi.DataflowRunner;
import io.dataflows.spi.RunRecord;
import io.dataflows.spi.RunnerSettings;
import io.dataflows.spi.StateStore;
import io.dataflows.steps.Steps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run started with {@link BeamRunner#start} (directly, or as the runner {@code beam} found through
 * {@link Runners}) is cancelled on the direct runner: its pipeline stops, the run ends {@code CANCELLED} with the
 * reason, and the state store records it so.
 */
class BeamRunnerCancelTest {

    @TempDir
    Path dir;

    /**
     * One record, held for ten minutes by {@code test_pause_each}: running until it is cancelled. One record only, so
     * that no other worker thread marks the start again while the test's directory is removed.
     */
    private Dataflow pausing() {
        return Dataflow.builder("pausing")
                .start("read", Steps.arrayReader(List.of(Map.of("n", 1))))
                .then("pause", StepSpec.of(PauseEachStep.ID, Map.of("millis", 600_000,
                        "started", dir.resolve("started").toString())))
                .build();
    }

    /** Waits until the pipeline's step has started; fails when the run ends first or after a minute (a hang guard). */
    private void awaitStarted(RunHandle handle) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(dir.resolve("started"))) {
            assertThat(handle.isDone()).as("the run ended before its step started").isFalse();
            assertThat(System.nanoTime()).as("the step started within a minute").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void cancellingTheHandleStopsThePipelineAndRecordsTheRunCancelled() throws Exception {
        StateStore store = StateStores.inMemory();
        DataflowEngine engine = DataflowEngine.builder().stateStore(store).baseDirectory(dir).build();
        RunHandle handle = BeamRunner.builder(engine).build().start(pausing(), RunOptions.defaults());

        awaitStarted(handle);
        assertThat(handle.status()).isEqualTo(RunStatus.PROCESSING);
        assertThat(handle.cancel("stopped by the test")).isTrue();
        assertThat(handle.cancel("again")).isFalse();
        RunResult result = handle.await(Duration.ofMinutes(1)).orElseThrow(() -> new AssertionError(
                "the cancelled pipeline did not stop within a minute"));

        assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(result.cancelReason()).contains("stopped by the test");
        assertThat(result.steps().values()).extracting(s -> s.status())
                .containsExactly(RunStatus.CANCELLED, RunStatus.CANCELLED);
        assertThat(handle.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(handle.runId()).contains(result.runId());
        RunRecord run = store.runs("pausing").get(0);
        assertThat(run.status()).isEqualTo("cancelled");
        assertThat(run.error()).isEqualTo("stopped by the test");
        assertThat(run.finishedAt()).isNotNull();
    }

    @Test
    void theRunnerBeamFoundByNameIsCancelledTheSameWay() throws Exception {
        StateStore store = StateStores.inMemory();
        DataflowEngine engine = DataflowEngine.builder().stateStore(store).baseDirectory(dir).build();
        DataflowRunner runner = Runners.create("beam", engine, RunnerSettings.builder().parallelism(2).build());
        RunHandle handle = runner.start(pausing(), RunOptions.defaults());

        awaitStarted(handle);
        handle.cancel("stopped by the test");
        RunResult result = handle.await(Duration.ofMinutes(1)).orElseThrow(() -> new AssertionError(
                "the cancelled pipeline did not stop within a minute"));

        assertThat(runner.name()).isEqualTo("beam");
        assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(store.runs("pausing").get(0).status()).isEqualTo("cancelled");
    }

    @Test
    void aRunThatHasEndedKeepsItsOutcome() throws Exception {
        DataflowEngine engine = DataflowEngine.builder().baseDirectory(dir).build();
        Dataflow quick = Dataflow.builder("quick")
                .start("read", Steps.arrayReader(List.of(Map.of("n", 1))))
                .then("pause", StepSpec.of(PauseEachStep.ID, Map.of("millis", 0,
                        "started", dir.resolve("started").toString())))
                .build();
        RunHandle handle = BeamRunner.builder(engine).build().start(quick, RunOptions.defaults());

        RunResult result = handle.await(Duration.ofMinutes(1)).orElseThrow();

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(result.step("pause").recordsOut()).isEqualTo(1);
        assertThat(handle.cancel("too late")).isFalse();
        assertThat(handle.await().status()).isEqualTo(RunStatus.FINALISED);
    }
}
