package io.dataflows.steps.internal.logic;

import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.Evaluation;
import io.dataflows.spi.Expression;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.FlowStep;
import io.dataflows.spi.LinkLimits;
import io.dataflows.spi.RecordProcessor;
import io.dataflows.spi.RecordShape;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code flow_logic_switch}: routes each record to the output of the first of its {@code cases} (label → expression,
 * in config order) whose expression is true, or drops it with an INFO log {@code No matching cases, skipping record}
 * when none is. Each case is an output; dependants attach with {@code depends_on: <alias>:<label>} or
 * {@code <alias>:<position>} (1-based). End the cases with {@code default: 'true'} to keep every record.
 */
public final class SwitchStep implements FlowStep {

    private static final Logger log = LoggerFactory.getLogger(SwitchStep.class);

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("cases", FieldType.MAP).required().evaluation(Evaluation.EXPRESSION_MAP)
                    .describe("Output label to condition, tested in order"))
            .build();

    @Override
    public String id() {
        return "flow_logic_switch";
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
        return "Switch";
    }

    @Override
    public String description() {
        return "Sends each record to the output of the first case whose condition is true.";
    }

    /** Routes each record on its own, by its cases alone, and keeps no run-wide state: it may run distributed. */
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
        return LinkLimits.of(1, 1, 0, 0, 2, 20, 0, 0);
    }

    @Override
    public List<String> outputLabels(Map<String, Object> config) {
        return labels(config.get("cases"));
    }

    /** The keys of a map config value, in order; empty for anything else. */
    static List<String> labels(Object cases) {
        if (!(cases instanceof Map)) {
            return List.of();
        }
        List<String> labels = new ArrayList<>();
        for (Object key : ((Map<?, ?>) cases).keySet()) {
            labels.add(String.valueOf(key));
        }
        return labels;
    }

    /** Passes each record on unchanged. */
    @Override
    public RecordShape recordShape(Map<String, Object> config, RecordShape input) {
        return input;
    }

    @Override
    public RecordProcessor open(StepContext ctx) {
        Expression[] cases = ctx.config().expressions("cases").values().toArray(new Expression[0]);
        return (record, out) -> {
            for (int i = 0; i < cases.length; i++) {
                if (cases[i].test()) {
                    out.emit(i, record);
                    return;
                }
            }
            log.info("No matching cases, skipping record");
        };
    }
}
