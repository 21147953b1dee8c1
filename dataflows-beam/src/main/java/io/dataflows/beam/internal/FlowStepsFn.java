package io.dataflows.beam.internal;

import io.dataflows.DataRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;

/**
 * Runs a chain of flow steps on the records of a bundle. The records are gathered into batches of
 * {@value #BATCH} and each batch goes through one engine run of the chain: each step's processor is opened, fed and
 * finished per batch, which is why only steps that handle each record on their own may be distributed.
 */
public final class FlowStepsFn extends DoFn<DataRecord, DataRecord> {

    private static final long serialVersionUID = 1L;
    static final int BATCH = 1000;

    private final WorkerSpec spec;
    private final List<String> aliases;
    private transient Worker worker;
    private transient List<DataRecord> batch;

    /**
     * @param spec the run every worker belongs to
     * @param aliases the steps, each fed by the one before
     */
    public FlowStepsFn(WorkerSpec spec, List<String> aliases) {
        this.spec = spec;
        this.aliases = new ArrayList<>(aliases);
    }

    /** Makes this instance's engine. */
    @Setup
    public void setup() {
        worker = new Worker(spec);
    }

    /** Starts an empty batch. */
    @StartBundle
    public void startBundle() {
        batch = new ArrayList<>();
    }

    /** Adds the record to the batch; runs the batch when it is full. */
    @ProcessElement
    public void process(@Element DataRecord record, OutputReceiver<DataRecord> out) {
        batch.add(record);
        if (batch.size() >= BATCH) {
            runBatch(out::output);
        }
    }

    /** Runs what is left of the batch. */
    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
        runBatch(r -> context.output(r, GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE));
    }

    private void runBatch(java.util.function.Consumer<DataRecord> output) {
        if (batch.isEmpty()) {
            return;
        }
        List<DataRecord> records = batch;
        batch = new ArrayList<>();
        StepCounters.add(worker.run(aliases, Map.of(), records, output), aliases);
    }
}
