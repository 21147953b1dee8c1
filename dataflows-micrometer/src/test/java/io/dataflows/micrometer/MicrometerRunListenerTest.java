package io.dataflows.micrometer;

import static io.dataflows.micrometer.MicrometerRunListener.RUNS;
import static io.dataflows.micrometer.MicrometerRunListener.RUN_DURATION;
import static io.dataflows.micrometer.MicrometerRunListener.STEP_DURATION;
import static io.dataflows.micrometer.MicrometerRunListener.STEP_ERRORS;
import static io.dataflows.micrometer.MicrometerRunListener.STEP_RECORDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StateStores;
import io.dataflows.StepSpec;
import io.dataflows.Trigger;
import io.dataflows.spi.StateStore;
import io.dataflows.testkit.ArraySource;
import io.dataflows.testkit.CollectingSink;
import io.dataflows.testkit.TestConnector;
import io.dataflows.testkit.TestKit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Real runs of the test kit's step types, with the meters they leave in a {@link SimpleMeterRegistry}. */
class MicrometerRunListenerTest {

    private final TestKit kit = new TestKit();
    private final StateStore store = StateStores.inMemory();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final DataflowEngine engine = DataflowEngine.builder()
            .stepRegistry(kit.registryBuilder().add(new FailOnSecondRecord()).add(new WaitUntilCancelled())
                    .build())
            .stateStore(store)
            .listener(new MicrometerRunListener(registry))
            .build();

    /** prepare (connector) → read (3 records) → write (the test sink, which passes records on). */
    private final Dataflow orders = Dataflow.builder("orders")
            .start("prepare", StepSpec.of(TestConnector.ID))
            .then("read", StepSpec.of(ArraySource.ID).with("source",
                    List.of(Map.of("id", 1), Map.of("id", 2), Map.of("id", 3))))
            .then("write", StepSpec.of(CollectingSink.ID))
            .build();

    @Test
    void aFinalisedRunCountsOneManualRunAndEachStepsRecordsAndTime() {
        RunResult result = engine.run(orders);

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(kit.sink().records("write")).hasSize(3);
        assertThat(counters(RUNS)).containsExactly(entry("flow=orders,status=finalised,trigger=manual", 1.0));
        assertThat(timerCounts(RUN_DURATION)).containsExactly(entry("flow=orders,status=finalised", 1L));
        assertThat(registry.get(RUN_DURATION).timer().totalTime(TimeUnit.NANOSECONDS))
                .isEqualTo(result.duration().toNanos());
        assertThat(counters(STEP_RECORDS)).containsExactly(
                entry("direction=in,flow=orders,step=prepare", 0.0),
                entry("direction=in,flow=orders,step=read", 0.0),
                entry("direction=in,flow=orders,step=write", 3.0),
                entry("direction=out,flow=orders,step=prepare", 0.0),
                entry("direction=out,flow=orders,step=read", 3.0),
                entry("direction=out,flow=orders,step=write", 3.0));
        assertThat(timerCounts(STEP_DURATION)).containsExactly(
                entry("flow=orders,step=prepare", 1L),
                entry("flow=orders,step=read", 1L),
                entry("flow=orders,step=write", 1L));
        for (String step : List.of("prepare", "read", "write")) {
            assertThat(registry.get(STEP_DURATION).tag("step", step).timer().totalTime(TimeUnit.NANOSECONDS))
                    .as(step).isEqualTo(result.step(step).duration().toNanos());
        }
        assertThat(registry.find(STEP_ERRORS).meters()).isEmpty();
        assertThat(registry.get(STEP_RECORDS).meter().getId().getBaseUnit()).isEqualTo("records");
    }

    @Test
    void runsAccumulate() {
        engine.run(orders);
        engine.run(orders);

        assertThat(counters(RUNS)).containsExactly(entry("flow=orders,status=finalised,trigger=manual", 2.0));
        assertThat(timerCounts(RUN_DURATION)).containsExactly(entry("flow=orders,status=finalised", 2L));
        assertThat(counters(STEP_RECORDS)).containsEntry("direction=in,flow=orders,step=write", 6.0)
                .containsEntry("direction=out,flow=orders,step=read", 6.0).hasSize(6);
        assertThat(timerCounts(STEP_DURATION)).containsOnly(
                entry("flow=orders,step=prepare", 2L),
                entry("flow=orders,step=read", 2L),
                entry("flow=orders,step=write", 2L));
    }

