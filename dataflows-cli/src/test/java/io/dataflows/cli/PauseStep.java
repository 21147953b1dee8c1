package io.dataflows.cli;

import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.FlowStep;
import io.dataflows.spi.RecordProcessor;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;

/** Test flow step {@code test_pause}: passes each record on after sleeping {@code millis}, to make a run last. */
public final class PauseStep implements FlowStep {

    @Override
    public String id() {
        return "test_pause";
    }

    @Override
    public StepKind kind() {
        return StepKind.FLOW;
    }

    @Override
    public ConfigSchema configSchema() {
        return ConfigSchema.builder().field(ConfigField.of("millis", FieldType.INTEGER).required()).build();
    }

    @Override
    public RecordProcessor open(StepContext context) {
        long millis = context.config().integer("millis");
        return (record, out) -> {
            Thread.sleep(millis);
            out.emit(record);
        };
    }
}
