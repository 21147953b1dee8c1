package io.dataflows.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunHandle;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepSpec;
import io.dataflows.spi.CancelRegistration;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.ConnectorStep;
import io.dataflows.spi.Outcome;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.testkit.TestKit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code StepContext.onCancel}: what a step blocked in a call that ignores interrupts (a JDBC driver waiting for the
 * database) registers, so that a cancelled run can wake it.
 */
class CancelActionsTest {

    private final TestKit kit = new TestKit();
    private final DeafStep deaf = new DeafStep();
    private final DataflowEngine engine = DataflowEngine.builder()
            .stepRegistry(kit.registryBuilder().add(deaf).build()).build();

    private static Dataflow flow(String name) {
        return Dataflow.builder(name)
                .step("deaf", StepSpec.of(DeafStep.ID))
                .step("after", StepSpec.of("test_connector")).dependsOn("deaf")
                .build();
    }

    @Test
    void cancelCallsTheActionOnceOnTheCancellingThreadAndTheRunEndsCancelled() throws Exception {
        RunHandle handle = engine.start(flow("cancelled"), RunOptions.defaults());
        assertThat(deaf.blocked.await(60, TimeUnit.SECONDS)).isTrue();

        assertThat(handle.cancel("stopped by the test")).isTrue();
        assertThat(handle.cancel("again")).isFalse();
        RunResult result = handle.await(Duration.ofSeconds(60)).orElseThrow();

        String me = Thread.currentThread().getName();
        assertThat(deaf.calls()).containsExactly("wake on " + me);
        assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(result.cancelReason()).contains("stopped by the test");
        assertThat(result.step("deaf").status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(result.step("after").status()).isEqualTo(RunStatus.NOT_RUN);
        assertThat(kit.connector().executions()).isEmpty();
    }

    @Test
    void aTimeoutCallsTheActionOnTheTimeoutThread() throws Exception {
        // Long enough for the step to register its action first even on a loaded machine (registered after the
        // cancellation, an action runs on the run's own thread instead, which another test covers).
        RunResult result = engine.run(flow("timed"), RunOptions.builder().timeout(Duration.ofSeconds(1)).build());

        assertThat(deaf.calls()).containsExactly("wake on dataflows-run-timeouts");
        assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(result.cancelReason()).contains("timeout after PT1S");
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void aClosedRegistrationIsNeverCalledAndAFailingActionDoesNotStopTheOthers() throws Exception {
        deaf.before = ctx -> ctx.onCancel(() -> deaf.call("closed before the wait")).close();
        deaf.alsoDuringWait = () -> {
            deaf.call("failing");
            throw new IllegalStateException("the action's own failure");
        };
        RunHandle handle = engine.start(flow("closed"), RunOptions.defaults());
        assertThat(deaf.blocked.await(60, TimeUnit.SECONDS)).isTrue();
        handle.cancel();
        RunResult result = handle.await(Duration.ofSeconds(60)).orElseThrow();

        assertThat(deaf.calls()).containsExactlyInAnyOrder("failing", "wake on " + Thread.currentThread().getName());
        assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(result.cancelReason()).contains("cancelled by caller");
    }

    @Test
    void anActionRegisteredAfterTheCancellationRunsAtOnceOnTheRunsThread() throws Exception {
        deaf.after = ctx -> {
            String runThread = Thread.currentThread().getName();
            try (CancelRegistration late = ctx.onCancel(() -> deaf.call("late on " + Thread.currentThread()
                    .getName()))) {
                deaf.call("registered late by " + runThread);
            }
        };
        RunHandle handle = engine.start(flow("late"), RunOptions.defaults());
        assertThat(deaf.blocked.await(60, TimeUnit.SECONDS)).isTrue();
        handle.cancel();
        RunResult result = handle.await(Duration.ofSeconds(60)).orElseThrow();

        String me = Thread.currentThread().getName();
        assertThat(deaf.calls()).hasSize(3);
        String runThread = deaf.calls().get(2).substring("registered late by ".length());
        assertThat(runThread).isNotEqualTo(me);
        assertThat(deaf.calls()).containsExactly("wake on " + me, "late on " + runThread,
                "registered late by " + runThread);
        assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
    }

    @Test
    void aRunThatIsNotCancelledNeverCallsTheAction() {
        deaf.wakeItself = true;

        RunResult result = engine.run(flow("undisturbed"), RunOptions.defaults());

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(deaf.calls()).isEmpty();
        assertThat(kit.connector().executions()).containsExactly("after");
    }

    /**
     * {@code test_deaf}: waits for its action to be called, ignoring interrupts, as a driver waiting for the
     * database does; each test configures one instance.
     */
    private static final class DeafStep implements ConnectorStep {
        static final String ID = "test_deaf";

        final CountDownLatch blocked = new CountDownLatch(1);
        private final CountDownLatch wake = new CountDownLatch(1);
        private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        volatile java.util.function.Consumer<StepContext> before = ctx -> { };
        volatile java.util.function.Consumer<StepContext> after = ctx -> { };
        volatile Runnable alsoDuringWait;
        volatile boolean wakeItself;

        void call(String what) {
            calls.add(what);
        }

        List<String> calls() {
            synchronized (calls) {
                return List.copyOf(calls);
            }
        }

        @Override
        public String id() {
            return ID;
        }

        @Override
        public StepKind kind() {
            return StepKind.CONNECTOR;
        }

        @Override
        public ConfigSchema configSchema() {
            return ConfigSchema.empty();
        }

        @Override
        public boolean hasSideEffects(Map<String, Object> config) {
            return false;
        }

        @Override
        public Outcome run(StepContext ctx) {
            before.accept(ctx);
            Runnable extra = alsoDuringWait;
            try (CancelRegistration other = extra == null ? () -> { } : ctx.onCancel(extra);
                    CancelRegistration r = ctx.onCancel(() -> {
                        call("wake on " + Thread.currentThread().getName());
                        wake.countDown();
                    })) {
                blocked.countDown();
                if (wakeItself) {
                    wake.countDown();
                }
                awaitIgnoringInterrupts();
            }
            after.accept(ctx);
            return Outcome.CONTINUE;
        }

        /** Waits for the action, at most a minute, so that a broken engine fails the test rather than hangs it. */
        private void awaitIgnoringInterrupts() {
            boolean interrupted = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                try {
                    wake.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
