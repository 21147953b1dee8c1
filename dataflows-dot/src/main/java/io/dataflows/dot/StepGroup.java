package io.dataflows.dot;

import java.util.List;
import java.util.Objects;

/**
 * Steps drawn together in a labelled, dashed box: for example the steps of a dataflow that run on the workers of a
 * distributed runner ({@code new StepGroup("Beam workers", List.of("read", "filter", "write"))}).
 *
 * @param label the box's caption
 * @param aliases the aliases of the steps in the box; an alias the dataflow does not have is ignored
 */
public record StepGroup(String label, List<String> aliases) {

    /** Copies {@code aliases}. */
    public StepGroup {
        Objects.requireNonNull(label, "label");
        aliases = List.copyOf(aliases);
    }
}
