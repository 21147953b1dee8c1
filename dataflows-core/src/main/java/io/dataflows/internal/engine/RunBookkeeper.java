package io.dataflows.internal.engine;

import io.dataflows.Dataflow;
import io.dataflows.RunStatus;
import io.dataflows.Step;
import io.dataflows.internal.graph.FlowGraph;
import io.dataflows.internal.util.Json;
import io.dataflows.spi.RunRecord;
import io.dataflows.spi.StateStore;
import io.dataflows.spi.StepType;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's dealings with the state store outside its steps: the run lock of a non-concurrent dataflow, ending the
 * runs of dead processes, and the run record — its start, and its end whatever happens.
 */
final class RunBookkeeper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger("io.dataflows.run");

    private final StateStore store;
    private final Dataflow flow;
    private final boolean dryRun;
    private final String trigger;
    private StateStore.Lock lock;
    private RunRecord record;

    /** @param trigger the label of what started the run, recorded with it */
    RunBookkeeper(StateStore store, Dataflow flow, boolean dryRun, String trigger) {
        this.store = store;
        this.flow = flow;
        this.dryRun = dryRun;
        this.trigger = trigger;
    }

    /**
     * Takes the run lock unless the dataflow may run concurrently, then ends the runs of dead processes.
     *
     * @return false when another run holds the lock; nothing else happened then
     */
    boolean acquire(FlowGraph graph, Instant now, Duration wait, RunControl control) {
        if (!concurrencyAllowed(graph)) {
            lock = waitForLock(wait, control);
            if (lock == null) {
                return false;
            }
        }
        DeadRuns.sweep(store, flow.name(), lock != null, now);
        return true;
    }

    /**
     * Tries the lock until {@code wait} has passed, pausing 10 ms, then twice as long each time up to a second: a
     * lock held briefly is taken soon, one held for long costs few queries. The state stores have no blocking lock
     * with a timeout that works across processes, hence the polling.
     */
    private StateStore.Lock waitForLock(Duration wait, RunControl control) {
        long deadline = System.nanoTime() + wait.toNanos();
        long pause = 10;
        while (true) {
            StateStore.Lock taken = store.tryLock(flow.name()).orElse(null);
            long left = deadline - System.nanoTime();
            if (taken != null || left <= 0 || control.isStopRequested()) {
                return taken;
            }
            try {
                Thread.sleep(Math.min(pause, TimeUnit.NANOSECONDS.toMillis(left) + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            pause = Math.min(pause * 2, 1000);
        }
    }

    /**
     * Records a run that could not take the lock: it starts and ends {@code blocked} at once, so that it has an id
     * and a name like any run, and the history shows who was kept waiting.
     */
    RunRecord recordBlocked(Instant at, Map<String, Object> state) {
        record = store.startRun(flow.name(), dryRun, at, Json.write(state), DeadRuns.currentOwner(), trigger);
        finish(RunStatus.BLOCKED, at, state, "Dataflow '" + flow.name() + "' is locked by another run",
                RunSummary.nothingRan());
        return record;
    }

    /** A dataflow runs concurrently only if it says so and none of its steps forbids it. */
    private boolean concurrencyAllowed(FlowGraph graph) {
        if (!flow.isConcurrencyEnabled()) {
            return false;
        }
        for (Step s : flow.steps()) {
            StepType t = graph.type(s.alias()).orElse(null);
            if (t != null && t.concurrencyBlocker(s.config()).isPresent()) {
                return false;
            }
        }
        return true;
    }

    /** Records the start of the run with the variable tree it starts with. */
    RunRecord start(Instant started, Map<String, Object> startState) {
        record = store.startRun(flow.name(), dryRun, started, Json.write(startState), DeadRuns.currentOwner(),
                trigger);
        return record;
    }

    /**
     * Settles the events the run claimed from the queue: deleted when it ended {@code finalised}, returned to the
     * queue otherwise. Called before the end of the run is recorded: a run recorded as ended gives up its claims,
     * and another run could take the events in between. A store that fails is logged; the events then stay claimed
     * by a run that has ended, which makes them claimable again.
     */
    void settleEvents(boolean consumed) {
        try {
            int n = store.settleEvents(record.id(), consumed);
            log.debug("Run {} of dataflow '{}' {} {} queued events", record.name(), flow.name(),
                    consumed ? "consumed" : "returned", n);
        } catch (RuntimeException e) {
            log.error("Could not {} the queued events claimed by run {} of dataflow '{}'",
                    consumed ? "delete" : "return", record.name(), flow.name(), e);
        }
    }

    /** How often recording the end of a run is tried before the failure is logged. */
    static final int FINISH_ATTEMPTS = 3;

    /**
     * Records the end of the run and what its steps did. The outcome is already decided, so a store that fails is
     * not the run's failure; but a run whose end is not recorded stays {@code processing} in the history until it is
     * judged dead, so a failure (a lock held a moment too long by another process, a connection lost) is tried again
     * twice, after short pauses, before it is logged.
     */
    void finish(RunStatus status, Instant finished, Map<String, Object> endState, String error,
            Map<String, Object> summary) {
        String end = Json.write(endState);
        String steps = Json.write(summary);
        for (int attempt = 1; ; attempt++) {
            try {
                store.finishRun(record, status.label(), finished, end, error, steps);
                return;
            } catch (RuntimeException e) {
                if (attempt == FINISH_ATTEMPTS) {
                    log.error("Could not record the end of run {} of dataflow '{}'", record.name(), flow.name(), e);
                    return;
                }
                log.warn("Recording the end of run {} of dataflow '{}' failed (attempt {} of {}), trying again: {}",
                        record.name(), flow.name(), attempt, FINISH_ATTEMPTS, e.toString());
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt(); // a cancelled run still gets its last attempt
                }
            }
        }
    }

    /** Best effort: marks the run aborted after an {@link Error}; a failure to do so is ignored. */
    void finishAfterFatal(Instant finished, Error error) {
        try {
            store.finishRun(record, RunStatus.ABORTED.label(), finished, null,
                    "Run stopped by a fatal error of the Java runtime: " + error);
        } catch (RuntimeException | Error ignored) {
            log.debug("Could not record the end of run {} after a fatal error", record.name(), ignored);
        }
    }

    /** Releases the run lock, if taken. */
    @Override
    public void close() {
        if (lock != null) {
            lock.close();
            lock = null;
        }
    }
}
