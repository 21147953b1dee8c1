package io.dataflows.steps.internal.code;

import io.dataflows.DataRecord;
import io.dataflows.DataflowException;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.FlowStep;
import io.dataflows.spi.RecordProcessor;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import java.util.Objects;
import java.util.function.Function;

/** {@code java_map}: passes on what a function given in code makes of each record. */
public final class MapStep implements FlowStep {

    private final Function<? super DataRecord, ? extends DataRecord> function;

    public MapStep(Function<? super DataRecord, ? extends DataRecord> function) {
        this.function = Objects.requireNonNull(function, "function");
    }

    @Override
    public String id() {
        return "java_map";
    }

    @Override
    public StepKind kind() {
        return StepKind.FLOW;
    }

    @Override
    public String displayName() {
        return "Java map";
    }

    @Override
    public String description() {
        return "Passes on what a Java function given in code makes of each record.";
    }

    @Override
    public ConfigSchema configSchema() {
        return ConfigSchema.empty();
    }

    @Override
    public RecordProcessor open(StepContext context) {
        return (record, out) -> {
            DataRecord result = function.apply(record);
            if (result == null) {
                throw new DataflowException("The map function returned null; drop records with Steps.filter.");
            }
            out.emit(result);
        };
    }
}
