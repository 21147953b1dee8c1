package io.dataflows;

import java.util.Locale;

/**
 * Who or what started a run. Automated runs (every value but {@link #MANUAL}) refuse disabled dataflows; manual runs
 * run them with a warning. A run sees its trigger as {@code run.trigger.type} ({@link #label()}).
 */
public enum Trigger {
    /** Started by a person or a direct API call. */
    MANUAL,
    /**
     * Started without a person asking for this run, by something other than the library's own scheduler (the host's
     * scheduler, for example).
     */
    AUTOMATED,
    /** Started by a {@code trigger_cron} schedule, or a retry of such a run. */
    CRON,
    /** Started by queued events of a {@code trigger_event} step. */
    EVENT,
    /** Started by a call of a {@code trigger_webservice} webhook. */
    WEBHOOK;

    /** The lower-case name a run sees as {@code run.trigger.type}: {@code manual}, {@code cron}, ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True unless {@link #MANUAL}: the run needs an enabled dataflow. */
    public boolean isAutomated() {
        return this != MANUAL;
    }
}
