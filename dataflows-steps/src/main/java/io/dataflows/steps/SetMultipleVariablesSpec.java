package io.dataflows.steps;

import io.dataflows.StepSpec;

/**
 * A {@code flow_set_multiple_variables} or {@code connector_set_multiple_variables} step:
 * {@code Steps.connectorSetMultipleVariables("dataflow.vars").set("a", 1).set("b", "${{ record.b }}")}.
 *
 * <p>Immutable: every method returns a new definition. {@link #toString} shows the type and config keys only.
 */
public final class SetMultipleVariablesSpec extends TypedSpec<SetMultipleVariablesSpec> {

    SetMultipleVariablesSpec(StepSpec spec) {
        super(spec);
    }

    @Override
    protected SetMultipleVariablesSpec copy(StepSpec spec) {
        return new SetMultipleVariablesSpec(spec);
    }

    /** Adds a value to merge into the variable map ({@code values}). */
    public SetMultipleVariablesSpec set(String name, Object value) {
        return new SetMultipleVariablesSpec(spec.with("values", Maps.plus(spec.config().get("values"), name, value)));
    }
}
