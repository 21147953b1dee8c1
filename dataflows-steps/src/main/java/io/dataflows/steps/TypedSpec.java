package io.dataflows.steps;

import io.dataflows.StepDefinition;
import io.dataflows.StepSpec;
import java.util.Objects;

/**
 * Base of the typed step definitions ({@link CsvReaderSpec}, {@link SwitchSpec}, ...): an immutable wrapper of a
 * {@link StepSpec} whose methods return new definitions. {@link #toString} shows the type and config keys only.
 *
 * @param <S> the concrete definition type
 */
public abstract class TypedSpec<S extends TypedSpec<S>> implements StepDefinition {

    /** The wrapped spec. */
    protected final StepSpec spec;

    protected TypedSpec(StepSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    /** A definition of the same type wrapping {@code spec}. */
    protected abstract S copy(StepSpec spec);

    /** Returns a copy with any config {@code key} set, for fields without a typed method. */
    public final S with(String key, Object value) {
        return copy(spec.with(key, value));
    }

    @Override
    public final StepSpec toStepSpec() {
        return spec;
    }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((TypedSpec<?>) o).spec.equals(spec);
    }

    @Override
    public final int hashCode() {
        return spec.hashCode();
    }

    @Override
    public final String toString() {
        return spec.toString();
    }
}
