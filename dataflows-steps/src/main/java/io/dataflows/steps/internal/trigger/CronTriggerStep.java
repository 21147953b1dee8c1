package io.dataflows.steps.internal.trigger;

import io.dataflows.TriggerSpec;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.ConnectorStep;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.Outcome;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.StepValidation;
import io.dataflows.spi.TriggerStep;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code trigger_cron}: the scheduler starts the dataflow at the times of a crontab schedule, given as the five
 * fields {@code minute}, {@code hour}, {@code day}, {@code month} and {@code dayofweek} (each {@code *} when absent)
 * or as one {@code schedule} text ({@code *}{@code /5 * * * *}), never both. Each field takes the Unix crontab
 * syntax — {@code *}, {@code N}, {@code *}{@code /N}, {@code N,N}, {@code N-N} (also {@code N-N/S} and month and
 * weekday names) — with the ranges minute 0–59, hour 0–23, day 1–31, month 1–12, dayofweek 0–7 (0 and 7 are
 * Sunday); when both day and dayofweek are restricted, a day matching either matches (as cron does). The schedule is parsed by
 * cron-utils; its times are computed in {@code timezone} (an IANA id), by default the zone of the engine's clock
 * ({@code DataflowEngine.Builder.clock}, UTC by default), with changes of the clocks handled as
 * {@link CrontabSchedule} says.
 *
 * <p>A run that ends aborted is retried {@code retryinterval} seconds later, up to {@code retrycount} times; then
 * the regular schedule resumes (the scheduler does it). Run as part of a run, the step does nothing.
 *
 * <p>Validation reports any invalid schedule as {@code Schedule configuration is invalid.} on {@code crontab} (the
 * key tool_dataflows uses), with the reason on the field.
 */
public final class CronTriggerStep implements ConnectorStep, TriggerStep {

    static final String RETRY_INTERVAL_NEGATIVE = "Retry interval must be positive or 0";
    static final String RETRY_COUNT_NEGATIVE = "Number of retries must be positive or 0";
    static final String RETRY_COUNT_TOO_LARGE = "Number of retries must be at most " + Integer.MAX_VALUE;

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("minute", FieldType.STRING).defaultValue("*")
                    .describe("Crontab minute: *, N, */N, N,N or N-N with N from 0 to 59"))
            .field(ConfigField.of("hour", FieldType.STRING).defaultValue("*")
                    .describe("Crontab hour: *, N, */N, N,N or N-N with N from 0 to 23"))
            .field(ConfigField.of("day", FieldType.STRING).defaultValue("*")
                    .describe("Crontab day of the month: *, N, */N, N,N or N-N with N from 1 to 31"))
            .field(ConfigField.of("month", FieldType.STRING).defaultValue("*")
                    .describe("Crontab month: *, N, */N, N,N or N-N with N from 1 to 12"))
            .field(ConfigField.of("dayofweek", FieldType.STRING).defaultValue("*")
                    .describe("Crontab day of the week: *, N, */N, N,N or N-N with N from 0 (Sunday) to 7 (Sunday)"))
            .field(ConfigField.of("schedule", FieldType.STRING)
                    .describe("The five fields in one text (*/5 * * * *), instead of minute, hour, day, month and "
                            + "dayofweek"))
            .field(ConfigField.of("retryinterval", FieldType.INTEGER).defaultValue(0L)
                    .describe("Seconds after an aborted run before it is retried; 0 or more"))
            .field(ConfigField.of("retrycount", FieldType.INTEGER).defaultValue(0L)
                    .describe("How many times an aborted run is retried before the regular schedule resumes; 0 or "
                            + "more"))
            .field(ConfigField.of("timezone", FieldType.STRING)
                    .describe("The IANA time zone the schedule is read in (Europe/Berlin); default: the zone of the "
                            + "engine's clock"))
            .build();

    @Override
    public String id() {
        return "trigger_cron";
    }

    @Override
    public StepKind kind() {
        return StepKind.CONNECTOR;
    }

    @Override
    public String displayName() {
        return "Cron";
    }

    @Override
    public String description() {
        return "Starts the dataflow on a crontab schedule, retrying aborted runs; in a run it does nothing.";
    }

    @Override
    public ConfigSchema configSchema() {
        return CONFIG;
    }

    @Override
    public void validate(StepValidation validation) {
        Map<String, Object> config = validation.config();
        List<String> scheduleFields = new ArrayList<>(Crontab.FIELDS);
        scheduleFields.add("schedule");
        if (scheduleFields.stream().allMatch(validation::isStatic)) {
            for (Crontab.Problem p : Crontab.read(config).problems()) {
                validation.problem(p.field(), p.message());
            }
        }
        if (validation.isStatic("retryinterval")) {
            Long interval = WholeNumber.of(config.get("retryinterval"), 0);
            if (interval != null && interval < 0) {
                validation.problem("retryinterval", RETRY_INTERVAL_NEGATIVE);
            }
        }
        if (validation.isStatic("retrycount")) {
            String problem = retryCountProblem(WholeNumber.of(config.get("retrycount"), 0));
            if (problem != null) {
                validation.problem("retrycount", problem);
            }
        }
        if (validation.isStatic("timezone")) {
            try {
                Crontab.zone(config.get("timezone"), ZoneOffset.UTC);
            } catch (IllegalArgumentException e) {
                validation.problem("timezone", e.getMessage());
            }
        }
    }

    private static String retryCountProblem(Long count) {
        if (count == null) {
            return null; // not a whole number: the schema says so
        }
        return count < 0 ? RETRY_COUNT_NEGATIVE : count > Integer.MAX_VALUE ? RETRY_COUNT_TOO_LARGE : null;
    }

    @Override
    public TriggerSpec trigger(String alias, Map<String, Object> config, ZoneId zone) {
        Crontab.Reading schedule = Crontab.read(config);
        if (schedule.expression() == null) {
            List<String> messages = new ArrayList<>();
            schedule.problems().forEach(p -> messages.add(p.message()));
            throw new IllegalArgumentException(String.join(" ", messages));
        }
        ZoneId in = Crontab.zone(config.get("timezone"), zone);
        Long interval = WholeNumber.of(config.get("retryinterval"), 0);
        if (interval == null) {
            throw new IllegalArgumentException("Config 'retryinterval' is invalid. It must be a whole number.");
        }
        if (interval < 0) {
            throw new IllegalArgumentException(RETRY_INTERVAL_NEGATIVE);
        }
        Long count = WholeNumber.of(config.get("retrycount"), 0);
        if (count == null) {
            throw new IllegalArgumentException("Config 'retrycount' is invalid. It must be a whole number.");
        }
        String problem = retryCountProblem(count);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return new TriggerSpec.Cron(alias, CrontabSchedule.parse(schedule.expression(), in),
                Duration.ofSeconds(interval), count.intValue());
    }

    /** The schedule is the scheduler's: a run has nothing to do here. */
    @Override
    public Outcome run(StepContext context) {
        return Outcome.CONTINUE;
    }
}
