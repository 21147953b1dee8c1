package io.dataflows.steps;

import io.dataflows.StepDefinition;
import io.dataflows.StepSpec;

/**
 * A {@code reader_csv} step: {@code Steps.csvReader("users.csv").delimiter(";")}.
 *
 * <p>Immutable: every method returns a new definition. {@link #toString} shows the type and config keys only.
 */
public final class CsvReaderSpec implements StepDefinition {

    private final StepSpec spec;

    CsvReaderSpec(StepSpec spec) {
        this.spec = spec;
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

    /** Returns a copy with any config {@code key} set, for fields without a typed method. */
    public CsvReaderSpec with(String key, Object value) {
        return new CsvReaderSpec(spec.with(key, value));
    }

    @Override
    public StepSpec toStepSpec() {
        return spec;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CsvReaderSpec && ((CsvReaderSpec) o).spec.equals(spec);
    }

    @Override
    public int hashCode() {
        return spec.hashCode();
    }

    @Override
    public String toString() {
        return spec.toString();
    }
}
