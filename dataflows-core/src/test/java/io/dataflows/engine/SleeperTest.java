package io.dataflows.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.Sleeper;
import io.dataflows.StepRegistry;
import io.dataflows.StepSpec;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.ConnectorStep;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.Outcome;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link StepContext#sleep} goes through the engine's {@link Sleeper}; the system sleeper is interruptible. */
class SleeperTest {

    /** {@code test_sleep}: sleeps {@code millis} milliseconds through its context. */
    static final class SleepStep implements ConnectorStep {
        @Override
        public String id() {
            return "test_sleep";
        }

        @Override
        public StepKind kind() {
            return StepKind.CONNECTOR;
        }

        @Override
        public ConfigSchema configSchema() {
            return ConfigSchema.builder().field(ConfigField.of("millis", FieldType.INTEGER).required()).build();
        }

        @Override
        public Outcome run(StepContext ctx) throws Exception {
            ctx.sleep(Duration.ofMillis(ctx.config().integer("millis")));
            return Outcome.CONTINUE;
        }
    }

    private final List<Duration> slept = new CopyOnWriteArrayList<>();

    private DataflowEngine engine(Sleeper sleeper) {
        return DataflowEngine.builder().stepRegistry(StepRegistry.builder().add(new SleepStep()).build())
                .sleeper(sleeper).build();
    }

    @Test
    void stepsSleepThroughTheEngineSleeper() {
        Dataflow flow = Dataflow.builder("sleepy")
                .step("a", StepSpec.of("test_sleep").with("millis", 90_000))
                .step("b", StepSpec.of("test_sleep").with("millis", 5)).dependsOn("a")
                .build();

        RunResult result = engine(slept::add).run(flow);

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(slept).containsExactly(Duration.ofSeconds(90), Duration.ofMillis(5));
    }

    @Test
    void aNegativeDurationFailsTheStepWithoutSleeping() {
        Dataflow flow = Dataflow.builder("negative").step("a", StepSpec.of("test_sleep").with("millis", -1)).build();

        RunResult result = engine(slept::add).run(flow);

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.error()).hasValue("Step 'a' (test_sleep) failed: cannot sleep a negative duration: PT-0.001S");
        assertThat(slept).isEmpty();
    }

    @Test
    void theSystemSleeperThrowsAtOnceWhenTheThreadIsAlreadyInterrupted() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> Sleeper.SYSTEM.sleep(Duration.ofHours(1)))
                    .isInstanceOf(InterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void theSystemSleeperWakesWhenTheThreadIsInterrupted() throws InterruptedException {
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread sleeper = new Thread(() -> {
            try {
                Sleeper.SYSTEM.sleep(Duration.ofHours(1));
                outcome.set(new AssertionError("slept an hour"));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        sleeper.start();
        while (sleeper.getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait();
        }
        sleeper.interrupt();
        sleeper.join(60_000); // a bound for a broken sleeper, not a timing assertion

        assertThat(sleeper.isAlive()).isFalse();
        assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
    }

    @Test
    void theSystemSleeperSleepsAtLeastTheDuration() throws InterruptedException {
        long start = System.nanoTime();
        Sleeper.SYSTEM.sleep(Duration.ofMillis(20));
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());
    }
}
