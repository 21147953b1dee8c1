package io.dataflows.mail;

import io.dataflows.DataflowException;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.FlowStep;
import io.dataflows.spi.RecordProcessor;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;

/** Test flow step {@code test_fail}: passes records on, and fails on a record whose {@code fail} is true. */
final class FailingFlowStep implements FlowStep {

    @Override
    public String id() {
        return "test_fail";
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
    public RecordProcessor open(StepContext ctx) {
        return (record, out) -> {
            if (Boolean.TRUE.equals(record.toMap().get("fail"))) {
                throw new DataflowException("record " + record.get("id") + " is bad");
            }
            out.emit(record);
        };
    }
}
