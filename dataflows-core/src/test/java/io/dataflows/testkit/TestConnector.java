package io.dataflows.testkit;

import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.ConnectorStep;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.Outcome;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Test connector {@code test_connector}: records that it ran (see {@link #executions()}), then continues, cancels,
 * fails or aborts as its {@code outcome} config says ({@code continue} by default). Config {@code value} is
 * published as {@code steps.<alias>.value}; {@code secret} is a secret field.
 *
 * <p>Each instance records its own executions; a test gets its connector from its {@link TestKit}. The instance
 * {@link java.util.ServiceLoader} creates (for the command line) records into one list shared by such instances.
 */
public final class TestConnector implements ConnectorStep {

    public static final String ID = "test_connector";

    private static final List<String> DISCOVERED = Collections.synchronizedList(new ArrayList<>());

    private final List<String> executions;

    /** For {@link java.util.ServiceLoader}: records into the list shared by discovered instances. */
    public TestConnector() {
        this(DISCOVERED);
    }

    private TestConnector(List<String> executions) {
        this.executions = executions;
    }

    /** A connector with executions of its own. */
    public static TestConnector isolated() {
        return new TestConnector(Collections.synchronizedList(new ArrayList<>()));
    }

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("outcome", FieldType.STRING).defaultValue("continue")
                    .oneOf("continue", "cancel", "fail", "abort"))
            .field(ConfigField.of("value", FieldType.ANY))
            .field(ConfigField.of("secret", FieldType.STRING).secret())
            .field(ConfigField.of("path", FieldType.STRING).path(io.dataflows.spi.PathAccess.WRITE))
            .build();

    /** Aliases of the connectors that ran, in order. */
    public List<String> executions() {
        synchronized (executions) {
            return List.copyOf(executions);
        }
    }

    /** Forgets the executions. */
    public void reset() {
        executions.clear();
    }

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
    public boolean hasSideEffects(Map<String, Object> config) {
        return false;
    }

    @Override
    public Outcome run(StepContext context) throws Exception {
        executions.add(context.stepAlias());
        if (context.config().has("value")) {
            context.output("value", context.config().value("value"));
        }
        if (context.config().has("path")) {
            java.nio.file.Path p = context.config().path("path", io.dataflows.spi.PathAccess.WRITE);
            context.effects().perform(p, "write " + p, () -> java.nio.file.Files.writeString(p, "x"));
        }
        switch (context.config().string("outcome")) {
            case "cancel":
                return Outcome.CANCEL;
            case "fail":
                throw new IllegalStateException("boom with " + context.config().string("secret"));
            case "abort":
                throw context.abort("stop here");
            default:
                return Outcome.CONTINUE;
        }
    }
}
