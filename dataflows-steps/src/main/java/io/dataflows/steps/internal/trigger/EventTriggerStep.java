package io.dataflows.steps.internal.trigger;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.dataflows.DataRecord;
import io.dataflows.DataflowException;
import io.dataflows.TriggerSpec;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.Emitter;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.QueuedEvent;
import io.dataflows.spi.ReaderStep;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.TriggerStep;
import io.dataflows.spi.Values;
import io.dataflows.steps.internal.JsonTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * {@code trigger_event}: the scheduler starts the dataflow when an event named {@code eventname} is published, as
 * {@code executionpolicy} says: {@code immediately} (a run per event, as soon as a worker is free), {@code adhoc}
 * (a run per event, soon) or {@code adhocqueued} (a run takes the whole backlog; the default).
 *
 * <p>In a run it is the flow's source: it claims the dataflow's queued events (policy {@code adhocqueued}: all of
 * them, a page at a time; otherwise one) and emits one record per event, oldest first: {@code id},
 * {@code eventname}, {@code eventdata} (the event's data, a map) and {@code publishedat} (ISO-8601 UTC with
 * milliseconds). Before each record it publishes {@code event} = the event's data, which every step of the dataflow
 * reads by its bare name ({@code ${{ event.courseid }}}). The claimed events are deleted when the run ends
 * finalised, and queued again when it ends aborted or cancelled; a dry run reads them and leaves them queued.
 */
public final class EventTriggerStep implements ReaderStep, TriggerStep {

    /** How many events a run of policy {@code adhocqueued} claims at a time. */
    static final int PAGE = 100;

    /** The most an event's data may hold, in characters of JSON. */
    static final int MAX_DATA_LENGTH = 16 << 20;


    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxDocumentLength(MAX_DATA_LENGTH)
                    .maxNestingDepth(512).build())
            .build();

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("eventname", FieldType.STRING).required().label("Trigger event")
                    .describe("The name events are published under (\\core\\event\\course_viewed)"))
            .field(ConfigField.of("executionpolicy", FieldType.STRING).defaultValue("adhocqueued")
                    .oneOf("immediately", "adhoc", "adhocqueued").label("Execution policy")
                    .describe("immediately or adhoc: a run per event; adhocqueued: a run takes every queued event"))
            .build();

    @Override
    public String id() {
        return "trigger_event";
    }

    @Override
    public StepKind kind() {
        return StepKind.READER;
    }

    @Override
    public String displayName() {
        return "Event";
    }

    @Override
    public String description() {
        return "Starts the dataflow when an event is published, and emits one record per queued event "
                + "(id, eventname, eventdata, publishedat).";
    }

    @Override
    public ConfigSchema configSchema() {
        return CONFIG;
    }

    @Override
    public Map<String, String> outputs() {
        return Map.of("event", "the data of the event being read, read by every step as event");
    }

    @Override
    public TriggerSpec trigger(String alias, Map<String, Object> config, ZoneId zone) {
        Object name = config.get("eventname");
        if (!(name instanceof String) || ((String) name).isBlank()) {
            throw new IllegalArgumentException("Config 'Trigger event' is missing.");
        }
        return new TriggerSpec.Event(alias, (String) name, policy(config.get("executionpolicy")));
    }

    private static TriggerSpec.ExecutionPolicy policy(Object value) {
        if (value == null || "".equals(value)) {
            return TriggerSpec.ExecutionPolicy.ADHOCQUEUED;
        }
        for (TriggerSpec.ExecutionPolicy p : TriggerSpec.ExecutionPolicy.values()) {
            if (p.label().equals(value)) {
                return p;
            }
        }
        throw new IllegalArgumentException("Config 'Execution policy' is invalid. Allowed values: immediately, adhoc, "
                + "adhocqueued.");
    }

    @Override
    public void read(StepContext ctx, Emitter out) throws Exception {
        boolean batch = policy(ctx.config().optionalString("executionpolicy").orElse(null))
                == TriggerSpec.ExecutionPolicy.ADHOCQUEUED;
        int limit = batch ? PAGE : 1;
        while (true) {
            List<QueuedEvent> events = ctx.claimEvents(limit);
            for (QueuedEvent e : events) {
                Map<String, Object> data = data(ctx, e);
                ctx.output("event", data);
                out.emit(DataRecord.of("id", e.id(), "eventname", e.eventName(), "eventdata", data,
                        "publishedat", Values.timestamp(e.publishedAt())));
            }
            if (!batch || events.size() < limit) {
                return;
            }
        }
    }

    /** The event's data, decoded. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(StepContext ctx, QueuedEvent e) {
        Object v;
        // Numbers keep their value: beyond 64 bits, or more precise than a double, they are read exactly.
        try (JsonParser parser = JSON.createParser(e.dataJson())) {
            v = JsonTree.readDocument(parser);
        } catch (JsonProcessingException x) {
            throw new DataflowException("The data of event " + e.id() + " ('" + e.eventName() + "') of dataflow '"
                    + ctx.dataflowName() + "' is not valid JSON: " + x.getOriginalMessage());
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        if (!(v instanceof Map)) {
            throw new DataflowException("The data of event " + e.id() + " ('" + e.eventName() + "') of dataflow '"
                    + ctx.dataflowName() + "' is not a JSON object.");
        }
        return (Map<String, Object>) v;
    }
}
