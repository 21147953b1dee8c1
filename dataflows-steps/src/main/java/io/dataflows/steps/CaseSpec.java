package io.dataflows.steps;

import io.dataflows.StepSpec;

/**
 * A {@code flow_logic_case} step:
 * {@code Steps.caseOf("record.country").when("nz", "NZ").when("au", "AU")}; dependants attach to
 * {@code "<alias>:nz"}.
 *
 * <p>Immutable: every method returns a new definition. {@link #toString} shows the type and config keys only.
 */
public final class CaseSpec extends TypedSpec<CaseSpec> {

    CaseSpec(StepSpec spec) {
        super(spec);
    }

    @Override
    protected CaseSpec copy(StepSpec spec) {
        return new CaseSpec(spec);
    }

    /** Adds a case: records whose expression value equals {@code value} (PHP {@code ==}) go to output {@code label}. */
    public CaseSpec when(String label, Object value) {
        return new CaseSpec(spec.with("cases", Maps.plus(spec.config().get("cases"), label, value)));
    }
}
