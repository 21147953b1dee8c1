package io.dataflows.beam.internal;

import io.dataflows.DataRecord;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.FlowStep;
import io.dataflows.spi.RecordProcessor;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The last step of a worker's run, a writer: passes each record it receives to Beam ({@link BundleChannel#output()}), which
 * carries it to the next stage. Never registered: the worker adds it to the dataflow it runs by its implementation.
 */
final class BundleOutputStep implements FlowStep {

    static final String ID = "beam_bundle_output";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public StepKind kind() {
        return StepKind.WRITER;
    }

    @Override
    public ConfigSchema configSchema() {
        return ConfigSchema.empty();
    }

    @Override
    public Optional<String> distributionBlocker(Map<String, Object> config) {
        return Optional.empty();
    }

    @Override
    public RecordProcessor open(StepContext context) {
        Consumer<DataRecord> sink = context.service(BundleChannel.class).orElseThrow().output();
        return (record, out) -> sink.accept(record);
    }
}
