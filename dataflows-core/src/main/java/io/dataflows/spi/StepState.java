package io.dataflows.spi;

import java.util.Optional;

/**
 * Values a step keeps across runs (a reader's last-seen counter), stored by the engine's state store per dataflow
 * and step. Writes are skipped in dry runs.
 */
public interface StepState {

    /** The stored value of {@code key}. */
    Optional<Object> get(String key);

    /** Stores a JSON-like value (not in dry runs). */
    void put(String key, Object value);
}
