package io.dataflows;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * A cron schedule in a time zone: the minutes at which a {@code trigger_cron} dataflow runs. Implementations are
 * immutable and thread-safe.
 */
public interface CronSchedule {

    /** The schedule in crontab form, five fields: {@code "*}{@code /5 * * * *"}. */
    String expression();

    /** The zone the fields are read in (a daily {@code 0 2 * * *} is 02:00 there, across DST changes). */
    ZoneId zone();

    /** The first time strictly after {@code time} that the schedule matches; empty if it never matches again. */
    Optional<Instant> nextAfter(Instant time);
}
