package io.dataflows.steps.internal.transform;

import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.Expression;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.FlowStep;
import io.dataflows.spi.RecordProcessor;
import io.dataflows.spi.RecordShape;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import java.util.Map;
import java.util.Optional;

/**
 * {@code flow_transformer_filter}: passes on the records for which {@code filter}, an expression such as
 * {@code record.age >= 18}, is true (PHP truthiness: {@code false}, {@code null}, {@code 0}, {@code ''}, {@code '0'}
 * and empty lists or maps are false); drops the others. An expression that cannot be evaluated (an absent field not
 * guarded by {@code isset()} or {@code ??}) fails the step.
 */
public final class FilterStep implements FlowStep {

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("filter", FieldType.STRING).required().expression()
                    .describe("The condition a record must meet to pass"))
            .build();

    @Override
    public String id() {
        return "flow_transformer_filter";
    }

    @Override
    public StepKind kind() {
        return StepKind.FLOW;
    }

    @Override
    public String group() {
        return "flowtransformers";
    }

    @Override
    public String displayName() {
        return "Filter transformer";
    }

    @Override
    public String description() {
        return "Passes on only the records for which the filter expression is true.";
    }

    /** Handles each record on its own and keeps no run-wide state: it may run distributed. */
    @Override
    public Optional<String> distributionBlocker(Map<String, Object> config) {
        return Optional.empty();
    }

    @Override
    public ConfigSchema configSchema() {
        return CONFIG;
    }

    /** Passes each record on unchanged. */
    @Override
    public RecordShape recordShape(Map<String, Object> config, RecordShape input) {
        return input;
    }

    @Override
    public RecordProcessor open(StepContext ctx) {
        Expression filter = ctx.config().expression("filter");
        return (record, out) -> {
            if (filter.test()) {
                out.emit(record);
            }
        };
    }
}
