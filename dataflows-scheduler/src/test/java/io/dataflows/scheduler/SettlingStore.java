package io.dataflows.scheduler;

import io.dataflows.spi.QueuedEvent;
import io.dataflows.spi.RunOwner;
import io.dataflows.spi.RunRecord;
import io.dataflows.spi.ScheduleState;
import io.dataflows.spi.StateStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A state store that settles a run's events as the run's end is recorded — consumed when it finalised, back in the
 * queue otherwise — before the record says the run ended. That is what the engine does at the end of every run once
 * the event queue is wired into it; until then the tests get it from this store, so that no other run can claim the
 * events of a run that ended in the moment before they are settled. Everything else is the wrapped store's.
 */
final class SettlingStore implements StateStore {

    private final StateStore store;

    SettlingStore(StateStore store) {
        this.store = store;
    }

    @Override
    public void finishRun(RunRecord run, String status, Instant finishedAt, String endState, String error) {
        store.settleEvents(run.id(), status.equals("finalised"));
        store.finishRun(run, status, finishedAt, endState, error);
    }

    @Override
    public Map<String, Object> loadVariables(String dataflow) {
        return store.loadVariables(dataflow);
    }

    @Override
    public void saveVariables(String dataflow, Map<String, Object> variables) {
        store.saveVariables(dataflow, variables);
    }

    @Override
    public Optional<Object> stepState(String dataflow, String step, String key) {
        return store.stepState(dataflow, step, key);
    }

    @Override
    public void putStepState(String dataflow, String step, String key, Object value) {
        store.putStepState(dataflow, step, key, value);
    }

    @Override
    public RunRecord startRun(String dataflow, boolean dryRun, Instant startedAt, String startState,
            @Nullable RunOwner owner) {
        return store.startRun(dataflow, dryRun, startedAt, startState, owner);
    }

    @Override
    public List<RunRecord> runs(String dataflow) {
        return store.runs(dataflow);
    }

    @Override
    public List<RunRecord> abortDeadRuns(Predicate<RunRecord> dead, Instant at) {
        return store.abortDeadRuns(dead, at);
    }

    @Override
    public long enqueueEvent(String dataflow, String eventName, String dataJson, Instant publishedAt) {
        return store.enqueueEvent(dataflow, eventName, dataJson, publishedAt);
    }

    @Override
    public List<QueuedEvent> claimEvents(String dataflow, String runId, int limit) {
        return store.claimEvents(dataflow, runId, limit);
    }

    @Override
    public List<QueuedEvent> queuedEvents(String dataflow, int limit) {
        return store.queuedEvents(dataflow, limit);
    }

    @Override
    public int settleEvents(String runId, boolean consumed) {
        return store.settleEvents(runId, consumed);
    }

    @Override
    public int clearEvents(String dataflow) {
        return store.clearEvents(dataflow);
    }

    @Override
    public Optional<ScheduleState> schedule(String dataflow) {
        return store.schedule(dataflow);
    }

    @Override
    public void saveSchedule(String dataflow, ScheduleState state) {
        store.saveSchedule(dataflow, state);
    }

    @Override
    public void deleteSchedule(String dataflow) {
        store.deleteSchedule(dataflow);
    }

    @Override
    public Optional<Lock> tryLock(String dataflow) {
        return store.tryLock(dataflow);
    }
}
