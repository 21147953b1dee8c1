package io.dataflows.internal.store;

import io.dataflows.internal.util.JsonValues;
import io.dataflows.spi.RunOwner;
import io.dataflows.spi.RunRecord;
import io.dataflows.spi.StateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Keeps state in memory for the life of the engine; the lock is per JVM. Thread-safe. Its runs end with the process
 * that runs them, so it never holds the run of a dead process ({@link #abortDeadRuns} finds none).
 */
public final class MemoryStateStore implements StateStore {

    private final Map<String, Map<String, Object>> variables = new HashMap<>();
    private final Map<String, Object> stepState = new HashMap<>();
    private final Map<String, List<RunRecord>> runs = new HashMap<>();
    private final Map<String, Object> locks = new HashMap<>();

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
    public synchronized RunRecord startRun(String dataflow, boolean dryRun, Instant startedAt, String startState,
            RunOwner owner) {
        List<RunRecord> list = runs.computeIfAbsent(dataflow, k -> new ArrayList<>());
        RunRecord r = new RunRecord(UUID.randomUUID().toString(), dataflow, String.valueOf(list.size() + 1), dryRun,
                "processing", startedAt, null, startState, null, null, owner);
        list.add(r);
        return r;
    }

    @Override
    public synchronized void finishRun(RunRecord run, String status, Instant finishedAt, String endState,
            String error) {
        List<RunRecord> list = runs.get(run.dataflow());
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).id().equals(run.id())) {
                list.set(i, list.get(i).finished(status, finishedAt, endState, error));
            }
        }
    }

    @Override
    public synchronized List<RunRecord> runs(String dataflow) {
        return List.copyOf(runs.getOrDefault(dataflow, List.of()));
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
