package io.dataflows.steps.internal.connector;

import io.dataflows.DataRecord;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.StepValidation;
import io.dataflows.spi.Variables;
import io.dataflows.spi.Values;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code connector_set_variable} and {@code flow_set_variable}: set the variable at {@code field}, an absolute dotted
 * path ({@code dataflow.vars.counter}), to {@code value} (a template; exactly one expression keeps its type:
 * {@code ${{ record.id }}}). Nothing happens when the variable already has that value; otherwise it is set and
 * logged ({@code Set '<field>' as '<value>'}, INFO). Values under {@code dataflow.vars} are persisted in the state
 * store and seen by later runs (not in dry runs).
 */
public abstract class SetVariableStep extends PreparedActionStep {

    private static final Logger log = LoggerFactory.getLogger(SetVariableStep.class);

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("field", FieldType.STRING).required()
                    .describe("Absolute path of the variable, e.g. dataflow.vars.counter"))
            .field(ConfigField.of("value", FieldType.ANY).required()
                    .describe("The value (a template; one whole expression keeps its type)"))
            .build();

    SetVariableStep(StepKind kind) {
        super(kind);
    }

    @Override
    public String id() {
        return isConnector() ? "connector_set_variable" : "flow_set_variable";
    }

    @Override
    public String displayName() {
        return "Set variable";
    }

    @Override
    public String description() {
        return "Sets a variable; values under dataflow.vars persist across runs.";
    }

    /** Cannot run distributed: sets a run-wide variable, which workers running apart cannot share. */
    @Override
    public Optional<String> distributionBlocker(Map<String, Object> config) {
        return Optional.of("it sets a run-wide variable, which workers running apart cannot share");
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
        ConfigValue field = ConfigValue.of(ctx.config(), "field");
        ConfigValue value = ConfigValue.of(ctx.config(), "value");
        Variables variables = ctx.variables();
        return input -> {
            String path = VariablePaths.require(field.text());
            Object v = value.get();
            Optional<Object> current = variables.find(path);
            if (current.isPresent() ? same(current.get(), v) : v == null) {
                return input;
            }
            variables.set(path, v);
            // The connector logs what it set; the flow form would log per record, so only at DEBUG.
            if (isConnector() ? log.isInfoEnabled() : log.isDebugEnabled()) {
                String shown = ctx.redact(Values.text(v));
                if (isConnector()) {
                    log.info("Set '{}' as '{}'", path, shown);
                } else {
                    log.debug("Set '{}' as '{}'", path, shown);
                }
            }
            return input;
        };
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof DataRecord) {
            a = ((DataRecord) a).asMap();
        }
        if (b instanceof DataRecord) {
            b = ((DataRecord) b).asMap();
        }
        if (a instanceof Number && b instanceof Number && a.getClass() != b.getClass()) {
            return false; // PHP ===: 1 and 1.0 differ
        }
        return Objects.equals(a, b);
    }

    /** {@code connector_set_variable}. */
    public static final class Connector extends SetVariableStep {
        public Connector() {
            super(StepKind.CONNECTOR);
        }
    }

    /** {@code flow_set_variable}. */
    public static final class Flow extends SetVariableStep {
        public Flow() {
            super(StepKind.FLOW);
        }
    }
}
