package io.dataflows.beam.internal;

import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.Emitter;
import io.dataflows.spi.ReaderStep;
import io.dataflows.spi.RecordShape;
import io.dataflows.spi.SplittableReader;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.StepValidation;
import java.util.Map;
import java.util.Optional;

/**
 * A splittable reader in a worker's run, in place of the reader itself: the same id, config schema and validation,
 * so that its config resolves and fails as in a local run, but {@link #read} does one thing of the splittable
 * reader — finds its parts or reads one of them. Never registered: the worker adds it to the dataflow it runs by its
 * implementation.
 */
final class PartReaderStep implements ReaderStep {

    /** What the run does with the reader and the context {@link #read} gets. */
    @FunctionalInterface
    interface Action {
        void run(SplittableReader reader, StepContext context, Emitter out) throws Exception;
    }

    private final SplittableReader reader;
    private final Action action;

    PartReaderStep(SplittableReader reader, Action action) {
        this.reader = reader;
        this.action = action;
    }

    @Override
    public String id() {
        return reader.id();
    }

    @Override
    public StepKind kind() {
        return StepKind.READER;
    }

    @Override
    public ConfigSchema configSchema() {
        return reader.configSchema();
    }

    @Override
    public void validate(StepValidation validation) {
        reader.validate(validation);
    }

    @Override
    public RecordShape recordShape(Map<String, Object> config, RecordShape input) {
        return reader.recordShape(config, input);
    }

    @Override
    public Map<String, String> outputs() {
        return reader.outputs();
    }

    @Override
    public Optional<String> distributionBlocker(Map<String, Object> config) {
        return Optional.empty();
    }

    @Override
    public void read(StepContext context, Emitter out) throws Exception {
        action.run(reader, context, out);
    }
}
