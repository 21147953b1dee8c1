package io.dataflows.scheduler;

import io.dataflows.DataRecord;
import io.dataflows.TriggerSpec;
import io.dataflows.scheduler.internal.JsonBodies;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.Emitter;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.QueuedEvent;
import io.dataflows.spi.ReaderStep;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.TriggerStep;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Test trigger {@code test_event}: a reader that claims its dataflow's queued events through its run
 * ({@code StepContext.claimEvents}: one for {@code immediately} and {@code adhoc}, all for {@code adhocqueued}, read
 * without claiming in a dry run; the engine settles them when the run ends) and emits one record per
 * event, {@code {id, eventname, eventdata, publishedat}}. Stands in for {@code trigger_event}.
 */
final class TestEventTrigger implements ReaderStep, TriggerStep {

    static final String ID = "test_event";

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("eventname", FieldType.STRING).required().describe("the event listened to"))
            .field(ConfigField.of("executionpolicy", FieldType.STRING).defaultValue("adhocqueued")
                    .oneOf("immediately", "adhoc", "adhocqueued").describe("when runs start"))
            .build();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public StepKind kind() {
        return StepKind.READER;
    }

    @Override
    public ConfigSchema configSchema() {
        return CONFIG;
    }

    @Override
    public void read(StepContext context, Emitter out) throws Exception {
        boolean batch = context.config().string("executionpolicy").equals("adhocqueued");
        int limit = batch ? 100_000 : 1;
        List<QueuedEvent> events = context.claimEvents(limit);
        for (QueuedEvent e : events) {
            out.emit(DataRecord.of("id", e.id(), "eventname", e.eventName(),
                    "eventdata", JsonBodies.object(e.dataJson().getBytes(StandardCharsets.UTF_8)),
                    "publishedat", e.publishedAt().toString()));
        }
    }

    @Override
    public TriggerSpec trigger(String alias, Map<String, Object> config, java.time.ZoneId zone) {
        String policy = (String) config.getOrDefault("executionpolicy", "adhocqueued");
        return new TriggerSpec.Event(alias, (String) config.get("eventname"),
                TriggerSpec.ExecutionPolicy.valueOf(policy.toUpperCase(Locale.ROOT)));
    }
}
