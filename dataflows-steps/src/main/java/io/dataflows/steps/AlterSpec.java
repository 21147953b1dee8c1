package io.dataflows.steps;

import io.dataflows.StepSpec;

/**
 * A {@code flow_transformer_alter} step:
 * {@code Steps.alter().set("grade", "${{ record.score >= 90 ? 'A' : 'B' }}").set("source", "import")}.
 *
 * <p>Immutable: every method returns a new definition. {@link #toString} shows the type and config keys only.
 */
public final class AlterSpec extends TypedSpec<AlterSpec> {

    AlterSpec(StepSpec spec) {
        super(spec);
    }

    @Override
    protected AlterSpec copy(StepSpec spec) {
        return new AlterSpec(spec);
    }

    /**
     * Sets {@code field} to {@code value}, a template ({@code "${{ record.a }} ${{ record.b }}"}) or a plain value;
     * fields are set in the order of the calls (setting a field again replaces its value in place).
     */
    public AlterSpec set(String field, Object value) {
        return new AlterSpec(spec.with("expressions", Maps.plus(spec.config().get("expressions"), field, value)));
    }
}
