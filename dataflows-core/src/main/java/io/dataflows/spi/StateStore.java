package io.dataflows.spi;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Where the engine keeps what outlives a run: persisted dataflow variables, per-step state, run history and the
 * run lock. Implementations: in memory ({@code StateStores.inMemory()}, the library default), a directory
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

    /** Records the end of a run. */
    void finishRun(RunRecord run, String status, Instant finishedAt, String endState, String error);

    /** The runs of a dataflow, oldest first. */
    List<RunRecord> runs(String dataflow);

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
     * process died). Two callers, in any processes sharing the store, never claim the same event.
     *
     * @throws UnsupportedOperationException if this store keeps no event queue (the default)
     */
    default List<QueuedEvent> claimEvents(String dataflow, String runId, int limit) {
        throw new UnsupportedOperationException(getClass().getName() + " keeps no event queue");
    }

    /**
     * Up to {@code limit} queued events of a dataflow, oldest first, claimed or not, without claiming them (dry
     * runs read events this way).
     */
    default List<QueuedEvent> queuedEvents(String dataflow, int limit) {
        return List.of();
    }

    /**
     * Settles the events a run claimed: deleted when {@code consumed} (the run finalised), otherwise returned to
     * the queue for a later run.
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
