package io.dataflows;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * How far one reader of a running dataflow has got: records emitted so far and, for a reader that reads a file
 * through {@link io.dataflows.spi.StepContext#files()}, the bytes of that file read so far and its size. A snapshot,
 * taken by {@link RunHandle#progress()} from any thread; the numbers may lag the run by a few records.
 *
 * @param readerAlias the reader's alias
 * @param records records the reader has emitted so far
 * @param bytesRead bytes of the file the reader reads now consumed so far, or -1 when it reads no file
 * @param bytesTotal that file's size when it was opened, or -1 when it reads no file or the size is not known
 */
public record ReaderProgress(String readerAlias, long records, long bytesRead, long bytesTotal) {

    /** Checks the alias is given. */
    public ReaderProgress {
        Objects.requireNonNull(readerAlias, "readerAlias");
    }

    /** The share of the file read so far, from 0 to 1; empty when the reader reads no file of known, non-zero size. */
    public OptionalDouble fractionRead() {
        if (bytesRead < 0 || bytesTotal <= 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Math.min(1.0, (double) bytesRead / bytesTotal));
    }
}
