package io.dataflows.steps;

import static io.dataflows.testkit.Maps.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepSpec;
import io.dataflows.testkit.ArraySource;
import io.dataflows.testkit.TestEngines;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwitchStepTest {

    /** Five records {value: 1} and four {value: 0}, shuffled once. */
    private static final List<Map<String, Object>> SOURCE = new ArrayList<>();

    static {
        for (int v : new int[] {1, 0, 0, 1, 1, 0, 1, 0, 1}) {
            SOURCE.add(map("value", v));
        }
    }

    @TempDir
    Path dir;

    private final DataflowEngine engine = TestEngines.builder().build();

    private RunResult run(Map<String, Object> cases, Map<String, Object> readerConfig) {
        StepSpec reader = StepSpec.of(ArraySource.ID).with("source", SOURCE);
        for (Map.Entry<String, Object> e : readerConfig.entrySet()) {
            reader = reader.with(e.getKey(), e.getValue());
        }
        Dataflow flow = Dataflow.builder("switch")
                .step("reader", reader)
                .step("switch", StepSpec.of("flow_logic_switch").with("cases", cases)).dependsOn("reader")
                .step("even_writer", Steps.streamWriter("even.json", "json")).stepName("even (writer)")
                .dependsOn("switch:1")
                .step("odd_writer", Steps.streamWriter("odd.json", "json")).stepName("odd (writer)")
                .dependsOn("switch:2")
                .build();
        assertThat(engine.validate(flow, RunOptions.builder().baseDir(dir).build()).isValid()).isTrue();
        return engine.run(flow, RunOptions.builder().baseDir(dir).build());
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> records(String file) {
        return (List<Map<String, Object>>) JsonText.parseFile(dir.resolve(file));
    }

    private static long sum(List<Map<String, Object>> records) {
        return records.stream().mapToLong(r -> (Long) r.get("value")).sum();
    }

    @Test
    void recordsGoToTheOutputOfTheirCase() {
        RunResult result = run(map("even numbers", "record[\"value\"] % 2 == 0",
                "odd numbers", "record[\"value\"] % 2 == 1"), Map.of());

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(records("even.json")).hasSize(4);
        assertThat(sum(records("even.json"))).isZero();
        assertThat(records("odd.json")).hasSize(5);
        assertThat(sum(records("odd.json"))).isEqualTo(5);
    }

    @Test
    void theFirstMatchingCaseWins() {
        RunResult result = run(map("even numbers", "1", "odd numbers", "1"), Map.of());

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(records("even.json")).hasSize(9);
        assertThat(sum(records("even.json"))).isEqualTo(5);
        assertThat(records("odd.json")).isEmpty();
    }

    @Test
    void aRecordNoCaseMatchesIsDroppedAndTheEmptySideIsAValidEmptyArray() {
        RunResult result = run(map("even numbers", "record[\"value\"] % 2 == 1.5",
                "odd numbers", "record[\"value\"] % 2 == 1"), Map.of());

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(JsonText.read(dir.resolve("even.json"))).isEqualTo("[\n\n]\n");
        assertThat(records("even.json")).isEmpty();
        assertThat(records("odd.json")).hasSize(5);
        assertThat(sum(records("odd.json"))).isEqualTo(5);
        assertThat(result.step("switch").recordsIn()).isEqualTo(9);
        assertThat(result.step("switch").recordsOut()).isEqualTo(5);
    }

    @Test
    void casesSeeTheWholeVariableTree() {
        RunResult result = run(map("even numbers", "steps.reader.config.somefield == 22", "odd numbers", "0"),
                Map.of("somefield", 22));

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(records("even.json")).hasSize(9);
        assertThat(sum(records("even.json"))).isEqualTo(5);
        assertThat(records("odd.json")).isEmpty();
    }

    @Test
    void dependantsMayAttachByCaseLabel() {
        Dataflow flow = Dataflow.builder("labels")
                .step("reader", StepSpec.of(ArraySource.ID).with("source", SOURCE))
                .step("route", Steps.switchOn().when("one", "record.value == 1").when("other", "true"))
                .dependsOn("reader")
                .step("ones", Steps.streamWriter("ones.jsonl", "jsonl")).dependsOn("route:one")
                .step("others", Steps.streamWriter("others.jsonl", "jsonl")).dependsOn("route:other")
                .build();

        engine.run(flow, RunOptions.builder().baseDir(dir).build()).orThrow();

        assertThat(JsonText.read(dir.resolve("ones.jsonl"))).isEqualTo("{\"value\":1}\n".repeat(5));
        assertThat(JsonText.read(dir.resolve("others.jsonl"))).isEqualTo("{\"value\":0}\n".repeat(4));
    }
}
