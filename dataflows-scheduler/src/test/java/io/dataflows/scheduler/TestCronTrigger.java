package io.dataflows.scheduler;

import io.dataflows.CronSchedule;
import io.dataflows.TriggerSpec;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.ConnectorStep;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.Outcome;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.TriggerStep;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Test trigger {@code test_cron}: a schedule of every {@code every} seconds, or of the instants listed in
 * {@code times} (ISO-8601), retried after {@code retryms} milliseconds up to {@code retrycount} times. Stands in
 * for {@code trigger_cron}, whose crontab parsing the scheduler does not depend on.
 */
final class TestCronTrigger implements ConnectorStep, TriggerStep {

    static final String ID = "test_cron";

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("every", FieldType.INTEGER).describe("seconds between firings"))
            .field(ConfigField.of("times", FieldType.LIST).describe("instants to fire at"))
            .field(ConfigField.of("retryms", FieldType.INTEGER).describe("retry interval in milliseconds"))
            .field(ConfigField.of("retrycount", FieldType.INTEGER).describe("retries of an aborted run"))
            .build();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public StepKind kind() {
        return StepKind.CONNECTOR;
    }

    @Override
    public ConfigSchema configSchema() {
        return CONFIG;
    }

    @Override
    public Outcome run(StepContext context) {
        return Outcome.CONTINUE;
    }

    @Override
    public TriggerSpec trigger(String alias, Map<String, Object> config, java.time.ZoneId zone) {
        CronSchedule schedule;
        if (config.get("times") instanceof List<?> times) {
            schedule = new TestSchedules.At(times.stream().map(t -> Instant.parse((String) t)).toList());
        } else {
            schedule = new TestSchedules.EverySeconds(((Number) config.getOrDefault("every", 1)).longValue());
        }
        return new TriggerSpec.Cron(alias, schedule,
                Duration.ofMillis(((Number) config.getOrDefault("retryms", 0)).longValue()),
                ((Number) config.getOrDefault("retrycount", 0)).intValue());
    }
}
