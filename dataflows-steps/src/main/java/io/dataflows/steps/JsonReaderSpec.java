package io.dataflows.steps;

import io.dataflows.StepDefinition;
import io.dataflows.StepSpec;

/**
 * A {@code reader_json} step: {@code Steps.jsonReader("in.json").array("data.users").sortBy("name.first")}.
 *
 * <p>Immutable: every method returns a new definition. {@link #toString} shows the type and config keys only.
 */
public final class JsonReaderSpec implements StepDefinition {

    private final StepSpec spec;

    JsonReaderSpec(StepSpec spec) {
        this.spec = spec;
    }

    /** The dotted path of the array in the document ({@code arrayexpression}); default: the document itself. */
    public JsonReaderSpec array(String dottedPath) {
        return new JsonReaderSpec(spec.with("arrayexpression", dottedPath));
    }

    /** Sorts the elements by the value at a dotted path inside each ({@code arraysortexpression}), ascending. */
    public JsonReaderSpec sortBy(String dottedPath) {
        return new JsonReaderSpec(spec.with("arraysortexpression", dottedPath));
    }

    /** With {@link #sortBy}: sort in descending order ({@code sortorder: desc}). */
    public JsonReaderSpec descending() {
        return new JsonReaderSpec(spec.with("sortorder", "desc"));
    }

    /** With {@link #sortBy}: sort in ascending order ({@code sortorder: asc}, the default). */
    public JsonReaderSpec ascending() {
        return new JsonReaderSpec(spec.with("sortorder", "asc"));
    }

    /** Returns a copy with any config {@code key} set, for fields without a typed method. */
    public JsonReaderSpec with(String key, Object value) {
        return new JsonReaderSpec(spec.with(key, value));
    }

    @Override
    public StepSpec toStepSpec() {
        return spec;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonReaderSpec && ((JsonReaderSpec) o).spec.equals(spec);
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
