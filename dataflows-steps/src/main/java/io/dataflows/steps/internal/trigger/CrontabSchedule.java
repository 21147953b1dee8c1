package io.dataflows.steps.internal.trigger;

import com.cronutils.model.Cron;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.field.CronFieldName;
import com.cronutils.model.field.expression.Always;
import com.cronutils.model.field.expression.Every;
import com.cronutils.model.field.expression.FieldExpression;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.dataflows.CronSchedule;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.Objects;
import java.util.Optional;

/**
 * A five-field Unix crontab schedule in a time zone, parsed by cron-utils ({@code CronType.UNIX}), whose
 * {@code ExecutionTime} computes the next times in the zone. Immutable and thread-safe.
 *
 * <p><b>Changes of the clocks</b> follow Vixie cron. A schedule whose minute and hour are fixed (a daily
 * {@code 30 2 * * *}) fires once per matching wall-clock time: a time the clocks skip when they go forward fires at
 * the moment they jump (02:30 on the spring-forward day of Europe/Berlin fires at 03:00 CEST), and a time that
 * occurs twice when they go back fires at its first occurrence only. A schedule whose minute or hour is {@code *}
 * or {@code *}{@code /N} runs by real time: nothing is moved, so on the spring-forward day the skipped times do not
 * fire, and in the repeated hour both occurrences do.
 */
final class CrontabSchedule implements CronSchedule {

    private static final CronParser PARSER =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(com.cronutils.model.CronType.UNIX));

    /** A bound on the zone transitions looked at for one next time (they come twice a year at most). */
    private static final int MAX_TRANSITIONS = 1_000;

    private final String expression;
    private final ZoneId zone;
    private final ExecutionTime times;
    private final boolean realTime;

    private CrontabSchedule(String expression, ZoneId zone, Cron cron) {
        this.expression = expression;
        this.zone = zone;
        this.times = ExecutionTime.forCron(cron);
        this.realTime = isWildcard(cron.retrieve(CronFieldName.MINUTE).getExpression())
                || isWildcard(cron.retrieve(CronFieldName.HOUR).getExpression());
    }

    /**
     * Parses a five-field Unix crontab expression.
     *
     * @throws IllegalArgumentException with cron-utils' reason when it is not one
     */
    static CrontabSchedule parse(String expression, ZoneId zone) {
        return new CrontabSchedule(expression, Objects.requireNonNull(zone, "zone"), parseCron(expression));
    }

    /** The parsed expression, checked. @throws IllegalArgumentException with the reason when it is invalid */
    static Cron parseCron(String expression) {
        try {
            return PARSER.parse(expression).validate();
        } catch (IllegalArgumentException e) {
            String reason = e.getMessage() == null ? "unreadable" : e.getMessage();
            throw new IllegalArgumentException(reason.replaceFirst("^Failed to parse cron expression\\. ", ""), e);
        }
    }

    /** {@code *} or {@code *}{@code /N}. */
    private static boolean isWildcard(FieldExpression e) {
        return e instanceof Always || e instanceof Every && ((Every) e).getExpression() instanceof Always;
    }

    @Override
    public String expression() {
        return expression;
    }

    @Override
    public ZoneId zone() {
        return zone;
    }

    @Override
    public Optional<Instant> nextAfter(Instant time) {
        Optional<ZonedDateTime> next = times.nextExecution(time.atZone(zone));
        if (realTime || next.isEmpty()) {
            return next.map(ZonedDateTime::toInstant);
        }
        for (int i = 0; i < MAX_TRANSITIONS && next.isPresent() && isRepeat(next.get(), time); i++) {
            next = times.nextExecution(next.get());
        }
        if (next.isEmpty()) {
            return Optional.empty();
        }
        Instant regular = next.get().toInstant();
        ZoneOffsetTransition t = zone.getRules().nextTransition(time);
        for (int i = 0; i < MAX_TRANSITIONS && t != null && t.getInstant().isBefore(regular); i++) {
            if (t.isGap() && matchesInGap(t)) {
                return Optional.of(t.getInstant());
            }
            t = zone.getRules().nextTransition(t.getInstant());
        }
        return Optional.of(regular);
    }

    /** True for the second occurrence of a wall-clock time whose first occurrence is not after {@code time}. */
    private static boolean isRepeat(ZonedDateTime candidate, Instant time) {
        ZonedDateTime first = candidate.withEarlierOffsetAtOverlap();
        return !first.equals(candidate) && !first.toInstant().isAfter(time);
    }

    /** Whether the schedule matches a wall-clock time the transition skips. */
    private boolean matchesInGap(ZoneOffsetTransition t) {
        ZonedDateTime beforeGap = t.getDateTimeBefore().minusSeconds(1).atZone(t.getOffsetBefore());
        Optional<ZonedDateTime> match = times.nextExecution(beforeGap);
        return match.isPresent() && match.get().toLocalDateTime().isBefore(t.getDateTimeAfter());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CrontabSchedule other && other.expression.equals(expression) && other.zone.equals(zone);
    }

    @Override
    public int hashCode() {
        return expression.hashCode() * 31 + zone.hashCode();
    }

    @Override
    public String toString() {
        return expression + " (" + zone + ")";
    }
}
