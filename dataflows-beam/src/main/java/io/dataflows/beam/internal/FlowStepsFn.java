package io.dataflows.beam.internal;

import io.dataflows.DataRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Runs a stage of flow steps on the records of a bundle. The records are gathered into batches of {@value #BATCH}
 * and each batch goes through one engine run of the steps: each step's processor is opened, fed and finished per
 * batch, which is why only steps that handle each record on their own may be distributed. The last step's records
 * go to one Beam output per port of the stage: a switch or a case routes each record to the output of its
 * dependant, as the real step decides.
 */
public final class FlowStepsFn extends WorkerFn<DataRecord, DataRecord> {

    private static final long serialVersionUID = 1L;
    static final int BATCH = 1000;

    private final List<String> aliases;
    private final List<StageOutput> outputs;
    private final List<TupleTag<DataRecord>> tags;
    private transient List<DataRecord> batch;

    /**
     * @param spec the run every worker belongs to
     * @param stage the steps, each fed by the one before, and the dependants of the last one
     * @param tags the Beam output of each port of the stage
     */
    public FlowStepsFn(WorkerSpec spec, Stage stage, List<TupleTag<DataRecord>> tags) {
        super(spec);
        this.aliases = new ArrayList<>(stage.aliases());
        this.outputs = new ArrayList<>(stage.outputs());
        this.tags = new ArrayList<>(tags);
    }

    /** Starts an empty batch. */
    @StartBundle
    public void startBundle() {
        batch = new ArrayList<>();
    }

    /** Adds the record to the batch; runs the batch when it is full. */
    @ProcessElement
    public void process(@Element DataRecord record, MultiOutputReceiver out) {
        batch.add(record);
        if (batch.size() >= BATCH) {
            runBatch((tag, r) -> out.get(tag).output(r));
        }
    }

    /** Runs what is left of the batch. */
    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
        runBatch((tag, r) -> context.output(tag, r, GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE));
    }

    private void runBatch(BiConsumer<TupleTag<DataRecord>, DataRecord> output) {
        if (batch.isEmpty()) {
            return;
        }
        List<DataRecord> records = batch;
        batch = new ArrayList<>();
        List<Consumer<DataRecord>> ports = new ArrayList<>();
        for (TupleTag<DataRecord> tag : tags) {
            ports.add(r -> output.accept(tag, r));
        }
        StepCounters.add(worker().run(aliases, Map.of(), records, outputs, ports), aliases);
    }
}
