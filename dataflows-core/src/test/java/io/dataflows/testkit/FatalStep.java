package io.dataflows.testkit;

import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.ConnectorStep;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.Outcome;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;

/**
 * Test connector {@code test_fatal}: makes the JVM throw a real {@link Error}, as its {@code error} config says:
 * {@code out_of_memory} asks for an array larger than any heap ({@link OutOfMemoryError}), {@code stack_overflow}
 * recurses without end ({@link StackOverflowError}).
 */
public final class FatalStep implements ConnectorStep {

    public static final String ID = "test_fatal";

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("error", FieldType.STRING).required().oneOf("out_of_memory", "stack_overflow"))
            .build();

    @Override
    public String id() {
        return ID;
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
    public boolean hasSideEffects(java.util.Map<String, Object> config) {
        return false;
    }

    @Override
    public Outcome run(StepContext context) {
        if (context.config().string("error").equals("out_of_memory")) {
            long[] impossible = new long[Integer.MAX_VALUE];
            return impossible.length > 0 ? Outcome.CONTINUE : Outcome.CANCEL;
        }
        return recurse(0);
    }

    private static Outcome recurse(long depth) {
        return depth < 0 ? Outcome.CONTINUE : recurse(depth + 1);
    }
}
