package io.dataflows.beam.internal;

import io.dataflows.DataRecord;
import java.util.List;
import java.util.Map;

/**
 * Runs a reader step on one worker and emits its records: the reader reads its whole source there (a CSV file is
 * read by one worker, so quoted fields may span lines as in a local run); the stage after it spreads the records.
 * What the reader wrote to its step state (an incremental reader's counter) goes back to the launcher
 * ({@link StepStates}).
 */
public final class ReaderFn extends WorkerFn<String, DataRecord> {

    private static final long serialVersionUID = 1L;

    /** @param spec the run every worker belongs to */
    public ReaderFn(WorkerSpec spec) {
        super(spec);
    }

    /** Reads with the reader whose alias is the element. */
    @ProcessElement
    public void process(@Element String readerAlias, OutputReceiver<DataRecord> out) {
        List<String> aliases = List.of(readerAlias);
        StepCounters.add(worker().run(aliases, Map.of(), null, out::output), aliases);
        StepStates.report(readerAlias, worker().stateWrites(readerAlias));
    }
}
