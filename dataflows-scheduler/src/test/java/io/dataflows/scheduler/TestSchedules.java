package io.dataflows.scheduler;

import io.dataflows.CronSchedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** Schedules and clocks for tests: cron parsing is the trigger steps' job, the scheduler only asks for times. */
final class TestSchedules {

    private TestSchedules() {}

    /** Matches every whole multiple of {@code seconds} since the epoch. */
    record EverySeconds(long seconds) implements CronSchedule {
        @Override
        public String expression() {
            return "every " + seconds + "s";
        }

        @Override
        public ZoneId zone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Optional<Instant> nextAfter(Instant time) {
            return Optional.of(Instant.ofEpochSecond(Math.floorDiv(time.getEpochSecond(), seconds) * seconds
                    + seconds));
        }
    }

    /** Matches the given instants only. */
    record At(List<Instant> times) implements CronSchedule {
        @Override
        public String expression() {
            return "at " + times;
        }

        @Override
        public ZoneId zone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Optional<Instant> nextAfter(Instant time) {
            return times.stream().filter(t -> t.isAfter(time)).sorted().findFirst();
        }
    }

    /** A clock that stands still until told to move. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
