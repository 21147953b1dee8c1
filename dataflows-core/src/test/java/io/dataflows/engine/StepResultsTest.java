package io.dataflows.engine;

import static io.dataflows.testkit.Maps.list;
import static io.dataflows.testkit.Maps.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepRegistry;
import io.dataflows.StepResult;
import io.dataflows.StepSpec;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.FlowStep;
import io.dataflows.spi.RecordProcessor;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.testkit.ArraySource;
import io.dataflows.testkit.CollectingSink;
import io.dataflows.testkit.TestConnector;
import io.dataflows.testkit.TestKit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@code RunResult.steps()} says about each step: its records, its own time, whether it ran. */
class StepResultsTest {

    /** Test flow step {@code test_sleep}: sleeps 2 ms per record, then passes it on. */
    static final class SleepingStep implements FlowStep {
        @Override
        public String id() {
            return "test_sleep";
        }

        @Override
        public StepKind kind() {
            return StepKind.FLOW;
        }

        @Override
        public ConfigSchema configSchema() {
            return ConfigSchema.builder().build();
        }

        @Override
        public RecordProcessor open(StepContext ctx) {
            return (record, out) -> {
                Thread.sleep(2);
                out.emit(record);
            };
        }
    }

    private final TestKit kit = new TestKit();
    private final DataflowEngine engine = DataflowEngine.builder()
            .stepRegistry(StepRegistry.builder().discover().add(new ArraySource()).add(kit.sink())
                    .add(new SleepingStep()).add(kit.connector()).build())
            .build();

    @BeforeEach
    void reset() {
        kit.sink().reset();
    }

    private static List<Map<String, Object>> rows(int n) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            rows.add(map("n", i));
        }
        return rows;
    }

    @Test
    void eachStreamStepGetsItsOwnTimeNotTheStreams() {
        Dataflow flow = Dataflow.builder("own-time")
                .start("read", StepSpec.of(ArraySource.ID).with("source", rows(200)))
                .then("slow", StepSpec.of("test_sleep"))
                .then("sink", StepSpec.of(CollectingSink.ID))
                .build();

        RunResult result = engine.run(flow);

        StepResult read = result.step("read");
        StepResult slow = result.step("slow");
        StepResult sink = result.step("sink");
        assertThat(List.of(read.recordsIn(), read.recordsOut())).containsExactly(0L, 200L);
        assertThat(List.of(slow.recordsIn(), slow.recordsOut())).containsExactly(200L, 200L);
        assertThat(sink.recordsIn()).isEqualTo(200L);
        // 200 sleeps of at least 2 ms are the slow step's, not its neighbours'
        assertThat(slow.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(350));
        assertThat(sink.duration()).isLessThan(slow.duration());
        assertThat(read.duration()).isLessThan(slow.duration());
        assertThat(read.duration().plus(slow.duration()).plus(sink.duration())).isLessThanOrEqualTo(
                result.duration().plusMillis(1));
    }

    @Test
    void stepsWhoseTurnNeverCameDidNotRun() {
        Dataflow flow = Dataflow.builder("not-run")
                .start("read", StepSpec.of(ArraySource.ID).with("source", list(map("a", 1), map("b", 2))))
                .then("sink", StepSpec.of(CollectingSink.ID)).stepVar("a", "${{ record.a }}")
                .then("after", StepSpec.of(TestConnector.ID))
                .build();

        RunResult result = engine.run(flow);

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.step("read").status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.step("sink").status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.step("after").status()).isEqualTo(RunStatus.NOT_RUN);
        assertThat(result.step("after").duration()).isZero();
    }
}
