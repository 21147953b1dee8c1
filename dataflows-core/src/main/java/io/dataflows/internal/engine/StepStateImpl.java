package io.dataflows.internal.engine;

import io.dataflows.internal.util.JsonValues;
import io.dataflows.spi.StateStore;
import io.dataflows.spi.StepState;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Per-step persistent state; a dry run keeps its writes in memory for the run only. */
final class StepStateImpl implements StepState {

    private final StateStore store;
    private final String dataflow;
    private final String step;
    private final boolean dryRun;
    private final Map<String, Object> local = new HashMap<>();

    StepStateImpl(StateStore store, String dataflow, String step, boolean dryRun) {
        this.store = store;
        this.dataflow = dataflow;
        this.step = step;
        this.dryRun = dryRun;
    }

    @Override
    public Optional<Object> get(String key) {
        if (local.containsKey(key)) {
            return Optional.ofNullable(local.get(key));
        }
        return store.stepState(dataflow, step, key);
    }

    @Override
    public void put(String key, Object value) {
        Object copy = JsonValues.frozenCopy(value);
        local.put(key, copy);
        if (!dryRun) {
            store.putStepState(dataflow, step, key, copy);
        }
    }
}
