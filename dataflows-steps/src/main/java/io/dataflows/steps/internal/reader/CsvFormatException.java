package io.dataflows.steps.internal.reader;

import java.io.IOException;

/**
 * A CSV text the reader refuses: a quoted field not closed, text not valid in its character set, a row over the
 * size limit. The message starts with the row or line ({@code Row #2: ...}, {@code Line 3 ...}); the reader adds
 * the file.
 */
class CsvFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    CsvFormatException(String message) {
        super(message);
    }

    /** The text is not valid in its character set from {@code line} on. */
    static CsvFormatException malformed(int line, String charset) {
        return new CsvFormatException("Line " + line + " is not valid " + charset);
    }

    /** The row starting on {@code line} is longer than the limit. */
    static CsvFormatException rowTooLong(int line, long limit, String unit) {
        return new CsvFormatException("Row #" + line + " is longer than " + limit + " " + unit
                + " (config 'maxrowsize')");
    }
}
