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
 * A last step of a worker's run, a writer in place of a dependant that runs in another stage: passes each record it
 * receives to its Beam output port ({@link BundleChannel#output(int)}), which carries it to the next stage, or drops
 * it when another output step already passes the same records on (the second dependant of a tee). Never registered:
 * the worker adds it to the dataflow it runs by its implementation.
 */
final class BundleOutputStep implements FlowStep {

    static final String ID = "beam_bundle_output";

    /** The port of an output step whose records another output step passes on. */
    static final int DROP = -1;

    private final int port;

    /** @param port the Beam output the records go to, or {@link #DROP} */
    BundleOutputStep(int port) {
        this.port = port;
    }

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
        if (port == DROP) {
            return (record, out) -> { };
        }
        Consumer<DataRecord> sink = context.service(BundleChannel.class).orElseThrow().output(port);
        return (record, out) -> sink.accept(record);
    }
}
