package io.dataflows.steps.internal.connector;

import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import java.util.Map;
import java.util.Optional;

/**
 * {@code connector_abort} and {@code flow_abort}: abort the run. Without {@code condition} the step aborts as soon as
 * it runs (the flow form on its first record); with one it aborts when the condition is true (PHP truthiness) and
 * otherwise passes the record on. The run ends {@code aborted}, its error naming the step and the condition
 * ({@code Abort condition met: record.b < 5}).
 */
public abstract class AbortStep extends PreparedActionStep {

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("condition", FieldType.STRING).expression()
                    .describe("Abort only when this expression is true; empty: always"))
            .build();

    AbortStep(StepKind kind) {
        super(kind);
    }

    @Override
    public String id() {
        return isConnector() ? "connector_abort" : "flow_abort";
    }

    @Override
    public String displayName() {
        return isConnector() ? "Abort connector" : "Abort";
    }

    @Override
    public String description() {
        return "Aborts the run, unconditionally or when its condition is true.";
    }

    /** Cannot run distributed: aborts the whole run, which workers running apart cannot stop at one record. */
    @Override
    public Optional<String> distributionBlocker(Map<String, Object> config) {
        return Optional.of("it aborts the whole run, which workers running apart cannot stop at one record");
    }

    @Override
    public ConfigSchema configSchema() {
        return CONFIG;
    }

    @Override
    protected Action prepare(StepContext ctx) {
        AbortCondition condition = AbortCondition.of(ctx);
        return input -> {
            condition.check();
            return input;
        };
    }

    /** {@code connector_abort}. */
    public static final class Connector extends AbortStep {
        public Connector() {
            super(StepKind.CONNECTOR);
        }
    }

    /** {@code flow_abort}. */
    public static final class Flow extends AbortStep {
        public Flow() {
            super(StepKind.FLOW);
        }
    }
}
