package io.dataflows.spi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Where the engine keeps what outlives a run: persisted dataflow variables, per-step state, run history, the run
 * lock, and for the scheduler the event queue and the state of schedules. Implementations: in memory ({@code StateStores.inMemory()}, the library default), a directory
 * ({@code StateStores.directory(path)}, shared by processes on one machine) and a database
 * ({@code StateStores.jdbc(dataSource)}, shared by processes on one machine or several).
 *
 * <p>Implementations must be thread-safe. Every write must be atomic (complete or not at all). Dataflows are
 * identified by name.
 */
public interface StateStore {

    /** The persisted {@code dataflow.vars} of a dataflow (empty when none); a mutable copy. */
    Map<String, Object> loadVariables(String dataflow);

    /** Replaces the persisted {@code dataflow.vars} of a dataflow. */
    void saveVariables(String dataflow, Map<String, Object> variables);

    /** A step's stored value for {@code key}. */
    Optional<Object> stepState(String dataflow, String step, String key);

    /** Stores a step's value for {@code key}. */
    void putStepState(String dataflow, String step, String key, Object value);

    /**
     * Records the start of a run and gives it an id and a name (a sequence number per dataflow).
     *
     * @param owner the process executing the run (kept so that a run whose process died can be told from one that
     *     is still going), or null
     */
    RunRecord startRun(String dataflow, boolean dryRun, Instant startedAt, String startState,
            @Nullable RunOwner owner);

    /** Like {@link #startRun(String, boolean, Instant, String, RunOwner)} without an owner. */
    default RunRecord startRun(String dataflow, boolean dryRun, Instant startedAt, String startState) {
        return startRun(dataflow, dryRun, startedAt, startState, null);
    }

    /**
     * Like {@link #startRun(String, boolean, Instant, String, RunOwner)}, recording what started the run
     * ({@link RunRecord#trigger()}). The engine calls this one. The default does not record the trigger: it calls
     * {@link #startRun(String, boolean, Instant, String, RunOwner)}; the stores the library ships record it.
     *
     * @param trigger the label of what started the run ({@code manual}, {@code cron}, ...), or null
     */
    default RunRecord startRun(String dataflow, boolean dryRun, Instant startedAt, String startState,
            @Nullable RunOwner owner, @Nullable String trigger) {
        return startRun(dataflow, dryRun, startedAt, startState, owner);
    }

    /** Records the end of a run. */
    void finishRun(RunRecord run, String status, Instant finishedAt, String endState, String error);

    /**
     * Like {@link #finishRun(RunRecord, String, Instant, String, String)}, keeping what the steps did
     * ({@link RunRecord#summary()}). The engine calls this one. The default does not keep the summary: it calls
     * {@link #finishRun(RunRecord, String, Instant, String, String)}; the stores the library ships keep it.
     *
     * @param summary the run's summary as a JSON object, or null
     */
    default void finishRun(RunRecord run, String status, Instant finishedAt, @Nullable String endState,
            @Nullable String error, @Nullable String summary) {
        finishRun(run, status, finishedAt, endState, error);
    }

    /** The runs of a dataflow, oldest first. */
    List<RunRecord> runs(String dataflow);

    /**
     * The latest {@code limit} runs of one dataflow, or of every dataflow when {@code dataflow} is null, newest
     * first: by start time, latest first; runs that started at the same instant by their number, highest first,
     * then by dataflow name. For a run history listing ({@code dataflows runs}); the records may lack their start
     * and end states (null), which {@link #runs} gives.
     *
     * <p>The default serves one dataflow from {@link #runs}; the stores the library ships serve all dataflows too.
     *
     * @param limit the most runs returned, at least 1
     * @throws IllegalArgumentException if {@code limit} is less than 1
     * @throws UnsupportedOperationException if {@code dataflow} is null and this store cannot list every
     *     dataflow's runs (the default)
     */
    default List<RunRecord> recentRuns(@Nullable String dataflow, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        if (dataflow == null) {
            throw new UnsupportedOperationException(getClass().getName() + " cannot list the runs of every dataflow");
        }
        List<RunRecord> runs = new ArrayList<>(runs(dataflow));
        runs.sort(NEWEST_FIRST);
        return List.copyOf(runs.subList(0, Math.min(limit, runs.size())));
    }

    /** The order of {@link #recentRuns}. */
    Comparator<RunRecord> NEWEST_FIRST = Comparator
            .comparing(RunRecord::startedAt, Comparator.reverseOrder())
            .thenComparing(r -> runNumber(r.name()), Comparator.reverseOrder())
            .thenComparing(RunRecord::dataflow);

