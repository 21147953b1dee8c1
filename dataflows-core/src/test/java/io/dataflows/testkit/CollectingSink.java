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
 *
 * <p>Each instance keeps its own records, so tests that run at the same time do not see each other's: a test gets
 * its sink from its {@link TestKit}. The one exception is the instance {@link java.util.ServiceLoader} creates for
 * the command line, which discovers its step types itself: it collects into {@link #discovered()}, and test classes
 * that read it hold the lock {@link #DISCOVERED_LOCK}.
 */
public final class CollectingSink implements FlowStep {

    public static final String ID = "test_sink";

    /** The {@code @ResourceLock} of test classes that read {@link #discovered()}. */
    public static final String DISCOVERED_LOCK = "io.dataflows.testkit.CollectingSink.discovered";

    private static final Map<String, List<DataRecord>> DISCOVERED = new ConcurrentHashMap<>();

    private final Map<String, List<DataRecord>> sinks;

    /** For {@link java.util.ServiceLoader}: a sink that collects into {@link #discovered()}. */
    public CollectingSink() {
        this(DISCOVERED);
    }

    private CollectingSink(Map<String, List<DataRecord>> sinks) {
        this.sinks = sinks;
    }

    /** A sink with records of its own. */
    public static CollectingSink isolated() {
        return new CollectingSink(new ConcurrentHashMap<>());
    }

    /** The records of the sinks {@link java.util.ServiceLoader} created (the command line's). */
    public static CollectingSink discovered() {
        return new CollectingSink(DISCOVERED);
    }

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("name", FieldType.STRING))
            .build();

    /** The records collected under {@code name}, in arrival order. */
    public List<DataRecord> records(String name) {
        return Collections.unmodifiableList(sinks.getOrDefault(name, List.of()));
    }

    /** The collected records as plain maps. */
    public List<Map<String, Object>> maps(String name) {
        List<Map<String, Object>> out = new ArrayList<>();
        records(name).forEach(r -> out.add(r.toMap()));
        return out;
    }

    /** Forgets everything collected. */
    public void reset() {
        sinks.clear();
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
        List<DataRecord> list = sinks.computeIfAbsent(name, k -> Collections.synchronizedList(new ArrayList<>()));
        return (record, out) -> {
            list.add(record);
            out.emit(record);
        };
    }
}
