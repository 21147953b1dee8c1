package io.dataflows.testing;

import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.FlowStep;
import io.dataflows.spi.LinkLimits;
import io.dataflows.spi.RecordProcessor;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import java.util.List;
import java.util.Map;

/**
 * A routing step for the harness's tests: records with an even {@code n} go to output {@code even}, others to
 * {@code odd}.
 */
final class ParityStep implements FlowStep {

    @Override
    public String id() {
        return "acme_parity";
    }

    @Override
    public StepKind kind() {
        return StepKind.FLOW;
    }

    @Override
    public String displayName() {
        return "Parity";
    }

    @Override
    public String description() {
        return "Routes records by the parity of n.";
    }

    @Override
    public ConfigSchema configSchema() {
        return ConfigSchema.empty();
    }

    @Override
    public LinkLimits links() {
        return LinkLimits.of(1, 1, 0, 0, 1, 2, 0, 0);
    }

    @Override
    public List<String> outputLabels(Map<String, Object> config) {
        return List.of("even", "odd");
    }

    @Override
    public RecordProcessor open(StepContext context) {
        return (record, out) -> out.emit(record.getLong("n") % 2 == 0 ? 0 : 1, record);
    }
}
