package io.dataflows;

import java.util.Locale;

/**
 * Statuses of a run and of its steps; the labels ({@code new}, {@code flowing}, ...) appear in
 * {@code dataflow.states.<label>} and {@code steps.<alias>.states.<label>}.
 *
 * <p>A run ends {@link #FINALISED}, {@link #ABORTED}, or {@link #CANCELLED} when it was stopped (by
 * {@link RunHandle#cancel()}, a timeout or an interrupt); a run that could not start because another run of the same
 * dataflow holds the lock is {@link #BLOCKED}. A step ends {@link #FINALISED}, {@link #CANCELLED},
 * {@link #ABORTED} (it was running when the run aborted), or {@link #NOT_RUN} (its turn never came). The transitions are described in {@code docs/semantics.md}.
 */
public enum RunStatus {
    /** Just created. */
    NEW,
    /** Initialised, ready to run. */
    INITIALISED,
    /** A connector waiting on its upstreams; a run that could not take the lock. */
    BLOCKED,
    /** A flow step waiting on its upstreams. */
    WAITING,
    /** A connector running; the run while it runs. */
    PROCESSING,
    /** A flow step while records stream through it. */
    FLOWING,
    /** Finished; downstream steps may proceed. */
    FINISHED,
    /**
     * A step cancelled by an upstream connector (the run still finishes normally); a run stopped on request — a clean
     * end, not a failure — and the steps it stopped.
     */
    CANCELLED,
    /** Aborted: by an abort step, or because a step failed. */
    ABORTED,
    /** Completely finished. */
    FINALISED,
    /**
     * A step that never started: the run was aborted or cancelled before its turn (label {@code not_run}). Only
     * steps end so; the run never does.
     */
    NOT_RUN;

    /** The lower-case label ({@code flowing}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status with {@code label}. */
    public static RunStatus fromLabel(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
