package io.dataflows.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunHandle;
import io.dataflows.RunListener;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StateStores;
import io.dataflows.StepRegistry;
import io.dataflows.StepSpec;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.ReaderStep;
import io.dataflows.spi.RunRecord;
import io.dataflows.spi.StateStore;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.StepType;
import io.dataflows.testkit.RecordingListener;
import io.dataflows.testkit.TestConnector;
import io.dataflows.testkit.TestKit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Blocked runs, waiting for the lock, listeners per run and as lambdas, step kinds checked at registration. */
class RunLifecycleTest {

    private static final StepSpec CONNECTOR = StepSpec.of(TestConnector.ID);

    private final StateStore store = StateStores.inMemory();
    private final RecordingListener engineListener = new RecordingListener();
    private final TestKit kit = new TestKit();
    private final DataflowEngine engine = kit.builder().stateStore(store).listener(engineListener).build();
    private final Dataflow flow = Dataflow.builder("locked").step("a", CONNECTOR).build();

    @BeforeEach
    void reset() {
        kit.connector().reset();
    }

    @Test
    void aBlockedRunHasAnIdANameARecordAndACallback() {
        List<RunResult> blockedSeen = new ArrayList<>();
        RunResult blocked;
        try (StateStore.Lock held = store.tryLock("locked").orElseThrow()) {
            blocked = engine.run(flow, RunOptions.builder().trigger(io.dataflows.Trigger.WEBHOOK)
                    .listener(RunListener.onRunBlocked(blockedSeen::add)).build());
        }

        assertThat(blocked.status()).isEqualTo(RunStatus.BLOCKED);
        assertThat(blocked.runId()).isNotBlank();
        assertThat(blocked.runName()).isEqualTo("1");
        assertThat(blocked.steps()).isEmpty();
        assertThat(blocked.variable("run.trigger.type")).contains("webhook");
        assertThat(blockedSeen).containsExactly(blocked);
        assertThat(engineListener.events()).containsExactly("runBlocked 1");
        RunRecord record = store.runs("locked").get(0);
        assertThat(record.id()).isEqualTo(blocked.runId());
        assertThat(record.status()).isEqualTo("blocked");
        assertThat(record.error()).isEqualTo("Dataflow 'locked' is locked by another run");
        assertThat(record.trigger()).isEqualTo("webhook");
        assertThat(kit.connector().executions()).isEmpty();
        assertThat(engine.run(flow).runName()).isEqualTo("2");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theHistoryKeepsWhatEachStepDidAndWhereTheRunFailed() throws Exception {
        Dataflow failing = Dataflow.builder("summed")
                .start("read", StepSpec.of(io.dataflows.testkit.ArraySource.ID).with("source", List.of(
                        java.util.Map.of("a", 1), java.util.Map.of("a", 2), java.util.Map.of("b", 3))))
                .then("sink", StepSpec.of(io.dataflows.testkit.CollectingSink.ID)).stepVar("a", "${{ record.a }}")
                .build();

        RunResult result = engine.run(failing);

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        String summary = store.runs("summed").get(0).summary();
        java.util.Map<String, Object> read = new com.fasterxml.jackson.databind.ObjectMapper()
                .readValue(summary, java.util.Map.class);
        assertThat(read.keySet()).containsExactly("failedstep", "failedrecord", "steps");
        assertThat(read).containsEntry("failedstep", "sink").containsEntry("failedrecord", 3);
        java.util.Map<String, java.util.Map<String, Object>> steps =
                (java.util.Map<String, java.util.Map<String, Object>>) read.get("steps");
        assertThat(steps.keySet()).containsExactly("read", "sink");
        assertThat(steps.get("read")).containsEntry("status", "aborted").containsEntry("recordsin", 0)
                .containsEntry("recordsout", 3).containsEntry("millis", (int) result.step("read").duration().toMillis());
        assertThat(steps.get("sink")).containsEntry("status", "aborted").containsEntry("recordsin", 3)
                .containsEntry("recordsout", 3);

        try (StateStore.Lock held = store.tryLock("summed").orElseThrow()) {
            engine.run(failing);
        }
        assertThat(store.runs("summed").get(1).summary())
                .isEqualTo("{\"failedstep\":null,\"failedrecord\":null,\"steps\":{}}");
    }

    /** The in-memory store, except that recording the end of a run fails {@code failures} times first. */
    private static StateStore failingToFinish(StateStore store, int failures) {
        java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(failures);
        return new StateStore() {
            @Override
            public java.util.Map<String, Object> loadVariables(String dataflow) {
                return store.loadVariables(dataflow);
            }

            @Override
            public void saveVariables(String dataflow, java.util.Map<String, Object> variables) {
                store.saveVariables(dataflow, variables);
            }

            @Override
            public java.util.Optional<Object> stepState(String dataflow, String step, String key) {
                return store.stepState(dataflow, step, key);
            }

            @Override
            public void putStepState(String dataflow, String step, String key, Object value) {
                store.putStepState(dataflow, step, key, value);
            }

            @Override
            public RunRecord startRun(String dataflow, boolean dryRun, java.time.Instant startedAt, String startState,
                    io.dataflows.spi.RunOwner owner) {
                return store.startRun(dataflow, dryRun, startedAt, startState, owner);
            }

            @Override
            public void finishRun(RunRecord run, String status, java.time.Instant finishedAt, String endState,
                    String error) {
                if (left.getAndDecrement() > 0) {
                    throw new io.dataflows.DataflowException("State store: cannot record the end of run "
                            + run.name() + ": Timeout trying to lock table");
                }
                store.finishRun(run, status, finishedAt, endState, error);
            }

            @Override
            public List<RunRecord> runs(String dataflow) {
                return store.runs(dataflow);
            }

            @Override
            public java.util.Optional<Lock> tryLock(String dataflow) {
                return store.tryLock(dataflow);
            }
        };
    }

    @Test
    void theEndOfARunIsRecordedWhenTheStoreFailsOnceOrTwiceAndLoggedWhenItKeepsFailing() {
        StateStore memory = StateStores.inMemory();
        DataflowEngine twice = kit.builder().stateStore(failingToFinish(memory, 2)).build();
        assertThat(twice.run(flow).status()).isEqualTo(RunStatus.FINALISED);
        assertThat(memory.runs("locked")).extracting(RunRecord::status).containsExactly("finalised");

        StateStore other = StateStores.inMemory();
        DataflowEngine always = kit.builder().stateStore(failingToFinish(other, 3)).build();
        RunResult result = always.run(flow);
        assertThat(result.status()).isEqualTo(RunStatus.FINALISED); // the outcome stands; the history lacks its end
        assertThat(other.runs("locked")).extracting(RunRecord::status).containsExactly("processing");
    }

    @Test
    void waitForLockRunsOnceTheLockIsReleased() throws Exception {
        StateStore.Lock held = store.tryLock("locked").orElseThrow();
        RunHandle handle = engine.start(flow, RunOptions.builder().waitForLock(Duration.ofMinutes(1)).build());
        Thread.sleep(200); // lets the run find the lock held, so that it waits (the outcome does not depend on it)
        held.close();

        RunResult result = handle.await(Duration.ofMinutes(1)).orElseThrow();
        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(kit.connector().executions()).hasSize(1);
    }

    @Test
    void waitForLockGivesUpAfterItsTime() {
        try (StateStore.Lock held = store.tryLock("locked").orElseThrow()) {
            RunResult result = engine.run(flow, RunOptions.builder().waitForLock(Duration.ofMillis(300)).build());
            assertThat(result.status()).isEqualTo(RunStatus.BLOCKED);
            assertThat(result.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
        assertThat(kit.connector().executions()).isEmpty();
    }

    @Test
    void cancellingAWaitForTheLockEndsItBlocked() throws Exception {
        try (StateStore.Lock held = store.tryLock("locked").orElseThrow()) {
            RunHandle handle = engine.start(flow, RunOptions.builder().waitForLock(Duration.ofHours(1)).build());
            handle.cancel();
            assertThat(handle.result().get(1, TimeUnit.MINUTES).status()).isEqualTo(RunStatus.BLOCKED);
        }
    }

    @Test
    void listenersOfTheEngineAndOfTheRunHearEveryStepWithItsResultStatus() {
        RecordingListener runListener = new RecordingListener();
        List<String> lambda = new ArrayList<>();
        Dataflow failing = Dataflow.builder("failing")
                .start("a", CONNECTOR)
                .then("b", CONNECTOR.with("outcome", "fail"))
                .then("c", CONNECTOR)
                .build();

        RunResult result = engine.run(failing, RunOptions.builder().listener(runListener)
                .listener(RunListener.onStepFinished((run, step) -> lambda.add(step.alias() + " "
                        + step.status().label())))
                .listener(RunListener.onRunFinished(r -> lambda.add("run " + r.status().label())))
                .build());

        assertThat(runListener.events()).containsExactly("runStarted failing", "stepStarted a",
                "stepFinished a finished in=0 out=0", "stepStarted b", "stepFinished b aborted in=0 out=0",
                "stepFinished c not_run in=0 out=0", "runFinished aborted");
        assertThat(engineListener.events()).isEqualTo(runListener.events());
        assertThat(lambda).containsExactly("a finished", "b aborted", "c not_run", "run aborted");
        assertThat(result.step("b").status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.step("c").status()).isEqualTo(RunStatus.NOT_RUN);
    }

    @Test
    void whenTheListenersHearTheEndTheRunIsRecordedAndTheDataflowUnlocked() {
        List<String> seen = new ArrayList<>();
        engine.run(flow, RunOptions.builder().listener(RunListener.onRunFinished(r -> {
            seen.add(store.runs("locked").get(0).status());
            store.tryLock("locked").ifPresentOrElse(lock -> {
                seen.add("unlocked");
                lock.close();
            }, () -> seen.add("still locked"));
        })).build());

        assertThat(seen).containsExactly("finalised", "unlocked");
    }

    /** Says it is a reader, but is a connector. */
    static final class MislabelledStep implements io.dataflows.spi.ConnectorStep {
        @Override
        public String id() {
            return "test_mislabelled";
        }

        @Override
        public StepKind kind() {
            return StepKind.READER;
        }

        @Override
        public ConfigSchema configSchema() {
            return ConfigSchema.builder().build();
        }

        @Override
        public io.dataflows.spi.Outcome run(io.dataflows.spi.StepContext ctx) {
            return io.dataflows.spi.Outcome.CONTINUE;
        }
    }

    @Test
    void aStepKindThatDoesNotMatchItsInterfaceIsRefusedAtRegistration() {
        StepType bad = new MislabelledStep();
        String message = "Step type 'test_mislabelled' (" + MislabelledStep.class.getName() + ") has kind READER "
                + "but does not implement " + ReaderStep.class.getName()
                + "; implement it, or return the kind of the interface the class implements";
        assertThatThrownBy(() -> StepRegistry.builder().add(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
        assertThatThrownBy(() -> StepRegistry.builder().override(bad)).hasMessage(message);
    }
}
