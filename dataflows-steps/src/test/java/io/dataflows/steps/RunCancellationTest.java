package io.dataflows.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunHandle;
import io.dataflows.RunListener;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepRegistry;
import io.dataflows.StepSpec;
import io.dataflows.spi.RunRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping runs: {@code RunHandle.cancel()}, {@code RunOptions.timeout} and {@code Thread.interrupt()}. */
class RunCancellationTest {

    private static final long ROWS = 3_000_000;

    @TempDir
    Path dir;

    /** Counts down once the first reader has streamed 10,000 records: the run is well under way. */
    private final CountDownLatch streaming = new CountDownLatch(1);

    private final DataflowEngine engine = DataflowEngine.builder()
            .stepRegistry(StepRegistry.builder().discover().add(new CountingSource()).build())
            .listener(new RunListener() {
                @Override
                public void progress(RunInfo run, String readerAlias, long records) {
                    streaming.countDown();
                }
            })
            .build();

    private Dataflow bigStream(String name) {
        return Dataflow.builder(name)
                .step("rows", StepSpec.of(CountingSource.ID).with("count", ROWS))
                .step("out", StepSpec.of("writer_stream").with("streamname", "out.csv").with("format", "csv"))
                .dependsOn("rows")
                .build();
    }

    private RunOptions.Builder options() {
        return RunOptions.builder().baseDir(dir);
    }

    private List<String> filesLeft() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void cancellingAStartedRunStopsItBetweenRecordsAndLeavesNoOutput() throws Exception {
        RunHandle handle = engine.start(bigStream("big"), options().build());
        assertThat(streaming.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(handle.runId()).isPresent();
        assertThat(handle.status()).isEqualTo(RunStatus.PROCESSING);

        assertThat(handle.cancel()).isTrue();
        RunResult result = handle.await(Duration.ofSeconds(60)).orElseThrow();

        assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(result.isSuccess()).isFalse();
        assertThat(result.failure()).isEmpty();
        assertThat(result.cancelReason()).contains("cancelled by caller");
        assertThat(result.runId()).isEqualTo(handle.runId().orElseThrow());
        assertThat(result.step("rows").recordsOut()).isBetween(10_000L, ROWS - 1);
        assertThat(result.step("rows").status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(result.step("out").status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(result.variable("dataflow.states.cancelled")).isPresent();
        assertThat(filesLeft()).isEmpty(); // neither out.csv nor its temporary file
        RunRecord record = engine.stateStore().runs("big").get(0);
        assertThat(record.status()).isEqualTo("cancelled");
        assertThat(record.error()).isEqualTo("cancelled by caller");
        assertThat(handle.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(handle.isDone()).isTrue();
        assertThat(handle.cancel()).isFalse();
        assertThat(handle.result().get()).isSameAs(result);
    }

    @Test
    void aTimeoutCancelsTheRunWithItsDurationAsReason() throws Exception {
        RunResult result = engine.run(bigStream("slow"), options().timeout(Duration.ofMillis(300)).build());

        assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(result.cancelReason()).contains("timeout after PT0.3S");
        assertThat(result.step("rows").recordsOut()).isLessThan(ROWS);
        assertThat(filesLeft()).isEmpty();
        assertThat(engine.stateStore().runs("slow").get(0).error()).isEqualTo("timeout after PT0.3S");
        assertThat(Thread.currentThread().isInterrupted()).isFalse(); // the timeout's interrupt is not left behind
    }

    @Test
    void interruptingTheRunningThreadCancelsTheRunAndKeepsTheInterruptStatus() throws Exception {
        AtomicReference<RunResult> result = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            result.set(engine.run(bigStream("interrupted"), options().build()));
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        runner.start();
        assertThat(streaming.await(60, TimeUnit.SECONDS)).isTrue();
        runner.interrupt();
        runner.join(60_000);

        assertThat(result.get().status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(result.get().cancelReason()).contains("interrupted");
        assertThat(result.get().step("rows").recordsOut()).isLessThan(ROWS);
        assertThat(stillInterrupted.get()).isTrue();
        assertThat(filesLeft()).isEmpty();
    }

    @Test
    void aWaitingConnectorIsInterruptedAndTheStepsAfterItNeverRun() throws Exception {
        Dataflow flow = Dataflow.builder("waiting")
                .step("wait", StepSpec.of("connector_wait").with("timesec", 3600))
                .step("after", StepSpec.of("connector_set_variable").with("field", "dataflow.vars.x")
                        .with("value", "1"))
                .dependsOn("wait")
                .build();
        RunHandle handle = engine.start(flow, options().build());
        while (handle.status() != RunStatus.PROCESSING) {
            Thread.sleep(10);
        }
        handle.cancel();

        RunResult result = handle.await();
        assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(result.step("wait").status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(result.step("after").status()).isEqualTo(RunStatus.NOT_RUN);
        assertThat(result.variable("dataflow.vars.x")).isEmpty();
    }

    @Test
    void cancellingAnEndedRunChangesNothing() throws Exception {
        RunHandle handle = engine.start(Dataflow.builder("short")
                .step("rows", StepSpec.of(CountingSource.ID).with("count", 3))
                .step("out", StepSpec.of("writer_stream").with("streamname", "out.csv").with("format", "csv"))
                .dependsOn("rows").build(), options().build());
        RunResult result = handle.result().get(60, TimeUnit.SECONDS);

        assertThat(handle.cancel()).isFalse();
        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(result.cancelReason()).isEmpty();
        assertThat(handle.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(Files.readString(dir.resolve("out.csv"))).isEqualTo("n,text\n1,\"row 1\"\n2,\"row 2\"\n3,\"row 3\"\n");
    }

    @Test
    void aFailureThatAReaderSwallowsAroundEmitStillAbortsTheRun() throws Exception {
        Dataflow flow = Dataflow.builder("careless")
                .step("rows", StepSpec.of(CountingSource.ID).with("count", 1000).with("swallow", true))
                .step("check", StepSpec.of("flow_abort").with("condition", "${{ record.n == 5 }}"))
                .dependsOn("rows")
                .step("out", StepSpec.of("writer_stream").with("streamname", "out.csv").with("format", "csv"))
                .dependsOn("check")
                .build();

        RunResult result = engine.run(flow, options().build());

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.failure().orElseThrow().stepAlias()).contains("check");
        assertThat(result.failure().orElseThrow().recordNumber()).hasValue(5);
        assertThat(result.step("out").recordsIn()).isEqualTo(4);
        assertThat(filesLeft()).isEmpty();
    }
}
