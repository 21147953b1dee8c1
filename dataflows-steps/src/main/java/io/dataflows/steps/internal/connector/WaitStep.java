package io.dataflows.steps.internal.connector;

import io.dataflows.DataflowException;
import io.dataflows.Effect;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.ConnectorStep;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.Outcome;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.StepValidation;
import io.dataflows.spi.Values;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code connector_wait}: waits {@code timesec} seconds, a non-negative whole number (or digit text), with
 * {@link StepContext#sleep} (the engine's sleeper, interruptible). A dry run does not wait; it reports
 * {@code would wait <n> seconds}.
 */
public final class WaitStep implements ConnectorStep {

    private static final Logger log = LoggerFactory.getLogger(WaitStep.class);

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("timesec", FieldType.INTEGER).required()
                    .describe("Seconds to wait"))
            .build();

    @Override
    public String id() {
        return "connector_wait";
    }

    @Override
    public StepKind kind() {
        return StepKind.CONNECTOR;
    }

    @Override
    public String displayName() {
        return "Wait";
    }

    @Override
    public String description() {
        return "Waits a number of seconds.";
    }

    @Override
    public ConfigSchema configSchema() {
        return CONFIG;
    }

    @Override
    public void validate(StepValidation validation) {
        Object v = validation.config().get("timesec");
        if (v != null && !"".equals(v) && validation.isStatic("timesec") && seconds(v) < 0) {
            validation.problem("timesec", notInteger(v));
        }
    }

    @Override
    public Outcome run(StepContext ctx) throws Exception {
        Object value = ctx.config().value("timesec");
        long seconds = seconds(value);
        if (seconds < 0) {
            throw new DataflowException(notInteger(value));
        }
        log.info("Waiting for {} seconds.", seconds);
        ctx.effects().perform(Effect.Kind.WAIT, "wait " + seconds + " seconds", () -> {
            try {
                ctx.sleep(Duration.ofSeconds(seconds));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DataflowException("Interrupted while waiting " + seconds + " seconds.", e);
            }
        });
        return Outcome.CONTINUE;
    }

    /** The number of seconds, or -1 when {@code v} is not a non-negative whole number. */
    private static long seconds(Object v) {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            long n = ((Number) v).longValue();
            return n >= 0 ? n : -1;
        }
        if (v instanceof String && ((String) v).matches("\\d{1,9}")) {
            return Long.parseLong((String) v);
        }
        return -1;
    }

    private static String notInteger(Object v) {
        return "Wait time value must evaluate to a positive integer (had \"" + Values.text(v) + "\").";
    }
}
