package io.dataflows.steps.internal.trigger;

import io.dataflows.TriggerSpec;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.ConnectorStep;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.Outcome;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.TriggerStep;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

/**
 * {@code trigger_webservice}: callers start the dataflow with an HTTP request (a webhook), presenting
 * {@code token}, when set, as {@code Authorization: Bearer <token>}. The token is a secret: it prints as
 * {@code *****} in exports, run states, logs and pictures; write {@code ${{ secrets.NAME }}} to keep it out of the
 * definition, and {@code DataflowEngine.trigger} hands the resolved value to the webhook server. The request's body
 * is the run's {@code run.trigger.payload}. Run as part of a run, the step does nothing.
 */
public final class WebhookTriggerStep implements ConnectorStep, TriggerStep {

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("token", FieldType.STRING).secret()
                    .describe("The secret callers must present as Authorization: Bearer <token>; empty: none"))
            .build();

    @Override
    public String id() {
        return "trigger_webservice";
    }

    @Override
    public StepKind kind() {
        return StepKind.CONNECTOR;
    }

    @Override
    public String displayName() {
        return "Webservice";
    }

    @Override
    public String description() {
        return "Lets callers start the dataflow with an HTTP request (a webhook), with a token when set; in a run it "
                + "does nothing.";
    }

    @Override
    public ConfigSchema configSchema() {
        return CONFIG;
    }

    @Override
    public TriggerSpec trigger(String alias, Map<String, Object> config, ZoneId zone) {
        Object token = config.get("token");
        if (token == null || "".equals(token)) {
            return new TriggerSpec.Webhook(alias, Optional.empty());
        }
        if (!(token instanceof String)) {
            throw new IllegalArgumentException("Config 'token' is invalid. It must be text.");
        }
        return new TriggerSpec.Webhook(alias, Optional.of((String) token));
    }

    /** Calls are the webhook server's: a run has nothing to do here. */
    @Override
    public Outcome run(StepContext context) {
        return Outcome.CONTINUE;
    }
}
