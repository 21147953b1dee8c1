package io.dataflows.steps;

import io.dataflows.StepSpec;

/**
 * A {@code reader_json} step: {@code Steps.jsonReader("in.json").array("data.users").sortBy("name.first")}.
 *
 * <p>Immutable: every method returns a new definition. {@link #toString} shows the type and config keys only.
 */
public final class JsonReaderSpec extends TypedSpec<JsonReaderSpec> {

    JsonReaderSpec(StepSpec spec) {
        super(spec);
    }

    @Override
    protected JsonReaderSpec copy(StepSpec spec) {
        return new JsonReaderSpec(spec);
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
}
