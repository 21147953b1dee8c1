package io.dataflows.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.Definitions;
import io.dataflows.RunHandle;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepExecutionException;
import io.dataflows.StepSpec;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.FlowStep;
import io.dataflows.spi.RecordProcessor;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.TaskResult;
import io.dataflows.testkit.CollectingSink;
import io.dataflows.testkit.TestKit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A writer that can write behind: past its first batch it processes its records on a thread of its own, and
 * everything a user sees — the records written and their order, counts, failures with their record numbers, which
 * failure a run ends with, cancellation, the step's time — is what a run on one thread gives.
 */
class WriteBehindTest {

    /** Per test (its key): the numbers the writer wrote, in order. */
    private static final Map<String, List<Long>> WRITTEN = new ConcurrentHashMap<>();
    /** Per test (its key): the threads the writer processed records on. */
    private static final Map<String, Set<String>> THREADS = new ConcurrentHashMap<>();
    /** Per test (its key): counted down when the writer blocks. */
    private static final Map<String, CountDownLatch> BLOCKED = new ConcurrentHashMap<>();

    /**
     * Writes each record's {@code n} to {@link #WRITTEN} and passes the record on; fails on {@code failat}; blocks on
     * {@code blockat} until the run is cancelled; lingers 300 ms on {@code lingerat}; calls its context's
     * {@code variables()} on {@code contextat}. Says it can write behind.
     */
    static final class BehindWriter implements FlowStep {
        @Override
        public String id() {
            return "test_behind_writer";
        }

        @Override
        public StepKind kind() {
            return StepKind.WRITER;
        }

        @Override
        public ConfigSchema configSchema() {
            return ConfigSchema.builder().field(ConfigField.of("key", FieldType.STRING).required())
                    .field(ConfigField.of("failat", FieldType.INTEGER).defaultValue(0))
                    .field(ConfigField.of("blockat", FieldType.INTEGER).defaultValue(0))
                    .field(ConfigField.of("lingerat", FieldType.INTEGER).defaultValue(0))
                    .field(ConfigField.of("contextat", FieldType.INTEGER).defaultValue(0)).build();
        }

        @Override
        public boolean canWriteBehind(Map<String, Object> config) {
            return true;
        }

