package io.dataflows.steps.internal.logic;

import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.FlowStep;
import io.dataflows.spi.LinkLimits;
import io.dataflows.spi.RecordProcessor;
import io.dataflows.spi.RecordShape;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import java.util.Map;
import java.util.Optional;

/**
 * {@code flow_tee}: sends every record to each of its dependants (1 to 20), in the dependants' definition order, like
 * the Unix {@code tee}. Each record goes through one branch completely before the next branch receives it.
 * Dependants attach with a plain {@code depends_on: <alias>}.
 */
public final class TeeStep implements FlowStep {

    @Override
    public String id() {
        return "flow_tee";
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
        return "Tee";
    }

    @Override
    public String description() {
        return "Sends every record to each of its dependants, in order.";
    }

    /** Passes each record to every output and keeps no state between records: it may run distributed. */
    @Override
    public Optional<String> distributionBlocker(Map<String, Object> config) {
        return Optional.empty();
    }

    @Override
    public ConfigSchema configSchema() {
        return ConfigSchema.empty();
    }

    @Override
    public LinkLimits links() {
        return LinkLimits.of(1, 1, 0, 0, 1, 20, 0, 0);
    }

    @Override
    public boolean outputPerDependant() {
        return true;
    }

    /** Passes each record on unchanged. */
    @Override
    public RecordShape recordShape(Map<String, Object> config, RecordShape input) {
        return input;
    }

    @Override
    public RecordProcessor open(StepContext ctx) {
        return (record, out) -> {
            int outputs = out.outputs();
            for (int i = 0; i < outputs; i++) {
                out.emit(i, record);
            }
        };
    }
}
