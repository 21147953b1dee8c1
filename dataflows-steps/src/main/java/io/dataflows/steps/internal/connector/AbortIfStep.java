package io.dataflows.steps.internal.connector;

import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.ConnectorStep;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.Outcome;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;

/**
 * {@code connector_abort_if}: aborts the run when {@code condition} (required) is true (PHP truthiness); otherwise
 * the run continues. The run's error names the condition ({@code Abort condition met: <condition>}).
 */
public final class AbortIfStep implements ConnectorStep {

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("condition", FieldType.STRING).required().expression()
                    .describe("Abort when this expression is true"))
            .build();

    @Override
    public String id() {
        return "connector_abort_if";
    }

    @Override
    public StepKind kind() {
        return StepKind.CONNECTOR;
    }

    @Override
    public String displayName() {
        return "Abort if";
    }

    @Override
    public String description() {
        return "Aborts the run when its condition is true.";
    }

    @Override
    public ConfigSchema configSchema() {
        return CONFIG;
    }

    @Override
    public Outcome run(StepContext ctx) {
        AbortCondition.of(ctx).check();
        return Outcome.CONTINUE;
    }
}
