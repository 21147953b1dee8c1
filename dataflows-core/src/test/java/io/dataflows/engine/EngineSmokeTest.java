package io.dataflows.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.DataRecord;
import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepSpec;
import io.dataflows.testkit.ArraySource;
import io.dataflows.testkit.CollectingSink;
import io.dataflows.testkit.TestKit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import static io.dataflows.testkit.Maps.list;
import static io.dataflows.testkit.Maps.map;

class EngineSmokeTest {

    private final TestKit kit = new TestKit();

    @Test
    void readerToWriterDeliversEveryRecordInOrder() {
        List<Map<String, Object>> source = list(map("a", 1, "b", 2, "c", 3), map("a", 4, "b", 5, "c", 6));
        Dataflow flow = Dataflow.builder("t01")
                .step("reader", StepSpec.of(ArraySource.ID).with("source", source))
                .step("sink", StepSpec.of(CollectingSink.ID)).dependsOn("reader")
                .build();
        DataflowEngine engine = kit.builder().build();

        RunResult result = engine.run(flow);

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(kit.sink().records("sink")).containsExactly(
                DataRecord.of("a", 1, "b", 2, "c", 3), DataRecord.of("a", 4, "b", 5, "c", 6));
        assertThat(result.step("sink").recordsIn()).isEqualTo(2);
        assertThat(result.variable("steps.sink.iterations")).contains(2L);
        assertThat(result.variable("dataflow.states.finalised")).isPresent();
    }
}
