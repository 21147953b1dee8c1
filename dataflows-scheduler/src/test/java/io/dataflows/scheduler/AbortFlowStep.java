package io.dataflows.scheduler;

import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.FlowStep;
import io.dataflows.spi.RecordProcessor;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;

/** Test flow step {@code test_abort_flow}: aborts the run at the first record ("stop here"). */
final class AbortFlowStep implements FlowStep {

    static final String ID = "test_abort_flow";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public StepKind kind() {
        return StepKind.FLOW;
    }

    @Override
    public ConfigSchema configSchema() {
        return ConfigSchema.builder().build();
    }

    @Override
    public RecordProcessor open(StepContext context) {
        return (record, out) -> {
            throw context.abort("stop here");
        };
    }
}
