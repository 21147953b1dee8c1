package io.dataflows.spi;

import java.util.List;

/**
 * A reader that can read its source in parts, so that a distributed runner reads a large source on several workers
 * at once. Opt-in: a reader that does not implement it is read whole by one worker. The local engine never calls
 * these methods; it calls {@link #read}.
 *
 * <p>Together, the parts of {@link #split} must give exactly the records {@link #read} gives for the whole source —
 * the same records, none twice, none left out — in any order across parts and in {@code read}'s order within each.
 * Both methods are called in place of {@link #read} in a run of the step, with the step's resolved config in
 * {@code context}, so they fail as {@code read} does (a missing file, a path not permitted).
 */
public interface SplittableReader extends ReaderStep {

    /**
     * The parts to read the source in, each of about {@code targetBytes} bytes, in source order. Returns
     * {@code List.of(ReadSplit.WHOLE)} when the source is not worth splitting (smaller than {@code targetBytes}) or
     * cannot be split with this config.
     *
     * @param context the step's context, as {@link #read} gets it
     * @param targetBytes the size of a part the runner aims for, at least 1
     * @return at least one part
     * @throws Exception when the source cannot be read
     */
    List<ReadSplit> split(StepContext context, long targetBytes) throws Exception;

    /**
     * Reads one part {@link #split} returned and emits its records, as {@link #read} would emit them; for
     * {@link ReadSplit#WHOLE}, exactly what {@link #read} does.
     *
     * @param context the step's context, as {@link #read} gets it
     * @param split a part of the source
     * @param out where the records go
     * @throws Exception when the part cannot be read; it fails the step as in {@link #read}
     */
    void readSplit(StepContext context, ReadSplit split, Emitter out) throws Exception;
}
