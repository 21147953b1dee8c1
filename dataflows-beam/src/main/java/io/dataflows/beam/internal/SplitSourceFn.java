package io.dataflows.beam.internal;

import io.dataflows.spi.ReadSplit;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * Finds the parts a splittable reader's source is read in ({@link io.dataflows.spi.SplittableReader#split}), on one
 * worker; the stage after it spreads the parts, and {@link ReadSplitFn} reads each. A source not worth splitting is
 * one part, {@link ReadSplit#WHOLE}.
 */
public final class SplitSourceFn extends DoFn<String, ReadSplit> {

    private static final long serialVersionUID = 1L;

    private final WorkerSpec spec;
    private final long targetBytes;
    private transient Worker worker;

    /**
     * @param spec the run every worker belongs to
     * @param targetBytes the size of a part to aim for
     */
    public SplitSourceFn(WorkerSpec spec, long targetBytes) {
        this.spec = spec;
        this.targetBytes = targetBytes;
    }

    /** Makes this instance's engine. */
    @Setup
    public void setup() {
        worker = new Worker(spec);
    }

    /** Emits the parts of the reader whose alias is the element. */
    @ProcessElement
    public void process(@Element String readerAlias, OutputReceiver<ReadSplit> out) {
        worker.split(readerAlias, targetBytes).forEach(out::output);
    }
}
