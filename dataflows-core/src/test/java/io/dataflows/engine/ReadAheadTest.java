package io.dataflows.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.DataRecord;
import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunHandle;
import io.dataflows.RunListener;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepExecutionException;
import io.dataflows.StepSpec;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.Emitter;
import io.dataflows.spi.Expression;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.FlowStep;
import io.dataflows.spi.ReaderStep;
import io.dataflows.spi.RecordProcessor;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.testkit.CollectingSink;
import io.dataflows.testkit.TestKit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A reader that can read ahead: past the first batch the steps downstream work on a second thread, and everything
 * they see — order, counts, the reader's record variable, failures with their record numbers, cancellation, the
 * reader's outputs — is what a run on one thread gives.
 */
class ReadAheadTest {

    /** Per test (its key): the threads the probe processed records on. */
    private static final Map<String, Set<String>> THREADS = new ConcurrentHashMap<>();
    /** Per test (its key): signalled when the probe blocks, and the latch it blocks on. */
    private static final Map<String, CountDownLatch> BLOCKED = new ConcurrentHashMap<>();

    /** Emits {@code {n: 1}} … {@code {n: count}}; fails on record {@code failat}; then outputs {@code last}. */
    static final class NumbersReader implements ReaderStep {
        @Override
        public String id() {
            return "test_numbers";
        }

        @Override
        public StepKind kind() {
            return StepKind.READER;
        }

        @Override
        public ConfigSchema configSchema() {
            return ConfigSchema.builder().field(ConfigField.of("count", FieldType.INTEGER).required())
                    .field(ConfigField.of("failat", FieldType.INTEGER).defaultValue(0)).build();
        }

        @Override
        public boolean canReadAhead(Map<String, Object> config) {
            return true;
        }

        @Override
        public void read(StepContext ctx, Emitter out) throws Exception {
            long count = ctx.config().integer("count");
            long failAt = ctx.config().integer("failat");
            for (long i = 1; i <= count; i++) {
                if (i == failAt) {
                    throw new IllegalStateException("row " + i + " is broken");
                }
                out.emit(DataRecord.fromMap(Map.of("n", i)));
            }
            ctx.output("last", count);
        }
    }

    /**
     * Passes records on; checks on each that {@code steps.numbers.record.n} is the record's own {@code n}; notes its
     * thread; fails on {@code failat}; blocks on {@code blockat} until the run is cancelled; lingers 200 ms on
     * {@code lingerat}, so that the reader is long done when the last records go through.
     */
    static final class Probe implements FlowStep {
        @Override
        public String id() {
            return "test_probe";
        }

        @Override
        public StepKind kind() {
            return StepKind.FLOW;
        }

        @Override
        public ConfigSchema configSchema() {
            return ConfigSchema.builder().field(ConfigField.of("key", FieldType.STRING).required())
                    .field(ConfigField.of("failat", FieldType.INTEGER).defaultValue(0))
                    .field(ConfigField.of("blockat", FieldType.INTEGER).defaultValue(0))
                    .field(ConfigField.of("lingerat", FieldType.INTEGER).defaultValue(0)).build();
        }

