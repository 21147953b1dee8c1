package io.dataflows.scheduler.internal;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * What a scheduler knows of one registered dataflow, across the versions registered under its name: the current
 * version, and the runs its triggers asked for that have not ended. Fields other than {@link #registration} are
 * guarded by the instance's monitor unless
 * marked otherwise.
 */
final class FlowState {

    final String name;
    volatile Registration registration;
    /** Runs asked for by this scheduler's triggers, queued or running. */
    final Set<TriggeredRunImpl> inFlight = new HashSet<>();
    /** Event runs wait until then after an event run aborted or was blocked; null: no wait. */
    volatile @Nullable Instant eventsNotBefore;
    /** A look at the queued events is planned on the control thread (set without the monitor: publishers). */
    final AtomicBoolean dispatchPlanned = new AtomicBoolean();
    /** Unregistered: nothing may be started or scheduled for it any more. */
    boolean removed;

    FlowState(Registration registration) {
        this.name = registration.name();
        this.registration = registration;
    }

    /** Whether a run asked for by this scheduler is queued or running. */
    boolean busy() {
        return !inFlight.isEmpty();
    }
}
