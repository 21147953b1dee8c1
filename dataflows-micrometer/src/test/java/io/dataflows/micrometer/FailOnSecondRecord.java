package io.dataflows.micrometer;

import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.FlowStep;
import io.dataflows.spi.RecordProcessor;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;

/**
 * Test flow step {@code test_fail_second}: passes the first record on and fails on the second, so that the run
 * aborts while the steps around it in the stream are running.
 */
final class FailOnSecondRecord implements FlowStep {

    static final String ID = "test_fail_second";

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
        return ConfigSchema.empty();
    }

    @Override
    public RecordProcessor open(StepContext context) {
        long[] seen = {0};
        return (record, out) -> {
            if (++seen[0] == 2) {
                throw new IllegalStateException("no second record");
            }
            out.emit(record);
        };
    }
}
