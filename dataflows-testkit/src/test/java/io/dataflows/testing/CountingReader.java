package io.dataflows.testing;

import io.dataflows.DataRecord;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.Emitter;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.ReaderStep;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;

/** A reader for the harness's tests: emits {@code {n: 1}} to {@code {n: count}}, or fails when count is negative. */
final class CountingReader implements ReaderStep {

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("count", FieldType.INTEGER).required().describe("How many records to emit"))
            .build();

    @Override
    public String id() {
        return "acme_count";
    }

    @Override
    public StepKind kind() {
        return StepKind.READER;
    }

    @Override
    public String displayName() {
        return "Count";
    }

    @Override
    public String description() {
        return "Emits numbered records.";
    }

    @Override
    public ConfigSchema configSchema() {
        return CONFIG;
    }

    @Override
    public void read(StepContext context, Emitter out) throws Exception {
        long count = context.config().integer("count");
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        for (long n = 1; n <= count; n++) {
            out.emit(DataRecord.of("n", n));
        }
    }
}
