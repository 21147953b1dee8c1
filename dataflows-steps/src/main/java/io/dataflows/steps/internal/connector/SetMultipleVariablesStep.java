package io.dataflows.steps.internal.connector;

import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.StepConfig;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.StepValidation;
import io.dataflows.spi.Variables;
import io.dataflows.spi.JsonText;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code connector_set_multiple_variables} and {@code flow_set_multiple_variables}: merge {@code values} (a map whose
 * string values are templates) into the variable map at {@code field} ({@code dataflow.vars}). Nothing happens when
 * every value is already set; otherwise the merge is logged ({@code Set '<field>' as '<values as JSON>'}, INFO).
 * Unlike {@code *_set_variable}, nothing is ever persisted: the values last for the run.
 */
public abstract class SetMultipleVariablesStep extends PreparedActionStep {

    private static final Logger log = LoggerFactory.getLogger(SetMultipleVariablesStep.class);

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("field", FieldType.STRING).required()
                    .describe("Absolute path of a variable map, e.g. dataflow.vars"))
            .field(ConfigField.of("values", FieldType.MAP).required()
                    .describe("Names and values to merge into it (templates)"))
            .build();

    SetMultipleVariablesStep(StepKind kind) {
        super(kind);
    }

    @Override
    public String id() {
        return isConnector() ? "connector_set_multiple_variables" : "flow_set_multiple_variables";
    }

    @Override
    public String displayName() {
        return "Set multiple variables";
    }

    @Override
    public String description() {
        return "Merges several values into a variable map for the rest of the run (never persisted).";
    }

    @Override
    public ConfigSchema configSchema() {
        return CONFIG;
    }

    @Override
    public boolean hasSideEffects(Map<String, Object> config) {
        return true;
    }

    @Override
    public void validate(StepValidation validation) {
        VariablePaths.validateField(validation);
    }

    @Override
    protected Action prepare(StepContext ctx) {
        StepConfig config = ctx.config();
        ConfigValue field = ConfigValue.of(config, "field");
        Variables variables = ctx.variables();
        return input -> {
            String path = VariablePaths.require(field.text());
            Map<String, Object> values = config.map("values");
            if (alreadySet(variables.find(path), values)) {
                return input;
            }
            variables.merge(path, values);
            // The connector logs what it set; the flow form would log per record, so only at DEBUG.
            if (isConnector() ? log.isInfoEnabled() : log.isDebugEnabled()) {
                String shown = ctx.redact(JsonText.compact(values));
                if (isConnector()) {
                    log.info("Set '{}' as '{}'", path, shown);
                } else {
                    log.debug("Set '{}' as '{}'", path, shown);
                }
            }
            return input;
        };
    }

    private static boolean alreadySet(Optional<Object> current, Map<String, Object> values) {
        if (current.isEmpty() || !(current.get() instanceof Map)) {
            return false;
        }
        Map<?, ?> existing = (Map<?, ?>) current.get();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (!existing.containsKey(e.getKey()) || !Objects.equals(existing.get(e.getKey()), e.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** {@code connector_set_multiple_variables}. */
    public static final class Connector extends SetMultipleVariablesStep {
        public Connector() {
            super(StepKind.CONNECTOR);
        }
    }

    /** {@code flow_set_multiple_variables}. */
    public static final class Flow extends SetMultipleVariablesStep {
        public Flow() {
            super(StepKind.FLOW);
        }
    }
}