        @Override
        public RecordProcessor open(StepContext ctx) {
            String key = ctx.config().string("key");
            long failAt = ctx.config().integer("failat");
            long blockAt = ctx.config().integer("blockat");
            long lingerAt = ctx.config().integer("lingerat");
            Expression readerRecord = ctx.expression("steps.numbers.record.n");
            Set<String> threads = THREADS.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet());
            return (record, out) -> {
                long n = record.getLong("n");
                threads.add(Thread.currentThread().getName());
                Object seen = readerRecord.evaluate();
                if (!Long.valueOf(n).equals(seen)) {
                    throw new IllegalStateException("record " + n + " saw steps.numbers.record.n = " + seen);
                }
                if (n == failAt) {
                    throw new IllegalArgumentException("cannot take " + n);
                }
                if (n == lingerAt) {
                    Thread.sleep(200);
                }
                if (n == blockAt) {
                    BLOCKED.get(key).countDown();
                    Thread.sleep(60_000); // woken by the cancellation's interrupt
                }
                out.emit(record);
            };
        }
    }

    private final TestKit kit = new TestKit();

    private DataflowEngine engine(boolean readAhead, RunListener listener) {
        DataflowEngine.Builder b = DataflowEngine.builder()
                .stepRegistry(kit.registryBuilder().add(new NumbersReader()).add(new Probe()).build())
                .readAhead(readAhead);
        return listener == null ? b.build() : b.listener(listener).build();
    }

    private static Dataflow flow(String key, long count, long readerFailAt, long probeFailAt, long probeBlockAt) {
        return flow(key, count, readerFailAt, probeFailAt, probeBlockAt, 0);
    }

    private static Dataflow flow(String key, long count, long readerFailAt, long probeFailAt, long probeBlockAt,
            long probeLingerAt) {
        return Dataflow.builder("ahead-" + key)
                .start("numbers", StepSpec.of("test_numbers").with("count", count).with("failat", readerFailAt))
                .then("probe", StepSpec.of("test_probe").with("key", key).with("failat", probeFailAt)
                        .with("blockat", probeBlockAt).with("lingerat", probeLingerAt))
                .then("sink", StepSpec.of(CollectingSink.ID).with("name", key))
                .build();
    }

    private static List<Long> numbers(List<DataRecord> records) {
        List<Long> out = new ArrayList<>(records.size());
        for (DataRecord r : records) {
            out.add(r.getLong("n"));
        }
        return out;
    }

    private static List<Long> oneTo(long n) {
        List<Long> out = new ArrayList<>();
        for (long i = 1; i <= n; i++) {
            out.add(i);
        }
        return out;
    }

    @Test
    void aLargeStreamIsProcessedOnASecondThreadInOrderWithTheReadersRecordAndOutputs() {
        String key = "large";
        RunResult result = engine(true, null).run(flow(key, 100_000, 0, 0, 0, 99_900), RunOptions.defaults());

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(numbers(kit.sink().records(key))).isEqualTo(oneTo(100_000));
        assertThat(result.step("numbers").recordsOut()).isEqualTo(100_000);
        assertThat(result.step("probe").recordsIn()).isEqualTo(100_000);
        assertThat(result.step("sink").recordsIn()).isEqualTo(100_000);
        assertThat(result.variable("steps.numbers.last")).contains(100_000L);
        Set<String> threads = THREADS.get(key);
        assertThat(threads).hasSize(2).anyMatch(t -> t.startsWith("dataflows-downstream-"));
    }

    @Test
    void aSmallStreamStaysOnTheRunsThread() {
        String key = "small";
        // 512 records: one batch, which goes straight through before a second thread would start
        RunResult result = engine(true, null).run(flow(key, 512, 0, 0, 0),
                RunOptions.defaults());

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(numbers(kit.sink().records(key))).isEqualTo(oneTo(512));
        assertThat(THREADS.get(key)).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void withReadAheadOffEveryRecordIsProcessedOnTheRunsThread() {
        String key = "off";
        RunResult result = engine(false, null).run(flow(key, 20_000, 0, 0, 0), RunOptions.defaults());

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(numbers(kit.sink().records(key))).isEqualTo(oneTo(20_000));
        assertThat(THREADS.get(key)).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void aFailureDownstreamStopsTheReaderAndNamesTheStepAndRecord() {
        String key = "downstream-fails";
        RunResult result = engine(true, null).run(flow(key, 100_000, 0, 70_001, 0), RunOptions.defaults());

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        StepExecutionException e = result.failure().orElseThrow();
        assertThat(e.stepAlias()).contains("probe");
        assertThat(e.recordNumber()).hasValue(70_001);
        assertThat(e.getMessage()).contains("cannot take 70001");
        assertThat(numbers(kit.sink().records(key))).isEqualTo(oneTo(70_000));
        // the reader stopped within the records queued at the failure, not at the end of its input
        assertThat(result.step("numbers").recordsOut()).isEqualTo(70_001);
        assertThat(result.variable("steps.numbers.last")).isEmpty();
    }

    @Test
    void aFailureOfTheReaderComesAfterEveryRecordBeforeItWentThrough() {
        String key = "reader-fails";
        RunResult result = engine(true, null).run(flow(key, 100_000, 50_001, 0, 0, 49_900),
                RunOptions.defaults());

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        StepExecutionException e = result.failure().orElseThrow();
        assertThat(e.stepAlias()).contains("numbers");
        assertThat(e.recordNumber()).hasValue(50_001);
        assertThat(e.getMessage()).contains("row 50001 is broken");
        assertThat(numbers(kit.sink().records(key))).isEqualTo(oneTo(50_000));
    }

    @Test
    void whenBothFailTheEarlierRecordsFailureIsReported() {
        String key = "both-fail";
        RunResult result = engine(true, null).run(flow(key, 100_000, 3_000, 2_000, 0), RunOptions.defaults());

        StepExecutionException e = result.failure().orElseThrow();
        assertThat(e.stepAlias()).contains("probe");
        assertThat(e.recordNumber()).hasValue(2_000);
    }

    @Test
    void aCancellationWakesAStepBlockedOnTheSecondThread() throws Exception {
        String key = "cancel";
        CountDownLatch blocked = new CountDownLatch(1);
        BLOCKED.put(key, blocked);
        RunHandle handle = engine(true, null).start(flow(key, 100_000, 0, 0, 30_000), RunOptions.defaults());
        assertThat(blocked.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(handle.cancel("enough")).isTrue();
        RunResult result = handle.await(Duration.ofSeconds(30)).orElseThrow();

        assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(numbers(kit.sink().records(key))).isEqualTo(oneTo(29_999));
        assertThat(THREADS.get(key)).anyMatch(t -> t.startsWith("dataflows-downstream-"));
    }

    @Test
    void progressEventsComeOnTheRunsThreadEveryTenThousandRecords() {
        List<Long> counts = new ArrayList<>();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        RunListener listener = new RunListener() {
            @Override
            public void progress(RunInfo run, String readerAlias, long records) {
                counts.add(records);
                threads.add(Thread.currentThread().getName());
            }
        };
        RunResult result = engine(true, listener).run(flow("progress", 35_000, 0, 0, 0), RunOptions.defaults());

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(counts).containsExactly(10_000L, 20_000L, 30_000L, 35_000L);
        assertThat(threads).containsExactly(Thread.currentThread().getName());
    }
}
