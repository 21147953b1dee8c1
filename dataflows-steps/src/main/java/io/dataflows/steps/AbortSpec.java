package io.dataflows.steps;

import io.dataflows.StepSpec;

/**
 * A {@code flow_abort} or {@code connector_abort} step: {@code Steps.flowAbort().when("record.total < 0")}.
 *
 * <p>Immutable: every method returns a new definition. {@link #toString} shows the type and config keys only.
 */
public final class AbortSpec extends TypedSpec<AbortSpec> {

    AbortSpec(StepSpec spec) {
        super(spec);
    }

    @Override
    protected AbortSpec copy(StepSpec spec) {
        return new AbortSpec(spec);
    }

    /** Aborts only when {@code condition} is true; without it the step always aborts. */
    public AbortSpec when(String condition) {
        return new AbortSpec(spec.with("condition", condition));
    }
}
