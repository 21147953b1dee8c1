package io.dataflows.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.StepRegistry;
import io.dataflows.spi.StepType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Which built-in step types declare that they can run distributed (on a runner such as Apache Beam's), and why the
 * others cannot: only the types known to handle each record on their own opt in, every other type keeps the
 * default refusal.
 */
class DistributionBlockersTest {

    private final StepRegistry registry = StepRegistry.discover();

    private Optional<String> blocker(String id) {
        return registry.find(id).orElseThrow().distributionBlocker(Map.of());
    }

    @Test
    void perRecordStepsOptIn() {
        Map<String, Optional<String>> distributable = new TreeMap<>();
        for (StepType type : registry.types()) {
            if (type.getClass().getName().startsWith("io.dataflows.steps.")
                    && type.distributionBlocker(Map.of()).isEmpty()) {
                distributable.put(type.id(), Optional.empty());
            }
        }
        assertThat(distributable.keySet()).containsExactly("flow_logic_case", "flow_logic_join",
                "flow_logic_switch", "flow_sql", "flow_tee", "flow_transformer_alter", "flow_transformer_filter",
                "reader_array", "reader_csv", "reader_directory_file_list", "reader_json", "reader_sql",
                "writer_stream");
    }

    @Test
    void anIncrementalSqlReadDeclaresItsCounterAsTheStateToCarry() {
        StepType reader = registry.find("reader_sql").orElseThrow();
        assertThat(reader.distributionBlocker(Map.of("counterfield", "id"))).isEmpty();
        assertThat(reader.stateKeys(Map.of("counterfield", "id"))).containsExactly("countervalue");
        assertThat(reader.stateKeys(Map.of("counterfield", ""))).isEmpty();
        assertThat(reader.stateKeys(Map.of())).isEmpty();
    }

    @Test
    void stepsWithRunWideEffectsSayWhy() {
        assertThat(blocker("flow_set_variable"))
                .contains("it sets a run-wide variable, which workers running apart cannot share");
        assertThat(blocker("connector_set_variable"))
                .contains("it sets a run-wide variable, which workers running apart cannot share");
        assertThat(blocker("writer_debugging"))
                .contains("it prints to the run's output, which workers running apart do not have");
        for (String abort : List.of("flow_abort", "connector_abort")) {
            assertThat(blocker(abort)).as(abort)
                    .contains("it aborts the whole run, which workers running apart cannot stop at one record");
        }
    }

    @Test
    void typesThatDoNotOptInKeepTheDefaultRefusal() {
        assertThat(blocker("flow_noop"))
                .contains("step type 'flow_noop' does not declare that it can run distributed");
        assertThat(blocker("connector_noop"))
                .contains("step type 'connector_noop' does not declare that it can run distributed");
    }
}
