package io.dataflows.internal.expr;

import java.util.Collection;

/**
 * A node of the variable tree that resolves its own children, e.g. evaluating a lazily stored template.
 * Implemented by the run's variable tree; expressions navigate it through {@link Access}.
 */
public interface Lookup {

    /** The child named {@code key}, resolved; {@link Access#MISSING} when there is none. */
    Object lookup(String key);

    /** Names of the children, for error messages that list what exists. */
    Collection<String> keys();

    /** A plain, resolved, unmodifiable copy of this node (maps, lists and values only). */
    Object materialize();
}
