package io.dataflows.scheduler.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Remembers, per dataflow, the condition last told to the log, so that a disabled or invalid dataflow is logged
 * when it becomes so — not at every firing that skips it. Thread-safe.
 */
public final class ConditionLog {

    /** What a scheduler can say of a registered dataflow. */
    public enum Condition {
        /** Enabled and valid: its trigger starts it. */
        READY,
        /** Disabled. */
        DISABLED,
        /** Invalid; the detail holds its problems. */
        INVALID
    }

    private record Told(Condition condition, String detail) {}

    private final Map<String, Told> told = new HashMap<>();

    /**
     * Whether {@code condition} (with {@code detail}, e.g. the problems of an invalid dataflow) differs from what
     * was last told of {@code dataflow}; remembers it either way. A dataflow never told of counts as
     * {@link Condition#READY}, so a ready dataflow is not logged when first seen.
     */
    public synchronized boolean changed(String dataflow, Condition condition, String detail) {
        Objects.requireNonNull(condition, "condition");
        Told now = new Told(condition, condition == Condition.INVALID ? Objects.requireNonNull(detail) : "");
        Told before = told.put(dataflow, now);
        return before == null ? condition != Condition.READY : !before.equals(now);
    }

    /** Forgets {@code dataflow} (it was unregistered). */
    public synchronized void forget(String dataflow) {
        told.remove(dataflow);
    }
}
