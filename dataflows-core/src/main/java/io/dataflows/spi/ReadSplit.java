package io.dataflows.spi;

import java.io.Serializable;

/**
 * A part of a reader's source that can be read on its own ({@link SplittableReader}): the bytes from {@code start}
 * up to {@code end} of a file, starting at the start of a row, whose first line is line {@code firstLine} of the
 * file. A runner treats it as opaque: it gets parts from {@link SplittableReader#split} and hands each back to
 * {@link SplittableReader#readSplit}, possibly in another process (hence {@link Serializable}).
 *
 * @param start the offset of the part's first byte
 * @param end the offset after the part's last byte; {@link Long#MAX_VALUE} for "to the end of the source"
 * @param firstLine the 1-based line number of the part's first line, for messages that name lines
 */
public record ReadSplit(long start, long end, long firstLine) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The whole source, read as {@link ReaderStep#read} reads it. */
    public static final ReadSplit WHOLE = new ReadSplit(0, Long.MAX_VALUE, 1);

    /**
     * @throws IllegalArgumentException if {@code start} is negative, {@code end} is before {@code start} or
     *     {@code firstLine} is less than 1
     */
    public ReadSplit {
        if (start < 0 || end < start || firstLine < 1) {
            throw new IllegalArgumentException("Invalid read split: start " + start + ", end " + end
                    + ", first line " + firstLine);
        }
    }

    /** Whether this is {@link #WHOLE}, the whole source. */
    public boolean isWhole() {
        // The fields, not equals: a record's generated equals is bound on first use, which cost every run that reads
        // a file about 10 ms.
        return start == WHOLE.start && end == WHOLE.end && firstLine == WHOLE.firstLine;
    }
}
