package io.dataflows.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.RunStatus;
import io.dataflows.TriggerSpec;
import io.dataflows.scheduler.TestSchedules.At;
import io.dataflows.scheduler.TestSchedules.EverySeconds;
import io.dataflows.scheduler.TestSchedules.MutableClock;
import io.dataflows.scheduler.internal.ConditionLog;
import io.dataflows.scheduler.internal.ConditionLog.Condition;
import io.dataflows.scheduler.internal.SchedulePolicy;
import io.dataflows.spi.ScheduleState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scheduler's decisions against a clock that stands still: next firings, misfires, retries, logged once. */
class SchedulePolicyTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final EverySeconds EVERY_MINUTE = new EverySeconds(60);

    private final MutableClock clock = new MutableClock(T0.plusSeconds(20));
    private final SchedulePolicy policy = new SchedulePolicy(clock);

    private static TriggerSpec.Cron cron(long retrySeconds, int retryCount) {
        return new TriggerSpec.Cron("cron", EVERY_MINUTE, Duration.ofSeconds(retrySeconds), retryCount);
    }

    @Test
    void aNewScheduleFiresAtTheFirstMatchAfterNow() {
        assertThat(policy.atRegistration(EVERY_MINUTE, null))
                .isEqualTo(new ScheduleState(null, T0.plusSeconds(60), 0));
        clock.set(T0);
        assertThat(policy.atRegistration(EVERY_MINUTE, null).nextRunAt()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void aStoredFutureTimeIsRecomputedSoThatAChangedScheduleTakesEffect() {
        ScheduleState stored = new ScheduleState(T0, T0.plusSeconds(3600), 0);
        assertThat(policy.atRegistration(EVERY_MINUTE, stored)).isEqualTo(new ScheduleState(T0, T0.plusSeconds(60),
                0));
    }

    @Test
    void aFiringMissedWhileNoSchedulerRanIsDueOnceAtStartUp() {
        ScheduleState stored = new ScheduleState(T0.minusSeconds(7200), T0.minusSeconds(3600), 0);
        clock.set(T0);

        ScheduleState due = policy.atRegistration(EVERY_MINUTE, stored);

        assertThat(due).isEqualTo(stored);
        assertThat(policy.isMissed(due)).isTrue();
        // It fires (late) once; the next firing is the first match after now, not one per minute missed.
        ScheduleState next = policy.afterFiring(EVERY_MINUTE, due, due.nextRunAt());
        assertThat(next).isEqualTo(new ScheduleState(T0.minusSeconds(7200), T0.plusSeconds(60), 0));
    }

    @Test
    void aFiringDueExactlyNowIsNotMissed() {
        clock.set(T0);
        ScheduleState due = policy.atRegistration(EVERY_MINUTE, new ScheduleState(null, T0, 0));
        assertThat(due.nextRunAt()).isEqualTo(T0);
        assertThat(policy.isMissed(due)).isFalse();
    }

    @Test
    void aPendingRetryIsKeptAtRegistration() {
        ScheduleState stored = new ScheduleState(T0, T0.plusSeconds(25), 2);
        assertThat(policy.atRegistration(EVERY_MINUTE, stored)).isEqualTo(stored);
    }

    @Test
    void afterAFiringTheNextRegularTimeFollowsBothTheDueTimeAndNow() {
        ScheduleState current = new ScheduleState(T0.minusSeconds(60), T0, 0);
        clock.set(T0.plusMillis(5));
        assertThat(policy.afterFiring(EVERY_MINUTE, current, T0))
                .isEqualTo(new ScheduleState(T0.minusSeconds(60), T0.plusSeconds(60), 0));
        // A timer a little early (now before the due time) does not fire the due time twice.
        clock.set(T0.minusMillis(3));
        assertThat(policy.afterFiring(EVERY_MINUTE, current, T0).nextRunAt()).isEqualTo(T0.plusSeconds(60));
        // A late firing does not catch up on the times it passed.
        clock.set(T0.plusSeconds(185));
        assertThat(policy.afterFiring(EVERY_MINUTE, current, T0).nextRunAt()).isEqualTo(T0.plusSeconds(240));
    }

    @Test
    void aScheduleThatNeverMatchesAgainHasNoNextTime() {
        At once = new At(List.of(T0.plusSeconds(30)));
        assertThat(policy.atRegistration(once, null).nextRunAt()).isEqualTo(T0.plusSeconds(30));
        clock.set(T0.plusSeconds(30));
        assertThat(policy.afterFiring(once, null, T0.plusSeconds(30))).isEqualTo(new ScheduleState(null, null, 0));
    }

    @Test
    void aStartedRunMovesTheLastRunTimeOnly() {
        ScheduleState current = new ScheduleState(null, T0.plusSeconds(60), 0);
        assertThat(policy.runStarted(current, T0.plusSeconds(1)))
                .isEqualTo(new ScheduleState(T0.plusSeconds(1), T0.plusSeconds(60), 0));
        assertThat(policy.runStarted(null, T0)).isEqualTo(new ScheduleState(T0, null, 0));
    }

    @Test
    void anAbortedRunIsRetriedUpToTheRetryCountThenTheRegularScheduleResumes() {
        TriggerSpec.Cron trigger = cron(10, 2);
        ScheduleState regular = new ScheduleState(T0, T0.plusSeconds(60), 0);
        clock.set(T0.plusSeconds(3));

        ScheduleState first = policy.afterRun(trigger, regular, RunStatus.ABORTED, 0).orElseThrow();
        assertThat(first).isEqualTo(new ScheduleState(T0, T0.plusSeconds(13), 1));

        // The retry fires at +13 s; its run starts, aborts at +15 s.
        clock.set(T0.plusSeconds(13));
        ScheduleState afterRetry = policy.runStarted(policy.afterFiring(EVERY_MINUTE, first, first.nextRunAt()),
                T0.plusSeconds(13));
        assertThat(afterRetry).isEqualTo(new ScheduleState(T0.plusSeconds(13), T0.plusSeconds(60), 0));
        clock.set(T0.plusSeconds(15));
        ScheduleState second = policy.afterRun(trigger, afterRetry, RunStatus.ABORTED, 1).orElseThrow();
        assertThat(second).isEqualTo(new ScheduleState(T0.plusSeconds(13), T0.plusSeconds(25), 2));

        // The second retry aborts too: no third, the regular time the firing computed stands.
        clock.set(T0.plusSeconds(25));
        ScheduleState afterSecond = policy.afterFiring(EVERY_MINUTE, second, second.nextRunAt());
        assertThat(afterSecond).isEqualTo(new ScheduleState(T0.plusSeconds(13), T0.plusSeconds(60), 0));
        assertThat(policy.afterRun(trigger, afterSecond, RunStatus.ABORTED, 2)).isEmpty();

        // The next regular run aborting starts the count again.
        clock.set(T0.plusSeconds(61));
        assertThat(policy.afterRun(trigger, afterSecond, RunStatus.ABORTED, 0))
                .contains(new ScheduleState(T0.plusSeconds(13), T0.plusSeconds(71), 1));
    }

    @Test
    void onlyAbortedRunsAreRetried() {
        TriggerSpec.Cron trigger = cron(0, 3);
        ScheduleState regular = new ScheduleState(T0, T0.plusSeconds(60), 0);
        for (RunStatus status : List.of(RunStatus.FINALISED, RunStatus.CANCELLED, RunStatus.BLOCKED)) {
            assertThat(policy.afterRun(trigger, regular, status, 0)).as(status.label()).isEmpty();
        }
        // A zero interval retries at once; no retry count, no retry.
        assertThat(policy.afterRun(trigger, regular, RunStatus.ABORTED, 0))
                .contains(new ScheduleState(T0, clock.instant(), 1));
        assertThat(policy.afterRun(cron(5, 0), regular, RunStatus.ABORTED, 0)).isEmpty();
    }

    @Test
    void aConditionIsLoggedWhenItChangesOnly() {
        ConditionLog log = new ConditionLog();
        assertThat(log.changed("a", Condition.READY, "")).as("ready when first seen: nothing to say").isFalse();
        assertThat(log.changed("a", Condition.DISABLED, "")).isTrue();
        assertThat(log.changed("a", Condition.DISABLED, "")).isFalse();
        assertThat(log.changed("a", Condition.DISABLED, "")).isFalse();
        assertThat(log.changed("a", Condition.INVALID, "step x: bad")).isTrue();
        assertThat(log.changed("a", Condition.INVALID, "step x: bad")).isFalse();
        assertThat(log.changed("a", Condition.INVALID, "step y: worse")).as("other problems").isTrue();
        assertThat(log.changed("a", Condition.READY, "")).as("back to ready").isTrue();
        assertThat(log.changed("b", Condition.INVALID, "p")).as("invalid when first seen").isTrue();
        log.forget("a");
        assertThat(log.changed("a", Condition.DISABLED, "")).isTrue();
    }
}
