package io.dataflows.internal.engine;

import io.dataflows.DataRecord;
import io.dataflows.spi.Emitter;
import java.util.Objects;

/** Routes a step's records to the steps downstream, per output. */
final class EmitterImpl implements Emitter {

    private static final StepRuntime[] NONE = new StepRuntime[0];

    private final StepRuntime owner;
    private final StepRuntime[][] outputs;

    EmitterImpl(StepRuntime owner, StepRuntime[][] outputs) {
        this.owner = owner;
        this.outputs = outputs;
    }

    static StepRuntime[] none() {
        return NONE;
    }

    @Override
    public void emit(DataRecord record) {
        Objects.requireNonNull(record, "record");
        owner.beforeEmit(record);
        for (StepRuntime[] targets : outputs) {
            for (StepRuntime t : targets) {
                t.accept(record);
            }
        }
        owner.afterEmit();
    }

    @Override
    public void emit(int output, DataRecord record) {
        Objects.requireNonNull(record, "record");
        if (output < 0 || output >= outputs.length) {
            throw new IndexOutOfBoundsException("step '" + owner.alias + "' has " + outputs.length
                    + " output(s); cannot emit to output " + output);
        }
        owner.beforeEmit(record);
        for (StepRuntime t : outputs[output]) {
            t.accept(record);
        }
        owner.afterEmit();
    }

    /** Whether any step receives what goes to {@code output}. */
    boolean hasTargets(int output) {
        return outputs[output].length > 0;
    }

    @Override
    public int outputs() {
        return outputs.length;
    }
}
