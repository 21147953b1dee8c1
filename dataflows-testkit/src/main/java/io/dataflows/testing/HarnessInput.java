package io.dataflows.testing;

import io.dataflows.DataRecord;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.Emitter;
import io.dataflows.spi.ReaderStep;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import java.util.List;

/**
 * The reader that feeds a {@link StepHarness} run: emits the records it was made with. The records are held in Java,
 * not in its config, so that text such as {@code ${{ x }}} in a record reaches the step under test as written instead
 * of being evaluated as an expression.
 */
final class HarnessInput implements ReaderStep {

    /** The id under which a harness registers its input. */
    static final String ID = "harness_input";

    private final List<DataRecord> records;

    HarnessInput(List<DataRecord> records) {
        this.records = List.copyOf(records);
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
    public String displayName() {
        return "Harness input";
    }

    @Override
    public String description() {
        return "Emits the records a StepHarness was given.";
    }

    @Override
    public ConfigSchema configSchema() {
        return ConfigSchema.empty();
    }

    @Override
    public void read(StepContext context, Emitter out) throws Exception {
        for (DataRecord record : records) {
            out.emit(record);
        }
    }
}