    /** A run's name as a number, for ordering ({@code "12"} is 12); 0 when it is not one. */
    private static long runNumber(String name) {
        try {
            return Long.parseLong(name);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Ends the runs that can no longer end by themselves: every run of any dataflow still {@code processing} for
     * which {@code dead} is true is marked {@code aborted} with the error {@value RunRecord#PROCESS_DIED} and the end
     * time {@code at} — unless it ended in the meantime, which always wins. The records given to {@code dead} may
     * lack their start state.
     *
     * <p>The default does nothing: a store that lives and dies with its process (in memory) never holds the run of a
     * dead process.
     *
     * @return the runs marked aborted
     */
    default List<RunRecord> abortDeadRuns(Predicate<RunRecord> dead, Instant at) {
        return List.of();
    }

    // ---- event queue -------------------------------------------------------------------------------------------

    /**
     * Queues an event for a dataflow. When this returns, the event is kept as durably as the store keeps anything:
     * a store that outlives its process still has it after a crash.
     *
     * @param dataJson the event data, a JSON object
     * @return the event's id, increasing in publishing order
     * @throws UnsupportedOperationException if this store keeps no event queue (the default)
     */
    default long enqueueEvent(String dataflow, String eventName, String dataJson, Instant publishedAt) {
        throw new UnsupportedOperationException(getClass().getName() + " keeps no event queue");
    }

    /**
     * Claims up to {@code limit} queued events of a dataflow for a run, oldest first: events no run has claimed,
     * and events claimed by runs that are no longer {@code processing} (they ended without settling them, or their
     * process died). Two callers, in any processes sharing the store, never claim the same event. An event
     * claimed by a run the store does not know keeps its claim.
     *
     * @throws IllegalArgumentException if {@code limit} is less than 1
     * @throws UnsupportedOperationException if this store keeps no event queue (the default)
     */
    default List<QueuedEvent> claimEvents(String dataflow, String runId, int limit) {
        throw new UnsupportedOperationException(getClass().getName() + " keeps no event queue");
    }

    /**
     * Up to {@code limit} queued events of a dataflow, oldest first, claimed or not, without claiming them.
     *
     * @throws IllegalArgumentException if {@code limit} is less than 1
     */
    default List<QueuedEvent> queuedEvents(String dataflow, int limit) {
        return queuedEvents(dataflow, 0, limit);
    }

    /**
     * Up to {@code limit} queued events of a dataflow whose id is greater than {@code afterId}, oldest first,
     * claimed or not, without claiming them: a dry run reads the queue page by page this way. The default keeps no
     * queue and returns none.
     *
     * @throws IllegalArgumentException if {@code limit} is less than 1
     */
    default List<QueuedEvent> queuedEvents(String dataflow, long afterId, int limit) {
        return List.of();
    }

    /**
     * Settles the events a run claimed: deleted when {@code consumed} (the run finalised), otherwise returned to
     * the queue for a later run. The engine settles a run's events before it records the end of the run, so that
     * no other run claims them in between.
     *
     * @return how many events were settled
     */
    default int settleEvents(String runId, boolean consumed) {
        return 0;
    }

    /**
     * Deletes every queued event of a dataflow (the dataflow was removed, or its trigger listens to another event).
     *
     * @return how many were deleted
     */
    default int clearEvents(String dataflow) {
        return 0;
    }

    // ---- schedules ---------------------------------------------------------------------------------------------

    /** Where a scheduled dataflow stands; empty when it has no schedule. */
    default Optional<ScheduleState> schedule(String dataflow) {
        return Optional.empty();
    }

    /**
     * Records where a scheduled dataflow stands.
     *
     * @throws UnsupportedOperationException if this store keeps no schedules (the default)
     */
    default void saveSchedule(String dataflow, ScheduleState state) {
        throw new UnsupportedOperationException(getClass().getName() + " keeps no schedules");
    }

    /**
     * Takes the firing of a scheduled dataflow that was due at {@code due}: records {@code next} as where the schedule
     * stands, but only if the recorded next firing is still {@code due} (compared to the millisecond). Of the
     * schedulers sharing a store that fire the same due time, exactly one gets true and starts the run; the others
     * see that the schedule has moved on.
     *
     * <p>The default reads, compares and saves without excluding other callers: enough for a store no other process
     * shares. Stores shared by processes make the comparison and the write one atomic step, as the stores the
     * library ships do.
     *
     * @return true when this caller took the firing
     * @throws UnsupportedOperationException if this store keeps no schedules (the default {@link #saveSchedule})
     */
    default boolean advanceSchedule(String dataflow, Instant due, ScheduleState next) {
        if (!schedule(dataflow).map(s -> s.isNextDueAt(due)).orElse(false)) {
            return false;
        }
        saveSchedule(dataflow, next);
        return true;
    }

    /** Forgets a dataflow's schedule (it no longer has a cron trigger). */
    default void deleteSchedule(String dataflow) {}

    /**
     * Takes the run lock of a dataflow without waiting.
     *
     * @return the held lock, or empty when another run holds it
     */
    Optional<Lock> tryLock(String dataflow);

    /** A held run lock. */
    interface Lock extends AutoCloseable {
        /** Releases the lock; idempotent. */
        @Override
        void close();
    }
}