    @Test
    void aFailingConnectorCountsOneErrorOnItselfOnly() {
        Dataflow flow = Dataflow.builder("nightly")
                .start("first", StepSpec.of(TestConnector.ID))
                .then("boom", StepSpec.of(TestConnector.ID).with("outcome", "fail"))
                .then("after", StepSpec.of(TestConnector.ID))
                .build();

        RunResult result = engine.run(flow);

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.error()).contains("Step 'boom' (test_connector) failed: boom with null");
        assertThat(result.step("boom").status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.step("after").status()).isEqualTo(RunStatus.NOT_RUN);
        assertThat(counters(RUNS)).containsExactly(entry("flow=nightly,status=aborted,trigger=manual", 1.0));
        assertThat(timerCounts(RUN_DURATION)).containsExactly(entry("flow=nightly,status=aborted", 1L));
        assertThat(counters(STEP_ERRORS)).containsExactly(entry("flow=nightly,step=boom", 1.0));
        // the step whose turn never came did not run: no time, no records
        assertThat(timerCounts(STEP_DURATION)).containsExactly(
                entry("flow=nightly,step=boom", 1L),
                entry("flow=nightly,step=first", 1L));
    }

    @Test
    void aStepFailingInAStreamCountsTheErrorNotTheStepsAbortedWithIt() {
        Dataflow flow = Dataflow.builder("stream")
                .start("read", StepSpec.of(ArraySource.ID).with("source",
                        List.of(Map.of("id", 1), Map.of("id", 2), Map.of("id", 3))))
                .then("check", StepSpec.of(FailOnSecondRecord.ID))
                .then("write", StepSpec.of(CollectingSink.ID))
                .build();

        RunResult result = engine.run(flow);

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.error()).contains("Step 'check' (test_fail_second) failed on record #2: no second record");
        assertThat(result.steps().values()).allSatisfy(s -> assertThat(s.status()).isEqualTo(RunStatus.ABORTED));
        assertThat(counters(STEP_ERRORS)).containsExactly(entry("flow=stream,step=check", 1.0));
        assertThat(counters(RUNS)).containsExactly(entry("flow=stream,status=aborted,trigger=manual", 1.0));
        assertThat(counters(STEP_RECORDS)).containsExactly(
                entry("direction=in,flow=stream,step=check", 2.0),
                entry("direction=in,flow=stream,step=read", 0.0),
                entry("direction=in,flow=stream,step=write", 1.0),
                entry("direction=out,flow=stream,step=check", 1.0),
                entry("direction=out,flow=stream,step=read", 2.0),
                entry("direction=out,flow=stream,step=write", 1.0));
    }

    @Test
    void anAbortOnPurposeIsAnAbortedRunButNoStepError() {
        Dataflow flow = Dataflow.builder("guarded")
                .start("guard", StepSpec.of(TestConnector.ID).with("outcome", "abort"))
                .build();

        RunResult result = engine.run(flow);

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(counters(RUNS)).containsExactly(entry("flow=guarded,status=aborted,trigger=manual", 1.0));
        assertThat(registry.find(STEP_ERRORS).meters()).isEmpty();
        assertThat(timerCounts(STEP_DURATION)).containsExactly(entry("flow=guarded,step=guard", 1L));
    }

    @Test
    void aBranchCancelledByItsConnectorRecordsNothingForTheStepsThatNeverStarted() {
        Dataflow flow = Dataflow.builder("gated")
                .start("gate", StepSpec.of(TestConnector.ID).with("outcome", "cancel"))
                .then("skipped", StepSpec.of(TestConnector.ID))
                .build();

        RunResult result = engine.run(flow);

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(result.step("skipped").status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(kit.connector().executions()).containsExactly("gate");
        assertThat(timerCounts(STEP_DURATION)).containsExactly(entry("flow=gated,step=gate", 1L));
        assertThat(counters(STEP_RECORDS)).containsOnlyKeys(
                "direction=in,flow=gated,step=gate", "direction=out,flow=gated,step=gate");
    }

    @Test
    void aRunCancelledByItsTimeoutIsCountedCancelledWithNoStepError() {
        Dataflow flow = Dataflow.builder("slow")
                .start("first", StepSpec.of(TestConnector.ID))
                .then("wait", StepSpec.of(WaitUntilCancelled.ID))
                .then("after", StepSpec.of(TestConnector.ID))
                .build();

        RunResult result = engine.run(flow, RunOptions.builder().timeout(Duration.ofMillis(200)).build());

        assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(result.cancelReason()).contains("timeout after PT0.2S");
        assertThat(result.step("wait").status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(counters(RUNS)).containsExactly(entry("flow=slow,status=cancelled,trigger=manual", 1.0));
        assertThat(timerCounts(RUN_DURATION)).containsExactly(entry("flow=slow,status=cancelled", 1L));
        assertThat(registry.find(STEP_ERRORS).meters()).isEmpty();
        assertThat(timerCounts(STEP_DURATION)).containsExactly(
                entry("flow=slow,step=first", 1L),
                entry("flow=slow,step=wait", 1L));
    }

    @Test
    void aDryRunOfACronTriggerIsCountedWithItsTrigger() {
        RunResult result = engine.run(orders, RunOptions.builder().dryRun(true).trigger(Trigger.CRON).build());

        assertThat(result.isDryRun()).isTrue();
        assertThat(counters(RUNS)).containsExactly(entry("flow=orders,status=finalised,trigger=cron", 1.0));
        assertThat(counters(STEP_RECORDS)).containsEntry("direction=out,flow=orders,step=read", 3.0);
    }

    @Test
    void aBlockedRunIsCountedWithItsTriggerAndNoSteps() {
        RunResult blocked;
        try (StateStore.Lock held = store.tryLock("orders").orElseThrow()) {
            blocked = engine.run(orders, RunOptions.builder().trigger(Trigger.CRON).build());
        }

        assertThat(blocked.status()).isEqualTo(RunStatus.BLOCKED);
        assertThat(counters(RUNS)).containsExactly(entry("flow=orders,status=blocked,trigger=cron", 1.0));
        assertThat(timerCounts(RUN_DURATION)).containsExactly(entry("flow=orders,status=blocked", 1L));
        assertThat(registry.find(STEP_RECORDS).meters()).isEmpty();
        assertThat(registry.find(STEP_DURATION).meters()).isEmpty();
    }

    /** The counters of {@code name} by their tags ({@code key=value,...}, keys in order). */
    private Map<String, Double> counters(String name) {
        return registry.find(name).counters().stream()
                .collect(Collectors.toMap(c -> tags(c), Counter::count, (a, b) -> a, TreeMap::new));
    }

    /** The number of times each timer of {@code name} recorded, by its tags. */
    private Map<String, Long> timerCounts(String name) {
        return registry.find(name).timers().stream()
                .collect(Collectors.toMap(t -> tags(t), Timer::count, (a, b) -> a, TreeMap::new));
    }

    private static String tags(Meter meter) {
        return meter.getId().getTags().stream().map(t -> t.getKey() + "=" + t.getValue())
                .collect(Collectors.joining(","));
    }

}
