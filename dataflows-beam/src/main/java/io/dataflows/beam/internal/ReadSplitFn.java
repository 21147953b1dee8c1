package io.dataflows.beam.internal;

import io.dataflows.DataRecord;
import io.dataflows.spi.ReadSplit;
import java.util.List;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Reads one part of a splittable reader's source ({@link io.dataflows.spi.SplittableReader#readSplit}) and emits
 * its records; the reader's count ({@code <alias>.out}) adds up over the parts. The records of a part go to the main
 * output, those of {@link ReadSplit#WHOLE} (a source read by one worker) to {@link #WHOLE}, for the runner to spread
 * them among the workers.
 */
public final class ReadSplitFn extends WorkerFn<ReadSplit, DataRecord> {

    private static final long serialVersionUID = 1L;

    /** The records of a part. */
    public static final TupleTag<DataRecord> PART = new TupleTag<>("part") { };

    /** The records of a whole source. */
    public static final TupleTag<DataRecord> WHOLE = new TupleTag<>("whole") { };

    private final String readerAlias;

    /**
     * @param spec the run every worker belongs to
     * @param readerAlias the reader
     */
    public ReadSplitFn(WorkerSpec spec, String readerAlias) {
        super(spec);
        this.readerAlias = readerAlias;
    }

    /** Reads the part. */
    @ProcessElement
    public void process(@Element ReadSplit split, MultiOutputReceiver out) {
        List<String> aliases = List.of(readerAlias);
        OutputReceiver<DataRecord> records = out.get(split.isWhole() ? WHOLE : PART);
        StepCounters.add(worker().readSplit(readerAlias, split, records::output), aliases);
    }
}
