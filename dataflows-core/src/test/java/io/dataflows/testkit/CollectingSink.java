package io.dataflows.testkit;

import io.dataflows.DataRecord;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.FlowStep;
import io.dataflows.spi.RecordProcessor;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test writer {@code test_sink}: collects the records it receives under its {@code name} config (default: the step
 * alias), readable with {@link #records(String)} (tool_dataflows' {@code array_out_type}). Passes records on.
 */
public final class CollectingSink implements FlowStep {

    public static final String ID = "test_sink";

    private static final Map<String, List<DataRecord>> SINKS = new ConcurrentHashMap<>();

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("name", FieldType.STRING))
            .build();

    /** The records collected under {@code name}, in arrival order. */
    public static List<DataRecord> records(String name) {
        return Collections.unmodifiableList(SINKS.getOrDefault(name, List.of()));
    }

    /** The collected records as plain maps. */
    public static List<Map<String, Object>> maps(String name) {
        List<Map<String, Object>> out = new ArrayList<>();
        records(name).forEach(r -> out.add(r.toMap()));
        return out;
    }

    /** Forgets everything collected. */
    public static void reset() {
        SINKS.clear();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public StepKind kind() {
        return StepKind.WRITER;
    }

    @Override
    public ConfigSchema configSchema() {
        return CONFIG;
    }

    @Override
    public boolean hasSideEffects(Map<String, Object> config) {
        return true;
    }

    @Override
    public RecordProcessor open(StepContext context) {
        String name = context.config().optionalString("name").orElse(context.stepAlias());
        List<DataRecord> list = SINKS.computeIfAbsent(name, k -> Collections.synchronizedList(new ArrayList<>()));
        return (record, out) -> {
            list.add(record);
            out.emit(record);
        };
    }
}
