package io.dataflows.runners;

import io.dataflows.DataRecord;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.FlowStep;
import io.dataflows.spi.LinkLimits;
import io.dataflows.spi.RecordProcessor;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Test flow step {@code test_pause_each}, which can run distributed (in the tests of the runners, on Beam and from
 * the command line): before passing each record on, it creates the
 * file {@code started} (so a test knows the pipeline is running) and waits {@code millis} with {@code ctx.sleep},
 * which a cancelled run interrupts.
 */
public final class PauseEachStep implements FlowStep {

    /** The type id. */
    public static final String ID = "test_pause_each";

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("millis", FieldType.INTEGER).required())
            .field(ConfigField.of("started", FieldType.STRING).required())
            .build();

    /** For {@link java.util.ServiceLoader}. */
    public PauseEachStep() {}

    @Override
    public String id() {
        return ID;
    }

    @Override
    public StepKind kind() {
        return StepKind.FLOW;
    }

    @Override
    public ConfigSchema configSchema() {
        return CONFIG;
    }

    /** May end the stream, as a writer does, so that a flow needs nothing after it. */
    @Override
    public LinkLimits links() {
        return LinkLimits.of(1, 1, 0, 0, 0, 1, 0, 0);
    }

    @Override
    public Optional<String> distributionBlocker(Map<String, Object> config) {
        return Optional.empty();
    }

    @Override
    public RecordProcessor open(StepContext ctx) {
        Path started = Path.of(ctx.config().string("started"));
        Duration pause = Duration.ofMillis(ctx.config().integer("millis"));
        return (DataRecord record, io.dataflows.spi.Emitter out) -> {
            if (!Files.exists(started)) {
                Files.writeString(started, "started\n");
            }
            ctx.sleep(pause);
            out.emit(record);
        };
    }
}
