package io.dataflows.steps;

import io.dataflows.StepDefinition;
import io.dataflows.StepSpec;

/**
 * A {@code flow_logic_switch} step:
 * {@code Steps.switchOn().when("nz", "record.country == 'NZ'").when("other", "true")}; dependants attach to
 * {@code "<alias>:nz"}.
 *
 * <p>Immutable: every method returns a new definition. {@link #toString} shows the type and config keys only.
 */
public final class SwitchSpec implements StepDefinition {

    private final StepSpec spec;

    SwitchSpec(StepSpec spec) {
        this.spec = spec;
    }

    /** Adds a case: records for which {@code condition} is true (and no earlier case) go to output {@code label}. */
    public SwitchSpec when(String label, String condition) {
        return new SwitchSpec(spec.with("cases", Maps.plus(spec.config().get("cases"), label, condition)));
    }

    /** Returns a copy with any config {@code key} set, for fields without a typed method. */
    public SwitchSpec with(String key, Object value) {
        return new SwitchSpec(spec.with(key, value));
    }

    @Override
    public StepSpec toStepSpec() {
        return spec;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SwitchSpec && ((SwitchSpec) o).spec.equals(spec);
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
