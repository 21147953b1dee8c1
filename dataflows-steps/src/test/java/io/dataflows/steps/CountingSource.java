package io.dataflows.steps;

import io.dataflows.DataRecord;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.Emitter;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.ReaderStep;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;

/**
 * Test reader {@code test_count}: emits {@code count} records {@code {"n": i, "text": "row i"}}, generated as they
 * are read, so that a long stream needs no input file. With {@code swallow: true} it catches what {@code emit}
 * throws and goes on, as a careless third-party reader would.
 */
final class CountingSource implements ReaderStep {

    static final String ID = "test_count";

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("count", FieldType.INTEGER).required())
            .field(ConfigField.of("swallow", FieldType.BOOLEAN))
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
    public void read(StepContext ctx, Emitter out) throws Exception {
        long count = ctx.config().integer("count");
        boolean swallow = ctx.config().has("swallow") && ctx.config().bool("swallow");
        for (long i = 1; i <= count; i++) {
            DataRecord r = DataRecord.of("n", i, "text", "row " + i);
            if (swallow) {
                try {
                    out.emit(r);
                } catch (Exception ignored) {
                    // a careless reader: logs nothing and goes on
                }
            } else {
                out.emit(r);
            }
        }
    }
}
