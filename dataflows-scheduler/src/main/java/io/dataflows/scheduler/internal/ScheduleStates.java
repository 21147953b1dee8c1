package io.dataflows.scheduler.internal;

import io.dataflows.spi.ScheduleState;
import io.dataflows.spi.StateStore;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where cron dataflows stand, kept in the engine's state store. A store that keeps no schedules (a host's own store
 * without them) does not stop the scheduler: the states are then kept in memory, said once in the log, and lost with
 * the process — so a firing missed while no scheduler ran is not caught up, unless the timer is clustered on a
 * database (which keeps its own pending firings).
 */
final class ScheduleStates {

    private static final Logger log = LoggerFactory.getLogger("io.dataflows.scheduler");

    private final StateStore store;
    private final Map<String, ScheduleState> memory = new ConcurrentHashMap<>();
    private volatile boolean inMemory;

    ScheduleStates(StateStore store) {
        this.store = store;
    }

    Optional<ScheduleState> read(String dataflow) {
        return inMemory ? Optional.ofNullable(memory.get(dataflow)) : store.schedule(dataflow);
    }

    void save(String dataflow, ScheduleState state) {
        if (!inMemory) {
            try {
                store.saveSchedule(dataflow, state);
                return;
            } catch (UnsupportedOperationException e) {
                inMemory = true;
                log.warn("The state store {} keeps no schedules: the scheduler keeps them in memory, and a firing "
                        + "missed while no scheduler runs is not caught up after a restart",
                        store.getClass().getName());
            }
        }
        memory.put(dataflow, state);
    }

    /**
     * Takes the firing of {@code dataflow} due at {@code due} and records {@code next}, unless another scheduler
     * sharing the store took it first: false when the recorded next firing is already later than {@code due}.
     * A record that lags behind (a save that failed, a firing put by an older version) is taken over with a
     * comparison on what it says, so that of several schedulers exactly one takes the firing either way.
     */
    boolean take(String dataflow, Instant due, ScheduleState next) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<ScheduleState> now = read(dataflow);
            Instant recorded = now.map(ScheduleState::nextRunAt).orElse(null);
            if (recorded == null || inMemory) {
                // Nothing to compare with (no record, or a store without schedules): no other scheduler can
                // coordinate through it either.
                save(dataflow, next);
                return true;
            }
            if (recorded.toEpochMilli() > due.toEpochMilli()) {
                return false;
            }
            try {
                if (store.advanceSchedule(dataflow, recorded, next)) {
                    return true;
                }
            } catch (UnsupportedOperationException e) {
                save(dataflow, next);
                return true;
            }
        }
        return false;
    }

    void delete(String dataflow) {
        memory.remove(dataflow);
        if (!inMemory) {
            store.deleteSchedule(dataflow);
        }
    }
}
