package io.dataflows.spi;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /** Records the start of a run and gives it an id and a name (a sequence number per dataflow). */
    RunRecord startRun(String dataflow, boolean dryRun, Instant startedAt, String startState);

    /** Records the end of a run. */
    void finishRun(RunRecord run, String status, Instant finishedAt, String endState, String error);

    /** The runs of a dataflow, oldest first. */
    List<RunRecord> runs(String dataflow);

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
