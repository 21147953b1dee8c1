package io.dataflows.steps;

import io.dataflows.StepDefinition;
import io.dataflows.StepSpec;

/**
 * A {@code flow_set_multiple_variables} or {@code connector_set_multiple_variables} step:
 * {@code Steps.connectorSetMultipleVariables("dataflow.vars").set("a", 1).set("b", "${{ record.b }}")}.
 *
 * <p>Immutable: every method returns a new definition. {@link #toString} shows the type and config keys only.
 */
public final class SetMultipleVariablesSpec implements StepDefinition {

    private final StepSpec spec;

    SetMultipleVariablesSpec(StepSpec spec) {
        this.spec = spec;
    }

    /** Adds a value to merge into the variable map ({@code values}). */
    public SetMultipleVariablesSpec set(String name, Object value) {
        return new SetMultipleVariablesSpec(spec.with("values", Maps.plus(spec.config().get("values"), name, value)));
    }

    /** Returns a copy with any config {@code key} set, for fields without a typed method. */
    public SetMultipleVariablesSpec with(String key, Object value) {
        return new SetMultipleVariablesSpec(spec.with(key, value));
    }

    @Override
    public StepSpec toStepSpec() {
        return spec;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SetMultipleVariablesSpec && ((SetMultipleVariablesSpec) o).spec.equals(spec);
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
