package io.dataflows.steps;

import io.dataflows.StepSpec;

/**
 * A {@code writer_stream} step: {@code Steps.streamWriter("out.json", "json").prettyPrint(true)}.
 *
 * <p>Immutable: every method returns a new definition. {@link #toString} shows the type and config keys only.
 */
public final class StreamWriterSpec extends TypedSpec<StreamWriterSpec> {

    StreamWriterSpec(StepSpec spec) {
        super(spec);
    }

    @Override
    protected StreamWriterSpec copy(StepSpec spec) {
        return new StreamWriterSpec(spec);
    }

    /** Indent JSON output with 4 spaces ({@code prettyprint}). */
    public StreamWriterSpec prettyPrint(boolean pretty) {
        return new StreamWriterSpec(spec.with("prettyprint", pretty));
    }
}
