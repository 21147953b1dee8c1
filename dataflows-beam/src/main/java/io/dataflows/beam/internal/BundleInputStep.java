package io.dataflows.beam.internal;

import io.dataflows.DataRecord;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.Emitter;
import io.dataflows.spi.ReaderStep;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import java.util.Map;
import java.util.Optional;

/**
 * The reader of a worker's run: emits the records Beam handed to the worker ({@link BundleChannel#input()}), in
 * place of the steps upstream, which ran in another stage. A step that needs several inputs (a join) gets more
 * input steps that emit nothing, since Beam has already merged its inputs into one. Never registered: the worker adds
 * it to the dataflow it runs by its implementation.
 */
final class BundleInputStep implements ReaderStep {

    static final String ID = "beam_bundle_input";

    private final boolean fed;

    /** @param fed whether it emits the channel's records; the extra inputs of a join emit nothing */
    BundleInputStep(boolean fed) {
        this.fed = fed;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public StepKind kind() {
        return StepKind.READER;
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
    public void read(StepContext context, Emitter out) throws Exception {
        if (!fed) {
            return;
        }
        BundleChannel channel = context.service(BundleChannel.class).orElseThrow();
        for (DataRecord record : channel.input()) {
            out.emit(record);
        }
    }
}
