package io.dataflows.steps;

import io.dataflows.DataRecord;
import io.dataflows.StepDefinition;
import io.dataflows.StepSpec;
import io.dataflows.steps.internal.code.SinkStep;
import java.util.ArrayList;
import java.util.List;

/**
 * A sink that keeps the records it receives, for the caller to read after the run: {@link Steps#collector()}.
 *
 * <pre>{@code
 * RecordCollector adults = Steps.collector();
 * Dataflow flow = Dataflow.builder("adults")
 *     .start("people", Steps.source(people))
 *     .then("adults", Steps.filter(r -> r.getLong("age") >= 18))
 *     .then("keep", adults)
 *     .build();
 * engine.run(flow).orThrow();
 * List<DataRecord> result = adults.records();
 * }</pre>
 *
 * <p>Records of every run of a dataflow using this collector are added, dry runs included (collecting is no effect
 * outside the run); {@link #clear()} starts afresh. Thread-safe; records arrive in the order of each run, and runs
 * on several threads interleave. Memory grows with every record kept: a collector is for results of a bounded size.
 */
public final class RecordCollector implements StepDefinition {

    private final List<DataRecord> records = new ArrayList<>();
    private final StepSpec spec = StepSpec.of(new SinkStep(this::add, true));

    RecordCollector() {}

    private synchronized void add(DataRecord record) {
        records.add(record);
    }

    /** The records received so far, in order (a copy; records are immutable). */
    public synchronized List<DataRecord> records() {
        return List.copyOf(records);
    }

    /** The number of records received so far. */
    public synchronized int size() {
        return records.size();
    }

    /** Forgets the records received so far. */
    public synchronized void clear() {
        records.clear();
    }

    /** The step: a {@code java_sink} given in code, not exportable. */
    @Override
    public StepSpec toStepSpec() {
        return spec;
    }

    @Override
    public String toString() {
        return "RecordCollector[" + size() + " records]";
    }
}
