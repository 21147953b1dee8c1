package io.dataflows.testing;

import io.dataflows.DataRecord;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.FlowStep;
import io.dataflows.spi.RecordProcessor;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The writer that ends a {@link StepHarness} run: keeps every record the step under test emitted, in arrival order,
 * and by the alias of the collecting step (one per output of a step with several). One instance per run, so runs of
 * harnesses in parallel tests never see each other's records.
 */
final class HarnessOutput implements FlowStep {

    /** The id under which a harness registers its output. */
    static final String ID = "harness_output";

    private final List<DataRecord> records = new ArrayList<>();
    private final Map<String, List<DataRecord>> byAlias = new LinkedHashMap<>();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public StepKind kind() {
        return StepKind.WRITER;
    }

    @Override
    public String displayName() {
        return "Harness output";
    }

    @Override
    public String description() {
        return "Collects the records a step emitted in a StepHarness run.";
    }

    @Override
    public ConfigSchema configSchema() {
        return ConfigSchema.empty();
    }

    @Override
    public RecordProcessor open(StepContext context) {
        String alias = context.stepAlias();
        synchronized (this) {
            byAlias.putIfAbsent(alias, new ArrayList<>());
        }
        return (record, out) -> {
            synchronized (this) {
                records.add(record);
                byAlias.get(alias).add(record);
            }
        };
    }

    /** The records collected so far, in arrival order. */
    synchronized List<DataRecord> records() {
        return List.copyOf(records);
    }

    /** The records the collecting step {@code alias} got, in arrival order. */
    synchronized List<DataRecord> records(String alias) {
        return List.copyOf(byAlias.getOrDefault(alias, List.of()));
    }
}
