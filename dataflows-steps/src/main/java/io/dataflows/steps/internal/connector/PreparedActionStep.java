package io.dataflows.steps.internal.connector;

import io.dataflows.DataRecord;
import io.dataflows.spi.ActionStep;
import io.dataflows.spi.RecordProcessor;
import io.dataflows.spi.RecordShape;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import java.util.Map;

/**
 * An {@link ActionStep} that prepares its action once per run — compiles templates, reads the config that does not
 * depend on the record — and then applies it once (connector form) or per record (flow form).
 */
public abstract class PreparedActionStep extends ActionStep {

    /** What the step does with its input, prepared for one run. */
    @FunctionalInterface
    protected interface Action {
        /**
         * @param input the record (flow form) or the empty record (connector form)
         * @return the record to pass on, or null to drop it (flow form)
         */
        DataRecord apply(DataRecord input) throws Exception;
    }

    protected PreparedActionStep(StepKind kind) {
        super(kind);
    }

    /** Prepares the action for one run; called once, when the connector runs or the stream starts. */
    protected abstract Action prepare(StepContext ctx) throws Exception;

    @Override
    protected final DataRecord perform(StepContext ctx, DataRecord input) throws Exception {
        return prepare(ctx).apply(input);
    }

    @Override
    public final RecordProcessor open(StepContext ctx) throws Exception {
        Action action = prepare(ctx);
        return (record, out) -> {
            DataRecord result = action.apply(record);
            if (result != null) {
                out.emit(result);
            }
        };
    }

    /**
     * The flow form passes each record on unchanged: every built-in action returns its input. An action that
     * changes the record overrides this.
     */
    @Override
    public RecordShape recordShape(Map<String, Object> config, RecordShape input) {
        return input;
    }

    /** True for the connector form. */
    protected final boolean isConnector() {
        return kind() == StepKind.CONNECTOR;
    }
}
