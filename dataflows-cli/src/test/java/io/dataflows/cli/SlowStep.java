package io.dataflows.cli;

import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.ConnectorStep;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.Outcome;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test connector {@code test_slow}: creates the file {@code started} (so a test knows the run holds its lock), then
 * waits until the file {@code release} exists, or {@code millis} have passed.
 */
public final class SlowStep implements ConnectorStep {

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("millis", FieldType.INTEGER).defaultValue(3000))
            .field(ConfigField.of("started", FieldType.STRING))
            .field(ConfigField.of("release", FieldType.STRING))
            .build();

    @Override
    public String id() {
        return "test_slow";
    }

    @Override
    public StepKind kind() {
        return StepKind.CONNECTOR;
    }

    @Override
    public ConfigSchema configSchema() {
        return CONFIG;
    }

    @Override
    public Outcome run(StepContext context) throws Exception {
        if (context.config().has("started")) {
            Files.writeString(Path.of(context.config().string("started")), "started\n");
        }
        long deadline = System.nanoTime() + context.config().integer("millis") * 1_000_000L;
        Path release = context.config().has("release") ? Path.of(context.config().string("release")) : null;
        while (System.nanoTime() < deadline && (release == null || !Files.exists(release))) {
            Thread.sleep(20);
        }
        return Outcome.CONTINUE;
    }
}
