package io.dataflows;

import java.time.Duration;
import java.util.Objects;

/**
 * What one step did in a run. Immutable; made by the engine, or by another runner with {@link #of}.
 */
public final class StepResult {

    private final String alias;
    private final String type;
    private final RunStatus status;
    private final long recordsIn;
    private final long recordsOut;
    private final Duration duration;

    StepResult(String alias, String type, RunStatus status, long recordsIn, long recordsOut, Duration duration) {
        this.alias = alias;
        this.type = type;
        this.status = status;
        this.recordsIn = recordsIn;
        this.recordsOut = recordsOut;
        this.duration = duration;
    }

    /** What a step did in a run executed by another runner than the local engine (see {@link RunResult#of}). */
    public static StepResult of(String alias, String type, RunStatus status, long recordsIn, long recordsOut,
            Duration duration) {
        return new StepResult(alias, type, status, recordsIn, recordsOut, duration);
    }

    /** The step's alias. */
    public String alias() {
        return alias;
    }

    /** The step's type id. */
    public String type() {
        return type;
    }

    /**
     * Its last status after a run: {@code FINALISED}; {@code CANCELLED} (by an upstream connector, or because the
     * run was cancelled while it ran); {@code ABORTED} (it ran when the run aborted); {@code NOT_RUN} (the run
     * ended before its turn).
     */
    public RunStatus status() {
        return status;
    }

    /** Records the step received (flow steps and writers); 0 for connectors and readers. */
    public long recordsIn() {
        return recordsIn;
    }

    /** Records the step emitted. */
    public long recordsOut() {
        return recordsOut;
    }

    /**
     * Time spent in the step's own code, not in the steps it feeds: measured exactly for connectors and for
     * opening, finishing and closing a stream step; while records stream, estimated from the first 64 records and
     * one in 64 after them, timed through the stream (a reader gets the part of the stream's time that the steps
     * downstream did not take).
     */
    public Duration duration() {
        return duration;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof StepResult)) {
            return false;
        }
        StepResult r = (StepResult) o;
        return alias.equals(r.alias) && Objects.equals(type, r.type) && status == r.status
                && recordsIn == r.recordsIn && recordsOut == r.recordsOut && duration.equals(r.duration);
    }

    @Override
    public int hashCode() {
        return Objects.hash(alias, type, status, recordsIn, recordsOut, duration);
    }

    @Override
    public String toString() {
        return "StepResult[alias=" + alias + ", type=" + type + ", status=" + status + ", recordsIn=" + recordsIn
                + ", recordsOut=" + recordsOut + ", duration=" + duration + "]";
    }
}
