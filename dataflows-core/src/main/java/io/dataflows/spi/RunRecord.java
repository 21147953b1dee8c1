package io.dataflows.spi;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One run as kept by a {@link StateStore}.
 *
 * @param id unique id
 * @param dataflow dataflow name
 * @param name sequence number per dataflow, as text ({@code "1"}, {@code "2"}, ...)
 * @param dryRun whether it was a dry run
 * @param status status label ({@code processing} while running, then {@code finalised} or {@code aborted})
 * @param startedAt start time
 * @param finishedAt end time, null while running
 * @param startState variable tree at the start, as JSON; null in records read without their states
 *     ({@link StateStore#abortDeadRuns}, {@link StateStore#recentRuns})
 * @param endState variable tree at the end, as JSON; null while running
 * @param error the error message of an aborted run, else null
 * @param owner the process that executes (or executed) the run, or null when not recorded
 * @param trigger what started the run, as {@code io.dataflows.Trigger.label()} gives it ({@code manual},
 *     {@code cron}, {@code event}, {@code webhook}, {@code automated}), or null when not recorded
 * @param summary what the steps did, as a JSON object: {@code failedstep} (the alias of the step whose failure
 *     aborted the run, or null), {@code failedrecord} (the 1-based number of the source record it failed on, or
 *     null) and {@code steps}, one object per step in definition order with {@code status}, {@code recordsin},
 *     {@code recordsout} and {@code millis} (the step's own time); null while running and when not recorded
 */
public record RunRecord(String id, String dataflow, String name, boolean dryRun, String status, Instant startedAt,
        @Nullable Instant finishedAt, @Nullable String startState, @Nullable String endState,
        @Nullable String error, @Nullable RunOwner owner, @Nullable String trigger, @Nullable String summary) {

    /** The error of a run whose process ended without ending it (it was killed, or its machine stopped). */
    public static final String PROCESS_DIED = "process died";

    /** A record without owner and trigger. */
    public RunRecord(String id, String dataflow, String name, boolean dryRun, String status, Instant startedAt,
            @Nullable Instant finishedAt, String startState, @Nullable String endState, @Nullable String error) {
        this(id, dataflow, name, dryRun, status, startedAt, finishedAt, startState, endState, error, null, null,
                null);
    }

    /** A record without trigger. */
    public RunRecord(String id, String dataflow, String name, boolean dryRun, String status, Instant startedAt,
            @Nullable Instant finishedAt, String startState, @Nullable String endState, @Nullable String error,
            @Nullable RunOwner owner) {
        this(id, dataflow, name, dryRun, status, startedAt, finishedAt, startState, endState, error, owner, null,
                null);
    }

    /** A record without summary. */
    public RunRecord(String id, String dataflow, String name, boolean dryRun, String status, Instant startedAt,
            @Nullable Instant finishedAt, @Nullable String startState, @Nullable String endState,
            @Nullable String error, @Nullable RunOwner owner, @Nullable String trigger) {
        this(id, dataflow, name, dryRun, status, startedAt, finishedAt, startState, endState, error, owner, trigger,
                null);
    }

    /** This record ended: with {@code status} at {@code finishedAt}, its end state and its error. */
    public RunRecord finished(String status, Instant finishedAt, @Nullable String endState, @Nullable String error) {
        return finished(status, finishedAt, endState, error, null);
    }

    /** This record ended: with {@code status} at {@code finishedAt}, its end state, its error and its summary. */
    public RunRecord finished(String status, Instant finishedAt, @Nullable String endState, @Nullable String error,
            @Nullable String summary) {
        return new RunRecord(id, dataflow, name, dryRun, status, startedAt, finishedAt, startState, endState, error,
                owner, trigger, summary);
    }
}
