package io.dataflows.steps;

import io.dataflows.StepSpec;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A {@code trigger_cron} step: {@code Steps.cronTrigger("0 2 * * *").timezone(ZoneId.of("Europe/Berlin"))
 * .retry(Duration.ofMinutes(5), 3)}.
 *
 * <p>Immutable: every method returns a new definition. {@link #toString} shows the type and config keys only.
 */
public final class CronTriggerSpec extends TypedSpec<CronTriggerSpec> {

    CronTriggerSpec(StepSpec spec) {
        super(spec);
    }

    @Override
    protected CronTriggerSpec copy(StepSpec spec) {
        return new CronTriggerSpec(spec);
    }

    /** Reads the schedule in {@code zone} ({@code timezone}) rather than in the zone of the engine's clock. */
    public CronTriggerSpec timezone(ZoneId zone) {
        return new CronTriggerSpec(spec.with("timezone", Objects.requireNonNull(zone, "zone").getId()));
    }

    /**
     * Retries a run that ended aborted {@code interval} later ({@code retryinterval}, whole seconds), up to
     * {@code count} times ({@code retrycount}); then the regular schedule resumes.
     *
     * @throws IllegalArgumentException if {@code interval} is negative or not whole seconds, or {@code count} is
     *     negative
     */
    public CronTriggerSpec retry(Duration interval, int count) {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.getNano() != 0) {
            throw new IllegalArgumentException("the retry interval must be whole seconds, 0 or more: " + interval);
        }
        if (count < 0) {
            throw new IllegalArgumentException("the retry count must be 0 or more: " + count);
        }
        return new CronTriggerSpec(spec.with("retryinterval", interval.getSeconds()).with("retrycount", (long) count));
    }
}
