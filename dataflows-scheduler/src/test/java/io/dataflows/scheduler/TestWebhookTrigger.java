package io.dataflows.scheduler;

import io.dataflows.TriggerSpec;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.ConnectorStep;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.Outcome;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.TriggerStep;
import java.util.Map;
import java.util.Optional;

/** Test trigger {@code test_webhook}: a webhook, with an optional secret {@code token}. Stands in for
 * {@code trigger_webservice}. */
final class TestWebhookTrigger implements ConnectorStep, TriggerStep {

    static final String ID = "test_webhook";

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("token", FieldType.STRING).secret().describe("the callers' bearer token"))
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
        return new TriggerSpec.Webhook(alias, Optional.ofNullable((String) config.get("token")));
    }
}
