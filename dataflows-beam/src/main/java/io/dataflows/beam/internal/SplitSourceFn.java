package io.dataflows.beam.internal;

import io.dataflows.spi.ReadSplit;

/**
 * Finds the parts a splittable reader's source is read in ({@link io.dataflows.spi.SplittableReader#split}), on one
 * worker; the stage after it spreads the parts, and {@link ReadSplitFn} reads each. A source not worth splitting is
 * one part, {@link ReadSplit#WHOLE}.
 */
public final class SplitSourceFn extends WorkerFn<String, ReadSplit> {

    private static final long serialVersionUID = 1L;

    private final long targetBytes;

    /**
     * @param spec the run every worker belongs to
     * @param targetBytes the size of a part to aim for
     */
    public SplitSourceFn(WorkerSpec spec, long targetBytes) {
        super(spec);
        this.targetBytes = targetBytes;
    }

    /** Emits the parts of the reader whose alias is the element. */
    @ProcessElement
    public void process(@Element String readerAlias, OutputReceiver<ReadSplit> out) {
        worker().split(readerAlias, targetBytes).forEach(out::output);
    }
}
