package io.dataflows.internal.store;

import io.dataflows.internal.util.JsonValues;
import io.dataflows.spi.QueuedEvent;
import io.dataflows.spi.RunOwner;
import io.dataflows.spi.RunRecord;
import io.dataflows.spi.ScheduleState;
import io.dataflows.spi.StateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Keeps state in memory for the life of the engine; the lock is per JVM. Thread-safe. Its runs end with the process
 * that runs them, so it never holds the run of a dead process ({@link #abortDeadRuns} finds none).
 *
 * <p>It keeps {@value #RUNS_KEPT} runs of each dataflow, forgetting the oldest finished ones, so that an engine that
 * runs a dataflow again and again (a schedule, a worker of a distributed run) does not grow without bound; runs
 * still processing are always kept. Runs keep their sequence numbers.
 */
public final class MemoryStateStore implements StateStore {

    /** How many runs of each dataflow are kept. */
    public static final int RUNS_KEPT = 1000;

    private final Map<String, Map<String, Object>> variables = new HashMap<>();
    private final Map<String, Object> stepState = new HashMap<>();
    /** Per dataflow, its runs by id, oldest first. */
    private final Map<String, LinkedHashMap<String, RunRecord>> runs = new HashMap<>();
    private final Map<String, Long> started = new HashMap<>();
    private final Map<String, Object> locks = new HashMap<>();
    private final Map<Long, QueuedEvent> events = new TreeMap<>();
    private final Map<String, ScheduleState> schedules = new HashMap<>();
    private long lastEventId;

    @Override
    @SuppressWarnings("unchecked")
    public synchronized Map<String, Object> loadVariables(String dataflow) {
        Map<String, Object> v = variables.get(dataflow);
        return v == null ? new LinkedHashMap<>() : (Map<String, Object>) JsonValues.mutableCopy(v);
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized void saveVariables(String dataflow, Map<String, Object> vars) {
        variables.put(dataflow, (Map<String, Object>) JsonValues.mutableCopy(vars));
    }

    @Override
    public synchronized Optional<Object> stepState(String dataflow, String step, String key) {
        return Optional.ofNullable(stepState.get(dataflow + "\u0000" + step + "\u0000" + key));
    }

    @Override
    public synchronized void putStepState(String dataflow, String step, String key, Object value) {
        stepState.put(dataflow + "\u0000" + step + "\u0000" + key, JsonValues.frozenCopy(value));
    }

    @Override
    public RunRecord startRun(String dataflow, boolean dryRun, Instant startedAt, String startState,
            RunOwner owner) {
        return startRun(dataflow, dryRun, startedAt, startState, owner, null);
    }

    @Override
    public synchronized RunRecord startRun(String dataflow, boolean dryRun, Instant startedAt, String startState,
            RunOwner owner, String trigger) {
        long sequence = started.merge(dataflow, 1L, Long::sum);
        RunRecord r = new RunRecord(UUID.randomUUID().toString(), dataflow, String.valueOf(sequence), dryRun,
                "processing", startedAt, null, startState, null, null, owner, trigger);
        runs.computeIfAbsent(dataflow, k -> new LinkedHashMap<>()).put(r.id(), r);
        return r;
    }

    @Override
    public void finishRun(RunRecord run, String status, Instant finishedAt, String endState, String error) {
        finishRun(run, status, finishedAt, endState, error, null);
    }

    @Override
    public synchronized void finishRun(RunRecord run, String status, Instant finishedAt, String endState,
            String error, String summary) {
        LinkedHashMap<String, RunRecord> list = runs.get(run.dataflow());
        if (list == null) {
            return;
        }
        list.computeIfPresent(run.id(), (id, r) -> r.finished(status, finishedAt, endState, error, summary));
        forgetOldRuns(list);
    }

    /**
     * Drops the oldest finished runs while there are more than {@value #RUNS_KEPT}, giving up the events they had
     * claimed. Usually the oldest run has finished, so this costs one removal per run started.
     */
    private void forgetOldRuns(LinkedHashMap<String, RunRecord> list) {
        Iterator<RunRecord> it = list.values().iterator();
        while (list.size() > RUNS_KEPT && it.hasNext()) {
            RunRecord r = it.next();
            if (!"processing".equals(r.status())) {
                it.remove();
                unclaim(r.id());
            }
        }
    }

    private void unclaim(String runId) {
        for (Map.Entry<Long, QueuedEvent> e : events.entrySet()) {
            QueuedEvent event = e.getValue();
            if (runId.equals(event.claimedBy())) {
                e.setValue(new QueuedEvent(event.id(), event.dataflow(), event.eventName(), event.dataJson(),
                        event.publishedAt(), null));
            }
        }
    }

    @Override
    public synchronized List<RunRecord> runs(String dataflow) {
        LinkedHashMap<String, RunRecord> list = runs.get(dataflow);
        return list == null ? List.of() : List.copyOf(list.values());
    }

    @Override
    public synchronized List<RunRecord> recentRuns(String dataflow, int limit) {
        Limits.check(limit);
        List<RunRecord> all = new ArrayList<>();
        if (dataflow != null) {
            all.addAll(runs(dataflow));
        } else {
            runs.values().forEach(list -> all.addAll(list.values()));
        }
        all.sort(NEWEST_FIRST);
        return List.copyOf(all.subList(0, Math.min(limit, all.size())));
    }

    @Override
    public synchronized long enqueueEvent(String dataflow, String eventName, String dataJson, Instant publishedAt) {
        long id = ++lastEventId;
        events.put(id, new QueuedEvent(id, dataflow, eventName, dataJson, publishedAt, null));
        return id;
    }

    @Override
    public synchronized List<QueuedEvent> claimEvents(String dataflow, String runId, int limit) {
        Limits.check(limit);
        List<QueuedEvent> claimed = new ArrayList<>();
        Map<String, Boolean> processing = new HashMap<>(); // a run's status, looked up once per call
        for (Map.Entry<Long, QueuedEvent> e : events.entrySet()) {
            QueuedEvent event = e.getValue();
            if (claimed.size() >= limit) {
                break;
            }
            if (event.dataflow().equals(dataflow) && (event.claimedBy() == null
                    || !processing.computeIfAbsent(event.claimedBy(), this::isProcessing))) {
                QueuedEvent mine = new QueuedEvent(event.id(), dataflow, event.eventName(), event.dataJson(),
                        event.publishedAt(), runId);
                e.setValue(mine);
                claimed.add(mine);
            }
        }
        return claimed;
    }

    private boolean isProcessing(String runId) {
        for (LinkedHashMap<String, RunRecord> list : runs.values()) {
            RunRecord r = list.get(runId);
            if (r != null) {
                return "processing".equals(r.status());
            }
        }
        // A claim by a run this store never started (its id was given by a caller that has not started it yet)
        // stands: only a run known to have ended gives its events up.
        return true;
    }

    @Override
    public synchronized List<QueuedEvent> queuedEvents(String dataflow, long afterId, int limit) {
        Limits.check(limit);
        return events.values().stream().filter(e -> e.id() > afterId && e.dataflow().equals(dataflow)).limit(limit)
                .toList();
    }

    @Override
    public synchronized int settleEvents(String runId, boolean consumed) {
        int n = 0;
        for (Iterator<Map.Entry<Long, QueuedEvent>> it = events.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, QueuedEvent> e = it.next();
            QueuedEvent event = e.getValue();
            if (runId.equals(event.claimedBy())) {
                n++;
                if (consumed) {
                    it.remove();
                } else {
                    e.setValue(new QueuedEvent(event.id(), event.dataflow(), event.eventName(), event.dataJson(),
                            event.publishedAt(), null));
                }
            }
        }
        return n;
    }

    @Override
    public synchronized int clearEvents(String dataflow) {
        int before = events.size();
        events.values().removeIf(e -> e.dataflow().equals(dataflow));
        return before - events.size();
    }

    @Override
    public synchronized Optional<ScheduleState> schedule(String dataflow) {
        return Optional.ofNullable(schedules.get(dataflow));
    }

    @Override
    public synchronized void saveSchedule(String dataflow, ScheduleState state) {
        schedules.put(dataflow, Objects.requireNonNull(state, "state"));
    }

    @Override
    public synchronized boolean advanceSchedule(String dataflow, Instant due, ScheduleState next) {
        ScheduleState now = schedules.get(dataflow);
        if (now == null || !now.isNextDueAt(due)) {
            return false;
        }
        schedules.put(dataflow, java.util.Objects.requireNonNull(next, "next"));
        return true;
    }

    @Override
    public synchronized void deleteSchedule(String dataflow) {
        schedules.remove(dataflow);
    }

    @Override
    public synchronized Optional<Lock> tryLock(String dataflow) {
        if (locks.containsKey(dataflow)) {
            return Optional.empty();
        }
        Object token = new Object();
        locks.put(dataflow, token);
        return Optional.of(new Lock() {
            private boolean released;

            @Override
            public void close() {
                synchronized (MemoryStateStore.this) {
                    if (!released && locks.get(dataflow) == token) {
                        locks.remove(dataflow);
                    }
                    released = true;
                }
            }
        });
    }
}
