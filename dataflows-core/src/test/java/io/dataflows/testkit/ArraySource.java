package io.dataflows.testkit;

import io.dataflows.DataRecord;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.Emitter;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.ReaderStep;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import java.util.Map;

/**
 * Test reader {@code test_source}: emits the maps of its {@code source} config list as records
 * (tool_dataflows' {@code direct_in_type}).
 */
public final class ArraySource implements ReaderStep {

    public static final String ID = "test_source";

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("source", FieldType.LIST).required())
            .field(ConfigField.of("somefield", FieldType.ANY))
            .build();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public StepKind kind() {
        return StepKind.READER;
    }

    @Override
    public ConfigSchema configSchema() {
        return CONFIG;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void read(StepContext context, Emitter out) throws Exception {
        for (Object item : context.config().list("source")) {
            out.emit(DataRecord.fromMap((Map<String, ?>) item));
        }
    }
}
