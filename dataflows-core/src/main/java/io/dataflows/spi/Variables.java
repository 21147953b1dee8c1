package io.dataflows.spi;

import java.util.Map;
import java.util.Optional;

/**
 * The run's variable tree: {@code global}, {@code dataflow}, {@code run}, {@code steps}, {@code env} and
 * {@code secrets}. Paths are dotted and absolute ({@code dataflow.vars.counter}).
 */
public interface Variables {

    /** The resolved value at {@code path}; empty when nothing is there. */
    Optional<Object> find(String path);

    /**
     * Sets a value. A map is merged into an existing map node; anything else replaces the leaf. Values under
     * {@code dataflow.vars} are persisted in the state store unless this is a dry run.
     *
     * @throws io.dataflows.DataflowException for read-only scopes ({@code run}, {@code secrets}, {@code env}) and for
     *     assigning a value to a map node or a map to a value node
     */
    void set(String path, Object value);

    /** Merges {@code values} into the map at {@code path} without persisting anything. */
    void merge(String path, Map<String, ?> values);
}
