package io.dataflows.steps;

import io.dataflows.StepDefinition;
import io.dataflows.StepSpec;

/**
 * A {@code flow_transformer_alter} step:
 * {@code Steps.alter().set("grade", "${{ record.score >= 90 ? 'A' : 'B' }}").set("source", "import")}.
 *
 * <p>Immutable: every method returns a new definition. {@link #toString} shows the type and config keys only.
 */
public final class AlterSpec implements StepDefinition {

    private final StepSpec spec;

    AlterSpec(StepSpec spec) {
        this.spec = spec;
    }

    /**
     * Sets {@code field} to {@code value}, a template ({@code "${{ record.a }} ${{ record.b }}"}) or a plain value;
     * fields are set in the order of the calls (setting a field again replaces its value in place).
     */
    public AlterSpec set(String field, Object value) {
        return new AlterSpec(spec.with("expressions", Maps.plus(spec.config().get("expressions"), field, value)));
    }

    /** Returns a copy with any config {@code key} set, for fields without a typed method. */
    public AlterSpec with(String key, Object value) {
        return new AlterSpec(spec.with(key, value));
    }

    @Override
    public StepSpec toStepSpec() {
        return spec;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AlterSpec && ((AlterSpec) o).spec.equals(spec);
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
