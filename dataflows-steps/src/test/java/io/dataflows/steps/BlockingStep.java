package io.dataflows.steps;

import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.FlowStep;
import io.dataflows.spi.RecordProcessor;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test writer {@code test_block}: at its first record creates the file {@code started}, then blocks until its
 * process is killed — a run caught in the middle of its work.
 */
final class BlockingStep implements FlowStep {

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("started", FieldType.STRING).required())
            .build();

    @Override
    public String id() {
        return "test_block";
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
    public RecordProcessor open(StepContext ctx) {
        Path started = Path.of(ctx.config().string("started"));
        return (record, out) -> {
            Files.writeString(started, "started\n");
            while (true) {
                Thread.sleep(1000);
            }
        };
    }
}
