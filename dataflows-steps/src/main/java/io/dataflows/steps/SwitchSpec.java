package io.dataflows.steps;

import io.dataflows.StepSpec;

/**
 * A {@code flow_logic_switch} step:
 * {@code Steps.switchOn().when("nz", "record.country == 'NZ'").when("other", "true")}; dependants attach to
 * {@code "<alias>:nz"}.
 *
 * <p>Immutable: every method returns a new definition. {@link #toString} shows the type and config keys only.
 */
public final class SwitchSpec extends TypedSpec<SwitchSpec> {

    SwitchSpec(StepSpec spec) {
        super(spec);
    }

    @Override
    protected SwitchSpec copy(StepSpec spec) {
        return new SwitchSpec(spec);
    }

    /** Adds a case: records for which {@code condition} is true (and no earlier case) go to output {@code label}. */
    public SwitchSpec when(String label, String condition) {
        return new SwitchSpec(spec.with("cases", Maps.plus(spec.config().get("cases"), label, condition)));
    }
}
