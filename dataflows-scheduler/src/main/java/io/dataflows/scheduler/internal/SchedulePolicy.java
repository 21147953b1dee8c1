package io.dataflows.scheduler.internal;

import io.dataflows.CronSchedule;
import io.dataflows.RunStatus;
import io.dataflows.TriggerSpec;
import io.dataflows.spi.ScheduleState;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The scheduler's decisions about cron dataflows, without a timer: when a schedule fires next, what a firing missed
 * while no scheduler ran becomes, and whether an aborted run is retried. Pure functions of their arguments and the
 * clock; the rules are written down in {@code docs/scheduler.md}.
 */
public final class SchedulePolicy {

    private final Clock clock;

    /** A policy deciding by {@code clock}. */
    public SchedulePolicy(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Now, by the policy's clock. */
    public Instant now() {
        return clock.instant();
    }

    /**
     * Where a cron dataflow stands when a scheduler takes it on (registration, start-up), given what the state store
     * kept of it. A firing that was due while no scheduler ran ({@code nextRunAt} not after now) stays due: the timer
     * fires it at once, and only once however many times the schedule matched meanwhile. A retry due later is kept.
     * Otherwise the next regular time after now.
     */
    public ScheduleState atRegistration(CronSchedule schedule, @Nullable ScheduleState stored) {
        Instant now = now();
        Instant last = stored == null ? null : stored.lastRunAt();
        if (stored != null && stored.nextRunAt() != null
                && (!stored.nextRunAt().isAfter(now) || stored.retryNumber() > 0)) {
            return stored;
        }
        return new ScheduleState(last, schedule.nextAfter(now).orElse(null), 0);
    }

    /** True when the firing {@code state} holds was missed: it was due before now and fires late, at once. */
    public boolean isMissed(ScheduleState state) {
        return state.nextRunAt() != null && state.nextRunAt().isBefore(now());
    }

    /**
     * The regular firing after one that was due at {@code scheduledAt} fired: the first time the schedule matches
     * after both {@code scheduledAt} and now — a late firing does not make the schedule catch up on the times it
     * passed, and a timer that fires a little early does not fire the same time twice. The retry number returns to
     * 0; {@code lastRunAt} is kept (it moves when a run starts, {@link #runStarted}).
     */
    public ScheduleState afterFiring(CronSchedule schedule, @Nullable ScheduleState current, Instant scheduledAt) {
        Instant now = now();
        Instant base = now.isAfter(scheduledAt) ? now : scheduledAt;
        return new ScheduleState(current == null ? null : current.lastRunAt(), schedule.nextAfter(base).orElse(null),
                0);
    }

    /** The state once a firing started a run at {@code startedAt}. */
    public ScheduleState runStarted(@Nullable ScheduleState current, Instant startedAt) {
        return current == null ? new ScheduleState(startedAt, null, 0)
                : new ScheduleState(startedAt, current.nextRunAt(), current.retryNumber());
    }

    /**
     * The retry of a run that ended with {@code status}, started by a firing that was the {@code retryOfRun}-th
     * retry (0: a regular firing): when the run aborted and fewer than the trigger's retry count of retries were
     * made, the next firing is the retry, {@code retryInterval} after now, replacing the regular time. Empty
     * otherwise: the schedule stays as the firing left it (the regular one).
     */
    public Optional<ScheduleState> afterRun(TriggerSpec.Cron trigger, @Nullable ScheduleState current,
            RunStatus status, int retryOfRun) {
        if (status != RunStatus.ABORTED || retryOfRun >= trigger.retryCount()) {
            return Optional.empty();
        }
        return Optional.of(new ScheduleState(current == null ? null : current.lastRunAt(),
                now().plus(trigger.retryInterval()), retryOfRun + 1));
    }
}
