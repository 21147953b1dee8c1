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
 * {@code flow_logic_join}: merges 2 to 20 input streams into one. Every record of every input passes through once,
 * unchanged; each input keeps its own order. Readers run one after another in definition order, so the records of
 * the reader defined first come first (tool_dataflows read only the first input).
 */
public final class JoinStep implements FlowStep {

    @Override
    public String id() {
        return "flow_logic_join";
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
        return "Join";
    }

    @Override
    public String description() {
        return "Merges several streams into one, passing on every record of every input.";
    }

    /** Passes each record of each input on unchanged and keeps no state: it may run distributed, its inputs merged. */
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
        return LinkLimits.of(2, 20, 0, 0, 1, 1, 0, 0);
    }

    /** Passes each record on unchanged. */
    @Override
    public RecordShape recordShape(Map<String, Object> config, RecordShape input) {
        return input;
    }

    @Override
    public RecordProcessor open(StepContext ctx) {
        return (record, out) -> out.emit(record);
    }
}
