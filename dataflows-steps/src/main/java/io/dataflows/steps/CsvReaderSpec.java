package io.dataflows.steps;

import io.dataflows.StepSpec;

/**
 * A {@code reader_csv} step: {@code Steps.csvReader("users.csv").delimiter(";")}.
 *
 * <p>Immutable: every method returns a new definition. {@link #toString} shows the type and config keys only.
 */
public final class CsvReaderSpec extends TypedSpec<CsvReaderSpec> {

    CsvReaderSpec(StepSpec spec) {
        super(spec);
    }

    @Override
    protected CsvReaderSpec copy(StepSpec spec) {
        return new CsvReaderSpec(spec);
    }

    /** The header line to use (CSV, with the same delimiter); without it the file's first line is the header. */
    public CsvReaderSpec headers(String headers) {
        return new CsvReaderSpec(spec.with("headers", headers));
    }

    /** With {@link #headers}: skip the file's own first line ({@code overwriteheaders}). */
    public CsvReaderSpec overwriteHeaders(boolean overwrite) {
        return new CsvReaderSpec(spec.with("overwriteheaders", overwrite));
    }

    /** Skip (and count) rows whose field count differs from the header's instead of failing. */
    public CsvReaderSpec continueOnError(boolean continueOnError) {
        return new CsvReaderSpec(spec.with("continueonerror", continueOnError));
    }

    /** The field delimiter, one character (default {@code ,}). */
    public CsvReaderSpec delimiter(String delimiter) {
        return new CsvReaderSpec(spec.with("delimiter", delimiter));
    }
}
