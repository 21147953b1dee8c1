package io.dataflows.scheduler;

import java.util.Locale;

/** Why a trigger did not start a run ({@link SchedulerListener#skipped}). */
public enum SkipReason {
    /** The dataflow is disabled: no trigger starts it until it is enabled (manual runs still do). */
    DISABLED,
    /** The dataflow is invalid: no trigger starts it until a valid version is registered. */
    INVALID,
    /** The dataflow does not run concurrently and a run of it was going on (the run lock was held). */
    LOCKED;

    /** The lower-case name: {@code disabled}, {@code invalid}, {@code locked}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
