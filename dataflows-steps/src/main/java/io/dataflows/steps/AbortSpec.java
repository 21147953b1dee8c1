package io.dataflows.steps;

import io.dataflows.StepDefinition;
import io.dataflows.StepSpec;

/**
 * A {@code flow_abort} or {@code connector_abort} step: {@code Steps.flowAbort().when("record.total < 0")}.
 *
 * <p>Immutable: every method returns a new definition. {@link #toString} shows the type and config keys only.
 */
public final class AbortSpec implements StepDefinition {

    private final StepSpec spec;

    AbortSpec(StepSpec spec) {
        this.spec = spec;
    }

    /** Aborts only when {@code condition} is true; without it the step always aborts. */
    public AbortSpec when(String condition) {
        return new AbortSpec(spec.with("condition", condition));
    }

    /** Returns a copy with any config {@code key} set, for fields without a typed method. */
    public AbortSpec with(String key, Object value) {
        return new AbortSpec(spec.with(key, value));
    }

    @Override
    public StepSpec toStepSpec() {
        return spec;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AbortSpec && ((AbortSpec) o).spec.equals(spec);
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
