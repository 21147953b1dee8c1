package io.dataflows;

import java.util.Objects;
import java.util.Optional;

/**
 * One problem found by validation.
 *
 * @param stepAlias the step concerned, or null for a problem of the whole dataflow
 * @param field the config field or other attribute concerned ({@code config.filter}, {@code depends_on}), or null
 * @param message what is wrong, e.g. {@code Config 'filter' is missing.}
 */
public record Problem(String stepAlias, String field, String message) {

    public Problem {
        Objects.requireNonNull(message, "message");
    }

    /** A problem of the whole dataflow. */
    public static Problem ofDataflow(String message) {
        return new Problem(null, null, message);
    }

    /** A problem of one step. */
    public static Problem ofStep(String stepAlias, String field, String message) {
        return new Problem(Objects.requireNonNull(stepAlias, "stepAlias"), field, message);
    }

    /** The step concerned; empty for a problem of the whole dataflow. */
    public Optional<String> step() {
        return Optional.ofNullable(stepAlias);
    }

    /** {@code <alias>: <message>}, or {@code dataflow: <message>}. */
    @Override
    public String toString() {
        return (stepAlias == null ? "dataflow" : stepAlias) + ": " + message;
    }
}
