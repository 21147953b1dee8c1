package io.dataflows.steps;

import io.dataflows.StepDefinition;
import io.dataflows.StepSpec;

/**
 * A {@code flow_logic_case} step:
 * {@code Steps.caseOf("record.country").when("nz", "NZ").when("au", "AU")}; dependants attach to
 * {@code "<alias>:nz"}.
 *
 * <p>Immutable: every method returns a new definition. {@link #toString} shows the type and config keys only.
 */
public final class CaseSpec implements StepDefinition {

    private final StepSpec spec;

    CaseSpec(StepSpec spec) {
        this.spec = spec;
    }

    /** Adds a case: records whose expression value equals {@code value} (PHP {@code ==}) go to output {@code label}. */
    public CaseSpec when(String label, Object value) {
        return new CaseSpec(spec.with("cases", Maps.plus(spec.config().get("cases"), label, value)));
    }

    /** Returns a copy with any config {@code key} set, for fields without a typed method. */
    public CaseSpec with(String key, Object value) {
        return new CaseSpec(spec.with(key, value));
    }

    @Override
    public StepSpec toStepSpec() {
        return spec;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CaseSpec && ((CaseSpec) o).spec.equals(spec);
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
