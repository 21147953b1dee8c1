package io.dataflows.steps.internal.code;

import io.dataflows.DataRecord;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.FlowStep;
import io.dataflows.spi.RecordProcessor;
import io.dataflows.spi.RecordShape;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/** {@code java_filter}: passes on the records a predicate given in code accepts; drops the others. */
public final class FilterStep implements FlowStep {

    private final Predicate<? super DataRecord> predicate;

    public FilterStep(Predicate<? super DataRecord> predicate) {
        this.predicate = Objects.requireNonNull(predicate, "predicate");
    }

    @Override
    public String id() {
        return "java_filter";
    }

    @Override
    public StepKind kind() {
        return StepKind.FLOW;
    }

    @Override
    public String displayName() {
        return "Java filter";
    }

    @Override
    public String description() {
        return "Passes on only the records a Java predicate given in code accepts.";
    }

    @Override
    public ConfigSchema configSchema() {
        return ConfigSchema.empty();
    }

    /** Passes each record on unchanged. */
    @Override
    public RecordShape recordShape(Map<String, Object> config, RecordShape input) {
        return input;
    }

    @Override
    public RecordProcessor open(StepContext context) {
        return (record, out) -> {
            if (predicate.test(record)) {
                out.emit(record);
            }
        };
    }
}
