package io.dataflows.steps.internal.connector;

import io.dataflows.DataflowException;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.StepValidation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code connector_log} and {@code flow_log}: log {@code message} (a template, evaluated per record in the flow form)
 * through SLF4J at {@code level}, a Monolog level given by number ({@code 100}…{@code 600}) or name
 * ({@code debug}…{@code emergency}; see {@link LogLevel} for the mapping). The logger is
 * {@code io.dataflows.step.<alias>}; secrets in the message are replaced by {@code *****}. An empty message logs
 * nothing. The flow form passes every record on.
 */
public abstract class LogStep extends PreparedActionStep {

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("level", FieldType.STRING).required()
                    .describe("Monolog level: 100 debug, 200 info, 250 notice, 300 warning, 400 error,"
                            + " 500 critical, 550 alert, 600 emergency (number or name)"))
            .field(ConfigField.of("message", FieldType.STRING).required()
                    .describe("The message (a template)"))
            .build();

    LogStep(StepKind kind) {
        super(kind);
    }

    @Override
    public String id() {
        return isConnector() ? "connector_log" : "flow_log";
    }

    @Override
    public String displayName() {
        return "Log";
    }

    @Override
    public String description() {
        return "Logs a message at a chosen level.";
    }

    @Override
    public ConfigSchema configSchema() {
        return CONFIG;
    }

    @Override
    public void validate(StepValidation validation) {
        Object level = validation.config().get("level");
        if (level != null && !"".equals(level) && validation.isStatic("level") && LogLevel.of(level) == null) {
            validation.problem("level", invalidLevel(level));
        }
    }

    private static String invalidLevel(Object level) {
        return "Config 'level' is invalid. Unknown log level '" + level + "'; use one of " + LogLevel.accepted()
                + ".";
    }

    @Override
    protected Action prepare(StepContext ctx) {
        Object configured = ctx.config().value("level");
        LogLevel level = LogLevel.of(configured);
        if (level == null) {
            throw new DataflowException(invalidLevel(configured));
        }
        Logger logger = LoggerFactory.getLogger("io.dataflows.step." + ctx.stepAlias());
        ConfigValue message = ConfigValue.of(ctx.config(), "message");
        return input -> {
            // Evaluated even when the level is disabled: a broken message fails whatever the logging configuration.
            String text = message.text();
            if (!text.isEmpty() && level.isEnabled(logger)) {
                level.log(logger, ctx.redact(text));
            }
            return input;
        };
    }

    /** {@code connector_log}. */
    public static final class Connector extends LogStep {
        public Connector() {
            super(StepKind.CONNECTOR);
        }
    }

    /** {@code flow_log}. */
    public static final class Flow extends LogStep {
        public Flow() {
            super(StepKind.FLOW);
        }
    }
}
