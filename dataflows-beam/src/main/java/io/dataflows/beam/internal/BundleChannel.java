package io.dataflows.beam.internal;

import io.dataflows.DataRecord;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a worker's engine run reads and where its records go: the records handed to the run's
 * {@link BundleInputStep} and the consumer its {@link BundleOutputStep} passes records to. One per worker engine,
 * set before each run on the thread that runs it (a Beam DoFn instance is used by one thread at a time).
 */
final class BundleChannel {

    private Iterable<DataRecord> input = List.of();
    private Consumer<DataRecord> output = record -> { };

    void set(Iterable<DataRecord> input, Consumer<DataRecord> output) {
        this.input = input;
        this.output = output;
    }

    Iterable<DataRecord> input() {
        return input;
    }

    Consumer<DataRecord> output() {
        return output;
    }
}