        @Override
        public RecordProcessor open(StepContext ctx) {
            String key = ctx.config().string("key");
            long failAt = ctx.config().integer("failat");
            long blockAt = ctx.config().integer("blockat");
            long lingerAt = ctx.config().integer("lingerat");
            long contextAt = ctx.config().integer("contextat");
            List<Long> written = WRITTEN.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>()));
            Set<String> threads = THREADS.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet());
            return (record, out) -> {
                long n = record.getLong("n");
                threads.add(Thread.currentThread().getName());
                if (n == failAt) {
                    throw new IllegalArgumentException("cannot write " + n);
                }
                if (n == contextAt) {
                    ctx.variables();
                }
                if (n == lingerAt) {
                    Thread.sleep(300);
                }
                if (n == blockAt) {
                    BLOCKED.get(key).countDown();
                    Thread.sleep(60_000); // woken by the cancellation's interrupt
                }
                written.add(n);
                out.emit(record);
            };
        }
    }

    /**
     * Says it can write behind, but hands its records to the context's concurrent processor, which positions the
     * step on each record's result and sets its output {@code last}: it must stay on the run's thread.
     */
    static final class AsyncWriter implements FlowStep {
        @Override
        public String id() {
            return "test_async_writer";
        }

        @Override
        public StepKind kind() {
            return StepKind.WRITER;
        }

        @Override
        public ConfigSchema configSchema() {
            return ConfigSchema.builder().build();
        }

        @Override
        public boolean canWriteBehind(Map<String, Object> config) {
            return true;
        }

        @Override
        public RecordProcessor open(StepContext ctx) {
            return ctx.concurrentProcessor(4, record -> CompletableFuture.completedFuture(
                    TaskResult.of(record, Map.of("last", record.getLong("n")))));
        }
    }

    private final TestKit kit = new TestKit();

    private DataflowEngine engine(boolean writeBehind, boolean readAhead) {
        return DataflowEngine.builder()
                .stepRegistry(kit.registryBuilder().add(new ReadAheadTest.NumbersReader())
                        .add(new ReadAheadTest.Probe()).add(new BehindWriter()).add(new AsyncWriter()).build())
                .writeBehind(writeBehind).readAhead(readAhead).build();
    }

    /** numbers → probe (fails on {@code probeFailAt}) → write, configured by {@code writer}. */
    private static Dataflow flow(String key, long count, long probeFailAt, StepSpec writer) {
        return Dataflow.builder(key)
                .start("numbers", StepSpec.of("test_numbers").with("count", count))
                .then("probe", StepSpec.of("test_probe").with("key", key).with("failat", probeFailAt))
                .then("write", writer)
                .build();
    }

    private static StepSpec writer(String key) {
        return StepSpec.of("test_behind_writer").with("key", key);
    }

    private static List<Long> oneTo(long n) {
        List<Long> out = new ArrayList<>();
        for (long i = 1; i <= n; i++) {
            out.add(i);
        }
        return out;
    }

    @Test
    void aLargeStreamIsWrittenOnAThreadOfItsOwnInOrderWithTheSameCounts() {
        String key = "behind-large";
        RunResult result = engine(true, false).run(flow(key, 100_000, 0, writer(key)), RunOptions.defaults());

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(WRITTEN.get(key)).isEqualTo(oneTo(100_000));
        assertThat(result.step("write").recordsIn()).isEqualTo(100_000);
        assertThat(result.step("write").recordsOut()).isEqualTo(100_000);
        assertThat(result.variable("steps.write.record.n")).contains(100_000L);
        assertThat(THREADS.get(key)).hasSize(2).contains(Thread.currentThread().getName())
                .anyMatch(t -> t.startsWith("dataflows-downstream-"));
    }

    @Test
    void theWritersTimeThereCounts() {
        String key = "behind-time";
        RunResult result = engine(true, false).run(flow(key, 20_000, 0, writer(key).with("lingerat", 10_000)),
                RunOptions.defaults());

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(result.step("write").duration()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(THREADS.get(key)).hasSize(2);
    }

    @Test
    void aSmallStreamStaysOnTheRunsThread() {
        String key = "behind-small";
        // 512 records: processed as usual before a thread would start
        RunResult result = engine(true, false).run(flow(key, 512, 0, writer(key)), RunOptions.defaults());

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(WRITTEN.get(key)).isEqualTo(oneTo(512));
        assertThat(THREADS.get(key)).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void withWriteBehindOffEveryRecordIsWrittenOnTheRunsThread() {
        String key = "behind-off";
        RunResult result = engine(false, false).run(flow(key, 20_000, 0, writer(key)), RunOptions.defaults());

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(WRITTEN.get(key)).isEqualTo(oneTo(20_000));
        assertThat(THREADS.get(key)).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void aWriterWithVarsOrFeedingAnotherStepStaysOnTheRunsThread() {
        String vars = "behind-vars";
        engine(true, false).run(Definitions.readYaml(String.join("\n",
                "name: " + vars,
                "steps:",
                "  numbers: {type: test_numbers, config: {count: 20000}}",
                "  write:",
                "    type: test_behind_writer",
                "    depends_on: numbers",
                "    config: {key: " + vars + "}",
                "    vars: {n: '${{ record.n }}'}",
                ""), "vars.yml"), RunOptions.defaults());
        String feeding = "behind-feeding";
        engine(true, false).run(Dataflow.builder(feeding)
                .start("numbers", StepSpec.of("test_numbers").with("count", 20_000))
                .then("write", writer(feeding))
                .then("sink", StepSpec.of(CollectingSink.ID).with("name", feeding))
                .build(), RunOptions.defaults());

        assertThat(WRITTEN.get(vars)).isEqualTo(oneTo(20_000));
        assertThat(THREADS.get(vars)).containsExactly(Thread.currentThread().getName());
        assertThat(WRITTEN.get(feeding)).isEqualTo(oneTo(20_000));
        assertThat(THREADS.get(feeding)).containsExactly(Thread.currentThread().getName());
        assertThat(kit.sink().records(feeding)).hasSize(20_000);
    }

    @Test
    void aWriterThroughTheConcurrentProcessorStaysOnTheRunsThread() {
        RunResult result = engine(true, false).run(Dataflow.builder("behind-async")
                .start("numbers", StepSpec.of("test_numbers").with("count", 20_000))
                .then("write", StepSpec.of("test_async_writer"))
                .build(), RunOptions.defaults());

        assertThat(result.status()).as(result.error().orElse("")).isEqualTo(RunStatus.FINALISED);
        assertThat(result.step("write").recordsOut()).isEqualTo(20_000);
        assertThat(result.variable("steps.write.last")).contains(20_000L);
    }

    @Test
    void aFailureThereNamesTheStepAndRecordAndStopsTheReader() {
        String key = "behind-writer-fails";
        RunResult result = engine(true, false).run(flow(key, 100_000, 0, writer(key).with("failat", 70_001)),
                RunOptions.defaults());

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        StepExecutionException e = result.failure().orElseThrow();
        assertThat(e.stepAlias()).contains("write");
        assertThat(e.recordNumber()).hasValue(70_001);
        assertThat(e.getMessage()).contains("cannot write 70001");
        assertThat(WRITTEN.get(key)).isEqualTo(oneTo(70_000));
        // the reader stopped within the records queued for the writer, not at the end of its input
        assertThat(result.step("numbers").recordsOut()).isBetween(70_001L, 70_001L + 6 * 512);
        // the writer's own figures are those of a run on one thread, which never gave it a later record
        RunResult oneThread = engine(false, false).run(flow(key + "-one", 100_000, 0,
                writer(key + "-one").with("failat", 70_001)), RunOptions.defaults());
        assertThat(result.step("write").recordsIn()).isEqualTo(oneThread.step("write").recordsIn()).isEqualTo(70_001);
        assertThat(result.step("write").recordsOut()).isEqualTo(oneThread.step("write").recordsOut())
                .isEqualTo(70_000);
        assertThat(result.variable("steps.write.record.n")).isEqualTo(oneThread.variable("steps.write.record.n"))
                .contains(70_001L);
        assertThat(result.variable("steps.write.iterations")).isEqualTo(oneThread.variable("steps.write.iterations"))
                .contains(70_000L);
    }

    @Test
    void aFailureUpstreamStillWritesEveryRecordBeforeIt() {
        String key = "behind-upstream-fails";
        RunResult result = engine(true, false).run(flow(key, 100_000, 50_001, writer(key)), RunOptions.defaults());

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        StepExecutionException e = result.failure().orElseThrow();
        assertThat(e.stepAlias()).contains("probe");
        assertThat(e.recordNumber()).hasValue(50_001);
        assertThat(WRITTEN.get(key)).isEqualTo(oneTo(50_000));
        assertThat(result.step("write").recordsOut()).isEqualTo(50_000);
    }

    @Test
    void whenBothFailTheWritersEarlierRecordIsReported() {
        for (boolean readAhead : new boolean[] {false, true}) {
            String key = "behind-both-fail-" + readAhead;
            RunResult result = engine(true, readAhead).run(flow(key, 100_000, 3_000, writer(key)
                    .with("failat", 2_000)), RunOptions.defaults());

            StepExecutionException e = result.failure().orElseThrow();
            assertThat(e.stepAlias()).as("read ahead: %s", readAhead).contains("write");
            assertThat(e.recordNumber()).as("read ahead: %s", readAhead).hasValue(2_000);
            assertThat(WRITTEN.get(key)).isEqualTo(oneTo(1_999));
        }
    }

    @Test
    void aContextCallThereFailsWithAMessageThatSaysWhy() {
        String key = "behind-context";
        RunResult result = engine(true, false).run(flow(key, 20_000, 0, writer(key).with("contextat", 1_000)),
                RunOptions.defaults());

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        StepExecutionException e = result.failure().orElseThrow();
        assertThat(e.stepAlias()).contains("write");
        assertThat(e.recordNumber()).hasValue(1_000);
        assertThat(e.getMessage()).contains("Step 'write' writes behind: it processes records on a thread of its"
                + " own, where its context's variables() is not available");
    }

    @Test
    void aCancellationWakesAWriterBlockedOnItsThread() throws Exception {
        String key = "behind-cancel";
        CountDownLatch blocked = new CountDownLatch(1);
        BLOCKED.put(key, blocked);
        RunHandle handle = engine(true, false).start(flow(key, 100_000, 0, writer(key).with("blockat", 30_000)),
                RunOptions.defaults());
        assertThat(blocked.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(handle.cancel("enough")).isTrue();
        RunResult result = handle.await(Duration.ofSeconds(30)).orElseThrow();

        assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(WRITTEN.get(key)).isEqualTo(oneTo(29_999));
        assertThat(THREADS.get(key)).anyMatch(t -> t.startsWith("dataflows-downstream-"));
    }

    @Test
    void withReadingAheadTooThreeThreadsKeepTheOrder() {
        String key = "behind-three";
        RunResult result = engine(true, true).run(flow(key, 100_000, 0, writer(key)), RunOptions.defaults());

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(WRITTEN.get(key)).isEqualTo(oneTo(100_000));
        assertThat(result.step("write").recordsOut()).isEqualTo(100_000);
        assertThat(THREADS.get(key)).hasSize(2).contains(Thread.currentThread().getName())
                .anyMatch(t -> t.startsWith("dataflows-downstream-"));
    }
}
