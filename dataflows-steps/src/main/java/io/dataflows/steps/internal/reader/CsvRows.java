package io.dataflows.steps.internal.reader;

import java.io.Closeable;
import java.io.IOException;

/** Rows of a CSV text: {@link CsvParser} over characters, {@link Utf8CsvParser} over UTF-8 bytes; same results. */
interface CsvRows extends Closeable {

    /**
     * The next row's fields (an array the next call reuses: copy what you keep), or null at the end of the text.
     *
     * @throws CsvParser.UnterminatedQuoteException when the text ends inside a quoted field
     */
    String[] next() throws IOException;

    /** The physical line number (1-based) where the row last returned by {@link #next} started. */
    int rowLine();
}
