package io.dataflows.steps.internal.logic;

import io.dataflows.DataflowException;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.Expression;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.FlowStep;
import io.dataflows.spi.LinkLimits;
import io.dataflows.spi.RecordProcessor;
import io.dataflows.spi.RecordShape;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.Values;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code flow_logic_case}: evaluates {@code expression} once per record and routes the record to the output of the
 * first of its {@code cases} (label → value, in config order) whose value equals the result, or drops it with an INFO
 * log {@code No matching cases, skipping record}.
 *
 * <p>Values are compared with PHP's loose equality, as {@code ==} in expressions ({@link Values#looseEquals}): the case
 * value {@code 1} matches {@code 1}, {@code '1'} and {@code 1.0}; {@code 'abc'} does not match {@code 0}. Case values
 * may be templates; they are evaluated once, when the stream starts.
 */
public final class CaseStep implements FlowStep {

    private static final Logger log = LoggerFactory.getLogger(CaseStep.class);

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("expression", FieldType.STRING).required().expression()
                    .describe("The value to route on, e.g. record.country"))
            .field(ConfigField.of("cases", FieldType.MAP).required()
                    .describe("Output label to the value that selects it"))
            .build();

    @Override
    public String id() {
        return "flow_logic_case";
    }

    @Override
    public StepKind kind() {
        return StepKind.FLOW;
    }

    @Override
    public String group() {
        return "flowlogics";
    }

    @Override
    public String displayName() {
        return "Case";
    }

    @Override
    public String description() {
        return "Sends each record to the output whose case value equals the expression's value.";
    }

    /**
     * Routes each record on its own and keeps no run-wide state (its case values are evaluated once per stream,
     * from the config): it may run distributed.
     */
    @Override
    public Optional<String> distributionBlocker(Map<String, Object> config) {
        return Optional.empty();
    }

    @Override
    public ConfigSchema configSchema() {
        return CONFIG;
    }

    @Override
    public LinkLimits links() {
        return LinkLimits.of(1, 1, 0, 0, 1, 20, 0, 0);
    }

    @Override
    public List<String> outputLabels(Map<String, Object> config) {
        return SwitchStep.labels(config.get("cases"));
    }

    /** Passes each record on unchanged. */
    @Override
    public RecordShape recordShape(Map<String, Object> config, RecordShape input) {
        return input;
    }

    @Override
    public RecordProcessor open(StepContext ctx) {
        Expression expression = ctx.config().expression("expression");
        Map<String, Object> cases = ctx.config().map("cases");
        if (cases.isEmpty()) {
            throw new DataflowException("Config 'cases' is missing.");
        }
        Object[] values = cases.values().toArray();
        return (record, out) -> {
            Object value = expression.evaluate();
            for (int i = 0; i < values.length; i++) {
                if (Values.looseEquals(value, values[i])) {
                    out.emit(i, record);
                    return;
                }
            }
            log.info("No matching cases, skipping record");
        };
    }
}
