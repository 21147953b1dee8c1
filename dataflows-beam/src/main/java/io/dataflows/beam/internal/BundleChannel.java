package io.dataflows.beam.internal;

import io.dataflows.DataRecord;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a worker's engine run reads and where its records go: the records handed to the run's
 * {@link BundleInputStep} and, per Beam output port, the consumer a {@link BundleOutputStep} passes records to. One
 * per worker engine, set before each run on the thread that runs it (a Beam DoFn instance is used by one thread at a
 * time).
 */
final class BundleChannel {

    private Iterable<DataRecord> input = List.of();
    private List<Consumer<DataRecord>> outputs = List.of();

    void set(Iterable<DataRecord> input, List<Consumer<DataRecord>> outputs) {
        this.input = input;
        this.outputs = outputs;
    }

    Iterable<DataRecord> input() {
        return input;
    }

    /** Where the records of Beam output {@code port} go. */
    Consumer<DataRecord> output(int port) {
        return outputs.get(port);
    }
}
