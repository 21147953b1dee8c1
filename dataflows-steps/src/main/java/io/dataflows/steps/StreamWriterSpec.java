package io.dataflows.steps;

import io.dataflows.StepDefinition;
import io.dataflows.StepSpec;

/**
 * A {@code writer_stream} step: {@code Steps.streamWriter("out.json", "json").prettyPrint(true)}.
 *
 * <p>Immutable: every method returns a new definition. {@link #toString} shows the type and config keys only.
 */
public final class StreamWriterSpec implements StepDefinition {

    private final StepSpec spec;

    StreamWriterSpec(StepSpec spec) {
        this.spec = spec;
    }

    /** Indent JSON output with 4 spaces ({@code prettyprint}). */
    public StreamWriterSpec prettyPrint(boolean pretty) {
        return new StreamWriterSpec(spec.with("prettyprint", pretty));
    }

    /** Returns a copy with any config {@code key} set, for fields without a typed method. */
    public StreamWriterSpec with(String key, Object value) {
        return new StreamWriterSpec(spec.with(key, value));
    }

    @Override
    public StepSpec toStepSpec() {
        return spec;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StreamWriterSpec && ((StreamWriterSpec) o).spec.equals(spec);
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
