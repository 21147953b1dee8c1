package io.dataflows.engine;

import static io.dataflows.testkit.Maps.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.DataRecord;
import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepExecutionException;
import io.dataflows.StepRegistry;
import io.dataflows.StepSpec;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.FlowStep;
import io.dataflows.spi.RecordProcessor;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.TaskResult;
import io.dataflows.testkit.ArraySource;
import io.dataflows.testkit.CollectingSink;
import io.dataflows.testkit.TestKit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code StepContext.concurrentProcessor}: several records in flight, passed on in input order with their own outputs. */
class ConcurrentProcessorTest {

    private final ScheduledExecutorService timers = new ScheduledThreadPoolExecutor(4);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final AtomicInteger cancelled = new AtomicInteger();
    private final AtomicInteger started = new AtomicInteger();

    /**
     * Test step {@code test_async}: completes record {@code n} after {@code (20 - n % 20)} ms, so later records
     * finish first; output {@code out} is {@code n * 10}; fails on the record whose {@code n} is {@code failon};
     * drops the record whose {@code n} is {@code dropon}.
     */
    final class AsyncStep implements FlowStep {
        @Override
        public String id() {
            return "test_async";
        }

        @Override
        public StepKind kind() {
            return StepKind.FLOW;
        }

        @Override
        public ConfigSchema configSchema() {
            return ConfigSchema.builder().field(ConfigField.of("concurrency", FieldType.INTEGER).defaultValue(1L))
                    .field(ConfigField.of("failon", FieldType.INTEGER).defaultValue(0L))
                    .field(ConfigField.of("dropon", FieldType.INTEGER).defaultValue(0L))
                    .field(ConfigField.of("hang", FieldType.BOOLEAN).defaultValue(false))
                    .build();
        }

        @Override
        public RecordProcessor open(StepContext ctx) {
            int concurrency = (int) ctx.config().integer("concurrency");
            return ctx.concurrentProcessor(concurrency, record -> {
                long n = (Long) record.get("n");
                started.incrementAndGet();
                mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                CompletableFuture<TaskResult> done = new CompletableFuture<>();
                done.whenComplete((r, e) -> {
                    if (done.isCancelled()) {
                        inFlight.decrementAndGet();
                        cancelled.incrementAndGet();
                    }
                });
                long failon = ctx.config().integer("failon");
                long dropon = ctx.config().integer("dropon");
                boolean hang = ctx.config().bool("hang") && n > failon;
                if (!hang) {
                    timers.schedule(() -> {
                        // counted out before completing: the run's thread may start the next record at once
                        inFlight.decrementAndGet();
                        if (n == failon) {
                            done.completeExceptionally(new IllegalStateException("record " + n + " refused"));
                        } else if (n == dropon) {
                            done.complete(TaskResult.dropped(Map.of("out", n * 10)));
                        } else {
                            done.complete(TaskResult.of(record, Map.of("out", n * 10)));
                        }
                    }, 20 - n % 20, TimeUnit.MILLISECONDS);
                }
                return done;
            });
        }
    }

    /** Test step {@code test_seen}: adds field {@code seen}, its config template evaluated for the record. */
    static final class SeenStep implements FlowStep {
        @Override
        public String id() {
            return "test_seen";
        }

        @Override
        public StepKind kind() {
            return StepKind.FLOW;
        }

        @Override
        public ConfigSchema configSchema() {
            return ConfigSchema.builder().field(ConfigField.of("seen", FieldType.STRING)).build();
        }

        @Override
        public RecordProcessor open(StepContext ctx) {
            return (record, out) -> out.emit(record.with("seen", ctx.config().string("seen")));
        }
    }

    private final TestKit kit = new TestKit();
    private final DataflowEngine engine = DataflowEngine.builder()
            .stepRegistry(StepRegistry.builder().add(new ArraySource()).add(kit.sink()).add(new AsyncStep())
                    .add(new SeenStep()).build())
            .build();

    @AfterEach
    void stopTimers() {
        timers.shutdownNow();
    }

    private static List<Map<String, Object>> rows(int n) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            rows.add(map("n", i));
        }
        return rows;
    }

    private Dataflow flow(Map<String, Object> callConfig, int rows) {
        StepSpec call = StepSpec.of("test_async");
        for (Map.Entry<String, Object> e : callConfig.entrySet()) {
            call = call.with(e.getKey(), e.getValue());
        }
        return Dataflow.builder("concurrent")
                .start("read", StepSpec.of(ArraySource.ID).with("source", rows(rows)))
                .then("call", call).stepVar("twice", "${{ steps.call.out * 2 }}")
                .then("check", StepSpec.of("test_seen").with("seen",
                        "${{ steps.call.record.n }}/${{ steps.call.out }}/${{ steps.call.vars.twice }}"))
                .then("sink", StepSpec.of(CollectingSink.ID))
                .build();
    }

    private static List<String> seen(List<DataRecord> records) {
        List<String> out = new ArrayList<>();
        records.forEach(r -> out.add((String) r.get("seen")));
        return out;
    }

    private static List<String> expectedSeen(int rows, int skip) {
        List<String> out = new ArrayList<>();
        for (int n = 1; n <= rows; n++) {
            if (n != skip) {
                out.add(n + "/" + n * 10 + "/" + n * 20);
            }
        }
        return out;
    }

    @Test
    void recordsLeaveInInputOrderEachWithItsOwnOutputsAndVars() {
        RunResult result = engine.run(flow(Map.of("concurrency", 8), 60));

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(seen(kit.sink().records("sink"))).isEqualTo(expectedSeen(60, 0));
        assertThat(mostInFlight.get()).isGreaterThan(1).isLessThanOrEqualTo(8);
        assertThat(result.step("call").recordsIn()).isEqualTo(60);
        assertThat(result.step("call").recordsOut()).isEqualTo(60);
        assertThat(result.variable("steps.call.out")).contains(600L);
    }

    @Test
    void concurrencyOneFinishesEachRecordBeforeTheNextStarts() {
        RunResult result = engine.run(flow(Map.of("concurrency", 1), 25));

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(seen(kit.sink().records("sink"))).isEqualTo(expectedSeen(25, 0));
        assertThat(mostInFlight.get()).isEqualTo(1);
    }

    @Test
    void aDroppedRecordDoesNotGoOnButTheOthersKeepTheirOrder() {
        RunResult result = engine.run(flow(Map.of("concurrency", 4, "dropon", 5), 12));

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(seen(kit.sink().records("sink"))).isEqualTo(expectedSeen(12, 5));
        assertThat(result.step("call").recordsOut()).isEqualTo(11);
    }

    @Test
    void aFailedTaskFailsTheStepOnItsOwnRecordAndCancelsTheOthers() {
        RunResult result = engine.run(flow(Map.of("concurrency", 4, "failon", 7, "hang", true), 30));

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        StepExecutionException failure = result.failure().orElseThrow();
        assertThat(failure.stepAlias()).contains("call");
        assertThat(failure.recordNumber()).hasValue(7);
        assertThat(failure.getMessage()).contains("record 7 refused");
        // records 1-6 went through; those started after 7 never complete and are cancelled (how many started
        // depends on when record 7's failure arrived: none when it failed before the next was handed over, at
        // most 3, the rest of the window of 4)
        assertThat(seen(kit.sink().records("sink"))).isEqualTo(expectedSeen(6, 0));
        assertThat(started.get()).isBetween(7, 10);
        assertThat(cancelled.get()).isEqualTo(started.get() - 7);
        assertThat(inFlight.get()).isZero();
    }
}
