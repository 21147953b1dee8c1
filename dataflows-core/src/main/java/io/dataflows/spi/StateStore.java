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
