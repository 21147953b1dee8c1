package io.dataflows.spi;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The fields the records of a stream may have, as far as validation can tell before a run
 * ({@link StepType#recordShape}): either known — every record has no field outside {@link #fields()} — or unknown,
 * when the fields are decided at run time (a CSV file's header line, the columns of an SQL query, a Java lambda).
 *
 * <p>Validation follows known shapes along the flow and reports an expression {@code record.x} on a step whose
 * records cannot have {@code x}; where a shape is unknown nothing is checked. Immutable; unknown stays unknown
 * through every operation.
 */
public final class RecordShape {

    private static final RecordShape UNKNOWN = new RecordShape(null);

    /** The fields in order, unmodifiable; null when unknown. */
    private final @Nullable Set<String> fields;

    private RecordShape(@Nullable Set<String> fields) {
        this.fields = fields;
    }

    /** Fields known only at run time: nothing is checked. */
    public static RecordShape unknown() {
        return UNKNOWN;
    }

    /** Records with at most these fields (in this order; duplicates count once). */
    public static RecordShape of(Collection<String> fields) {
        Set<String> copy = new LinkedHashSet<>();
        for (String f : fields) {
            copy.add(Objects.requireNonNull(f, "field"));
        }
        return new RecordShape(Collections.unmodifiableSet(copy));
    }

    /** Records with at most these fields. */
    public static RecordShape of(String... fields) {
        return of(java.util.Arrays.asList(fields));
    }

    /** True when the fields are known before the run. */
    public boolean isKnown() {
        return fields != null;
    }

    /** The fields in order, when known. */
    public Optional<Set<String>> fields() {
        return Optional.ofNullable(fields);
    }

    /**
     * False only when the shape is known and has no field {@code name}: true for an unknown shape, which may have
     * any field.
     */
    public boolean mayHave(String name) {
        return fields == null || fields.contains(name);
    }

    /** This shape with {@code added} appended (a field already there keeps its place); unknown stays unknown. */
    public RecordShape with(Collection<String> added) {
        if (fields == null || fields.containsAll(added)) {
            return this;
        }
        Set<String> all = new LinkedHashSet<>(fields);
        all.addAll(added);
        return of(all);
    }

    /** This shape without {@code removed}; unknown stays unknown. */
    public RecordShape without(Collection<String> removed) {
        if (fields == null) {
            return this;
        }
        Set<String> rest = new LinkedHashSet<>(fields);
        rest.removeAll(removed);
        return rest.size() == fields.size() ? this : of(rest);
    }

    /**
     * The shape of a stream fed by this one and {@code other} (a step with two inputs): the fields of either; unknown
     * when either is.
     */
    public RecordShape or(RecordShape other) {
        if (other.fields == null) {
            return other;
        }
        return with(other.fields);
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof RecordShape && Objects.equals(fields, ((RecordShape) o).fields);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(fields);
    }

    @Override
    public String toString() {
        return fields == null ? "RecordShape[unknown]" : "RecordShape" + fields;
    }
}
