package io.dataflows.engine;

import static io.dataflows.testkit.Maps.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.dataflows.DataRecord;
import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.DataflowException;
import io.dataflows.RunHandle;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.SecretProvider;
import io.dataflows.StepSpec;
import io.dataflows.TriggerSpec;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.Emitter;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.QueuedEvent;
import io.dataflows.spi.ReaderStep;
import io.dataflows.spi.StateStore;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.TriggerStep;
import io.dataflows.testkit.CollectingSink;
import io.dataflows.testkit.TestConnector;
import io.dataflows.testkit.TestKit;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs and the event queue, through {@code StepContext.claimEvents}: what a finalised, aborted, cancelled and dry
 * run leave in the queue, the names a trigger step shares with every step, and the trigger config the scheduler
 * reads.
 */
class EventQueueRunTest {

    private static final Instant T = Instant.parse("2024-05-06T07:08:09.123Z");

    private final TestKit kit = new TestKit();
    private final EventReader reader = new EventReader();
    private final StateStore store = io.dataflows.StateStores.inMemory();
    private final DataflowEngine engine = DataflowEngine.builder()
            .stepRegistry(kit.registryBuilder().add(reader).build())
            .stateStore(store)
            .secretProvider(SecretProvider.of(Map.of("hook", "s3cr3t")))
            .globalVar("page", 2)
            .build();

    /**
     * {@code test_event_reader}: a trigger that claims the queued events {@code page} at a time and emits one record
     * per event, publishing {@code event} = {@code {"n": <its id>}}; it waits for {@link #block} (when set) after its
     * first claim.
     */
    static final class EventReader implements ReaderStep, TriggerStep {
        volatile CountDownLatch claimed;
        volatile CountDownLatch block;

        @Override
        public String id() {
            return "test_event_reader";
        }

        @Override
        public StepKind kind() {
            return StepKind.READER;
        }

        @Override
        public ConfigSchema configSchema() {
            return ConfigSchema.builder()
                    .field(ConfigField.of("page", FieldType.INTEGER).defaultValue(2L))
                    .field(ConfigField.of("token", FieldType.STRING).secret())
                    .field(ConfigField.of("name", FieldType.STRING))
                    .build();
        }

        @Override
        public Map<String, String> outputs() {
            return Map.of("event", "the event being read");
        }

        @Override
        public void read(StepContext ctx, Emitter out) throws Exception {
            while (true) {
                List<QueuedEvent> page = ctx.claimEvents((int) ctx.config().integer("page"));
                if (page.isEmpty()) {
                    return;
                }
                if (block != null) {
                    claimed.countDown();
                    block.await();
                }
                for (QueuedEvent e : page) {
                    ctx.output("event", Map.of("n", e.id()));
                    out.emit(DataRecord.of("id", e.id(), "data", e.dataJson()));
                }
            }
        }

        @Override
        public TriggerSpec trigger(String alias, Map<String, Object> config, ZoneId zone) {
            Object token = config.get("token");
            if ("refused".equals(token)) {
                throw new IllegalArgumentException("Config 'token' is invalid.");
            }
            return new TriggerSpec.Webhook(alias, Optional.ofNullable((String) token)
                    .map(t -> t + "|" + config.get("name") + "|" + zone));
        }
    }

    private Dataflow flow(StepSpec after) {
        return Dataflow.builder("events")
                .step("read", StepSpec.of("test_event_reader"))
                .step("sink", StepSpec.of(CollectingSink.ID)).dependsOn("read")
                .step("last", StepSpec.of(TestConnector.ID).with("value", "${{ event.n }}")).dependsOn("sink")
                .step("after", after).dependsOn("last")
                .build();
    }

    private List<Long> enqueue(int n) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(store.enqueueEvent("events", "e", "{\"i\":" + i + "}", T));
        }
        return ids;
    }

    @Test
    void aFinalisedRunConsumesTheEventsItReadAndEveryStepReadsTheTriggersEvent() {
        List<Long> ids = enqueue(5);
        long otherFlows = store.enqueueEvent("other", "e", "{}", T);

        RunResult r = engine.run(flow(StepSpec.of(TestConnector.ID)));

        assertThat(r.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(kit.sink().maps("sink")).extracting(m -> m.get("id")).containsExactlyElementsOf(ids);
        assertThat(kit.sink().maps("sink").get(0)).isEqualTo(map("id", ids.get(0), "data", "{\"i\":0}"));
        assertThat(r.variable("steps.last.value")).contains(ids.get(4));
        assertThat(r.variable("steps.read.event")).contains(map("n", ids.get(4)));
        assertThat(store.queuedEvents("events", 10)).isEmpty();
        assertThat(store.queuedEvents("other", 10)).extracting(QueuedEvent::id).containsExactly(otherFlows);
    }

    @Test
    void anAbortedRunReturnsItsEventsToTheQueueForTheNextRun() {
        List<Long> ids = enqueue(3);

        RunResult aborted = engine.run(flow(StepSpec.of(TestConnector.ID).with("outcome", "fail")));

        assertThat(aborted.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(store.queuedEvents("events", 10)).extracting(QueuedEvent::id, QueuedEvent::claimedBy)
                .containsExactly(tuple(ids.get(0), null), tuple(ids.get(1), null), tuple(ids.get(2), null));
        kit.sink().reset();
        RunResult retry = engine.run(flow(StepSpec.of(TestConnector.ID)));
        assertThat(retry.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(kit.sink().maps("sink")).extracting(m -> m.get("id")).containsExactlyElementsOf(ids);
        assertThat(store.queuedEvents("events", 10)).isEmpty();
    }

    @Test
    void aDryRunReadsEveryEventPageByPageAndLeavesThemQueued() {
        List<Long> ids = enqueue(5);

        RunResult dry = engine.run(flow(StepSpec.of(TestConnector.ID)), RunOptions.builder().dryRun(true).build());

        assertThat(dry.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(kit.sink().maps("sink")).extracting(m -> m.get("id")).containsExactlyElementsOf(ids);
        assertThat(store.queuedEvents("events", 10)).extracting(QueuedEvent::id, QueuedEvent::claimedBy)
                .containsExactly(tuple(ids.get(0), null), tuple(ids.get(1), null), tuple(ids.get(2), null),
                        tuple(ids.get(3), null), tuple(ids.get(4), null));
    }

    @Test
    void aCancelledRunReturnsItsEventsToTheQueue() throws Exception {
        List<Long> ids = enqueue(3);
        reader.claimed = new CountDownLatch(1);
        reader.block = new CountDownLatch(1);

        RunHandle handle = engine.start(flow(StepSpec.of(TestConnector.ID)), RunOptions.builder().build());
        assertThat(reader.claimed.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(store.queuedEvents("events", 10)).extracting(QueuedEvent::claimedBy)
                .containsExactly(handle.runId().orElseThrow(), handle.runId().orElseThrow(), null);
        handle.cancel();
        RunResult r = handle.await(Duration.ofSeconds(20)).orElseThrow();

        assertThat(r.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(store.queuedEvents("events", 10)).extracting(QueuedEvent::id, QueuedEvent::claimedBy)
                .containsExactly(tuple(ids.get(0), null), tuple(ids.get(1), null), tuple(ids.get(2), null));
    }

    @Test
    void theSchedulerReadsTheTriggerWithSecretsAndVariablesResolved() {
        Dataflow flow = Dataflow.builder("hooked").var("suffix", "v1")
                .step("read", StepSpec.of("test_event_reader").with("token", "${{ secrets.hook }}")
                        .with("name", "${{ dataflow.name ~ '-' ~ dataflow.vars.suffix ~ '-' ~ global.vars.page }}"))
                .step("sink", StepSpec.of(CollectingSink.ID)).dependsOn("read")
                .build();
        DataflowEngine paris = DataflowEngine.builder().stepRegistry(kit.registryBuilder().add(reader).build())
                .secretProvider(SecretProvider.of(Map.of("hook", "s3cr3t"))).globalVar("page", 2)
                .clock(java.time.Clock.fixed(T, ZoneId.of("Europe/Paris"))).build();

        assertThat(engine.trigger(flow)).contains(new TriggerSpec.Webhook("read",
                Optional.of("s3cr3t|hooked-v1-2|Z")));
        assertThat(paris.trigger(flow)).contains(new TriggerSpec.Webhook("read",
                Optional.of("s3cr3t|hooked-v1-2|Europe/Paris")));
        assertThat(engine.trigger(Dataflow.builder("plain").step("a", StepSpec.of(TestConnector.ID)).build()))
                .isEmpty();
    }

    @Test
    void aTriggerWhoseConfigCannotBeReadSaysWhereWithoutTheSecret() {
        Dataflow unknownSecret = Dataflow.builder("hooked")
                .step("read", StepSpec.of("test_event_reader").with("token", "${{ secrets.missing }}"))
                .step("sink", StepSpec.of(CollectingSink.ID)).dependsOn("read")
                .build();
        Dataflow runVariable = Dataflow.builder("hooked")
                .step("read", StepSpec.of("test_event_reader").with("name", "${{ run.id }}"))
                .step("sink", StepSpec.of(CollectingSink.ID)).dependsOn("read")
                .build();
        Dataflow refused = Dataflow.builder("hooked")
                .step("read", StepSpec.of("test_event_reader").with("token", "${{ 'refu' ~ 'sed' }}"))
                .step("sink", StepSpec.of(CollectingSink.ID)).dependsOn("read")
                .build();

        assertThatThrownBy(() -> engine.trigger(unknownSecret)).isInstanceOf(DataflowException.class)
                .hasMessage("Cannot read the trigger of dataflow 'hooked': Cannot evaluate the secret value: it reads "
                        + "a variable that does not exist (secret: its text is not shown) (step 'read', field "
                        + "'config.token')");
        assertThatThrownBy(() -> engine.trigger(runVariable)).isInstanceOf(DataflowException.class)
                .hasMessageStartingWith("Cannot read the trigger of dataflow 'hooked': ")
                .hasMessageContaining("run.id");
        assertThatThrownBy(() -> engine.trigger(refused)).isInstanceOf(DataflowException.class)
                .hasMessage("Cannot read the trigger of dataflow 'hooked': step 'read': Config 'token' is invalid.");
    }

    @Test
    void aTriggerCannotDependOnAnotherStep() {
        Dataflow flow = Dataflow.builder("late")
                .step("first", StepSpec.of(TestConnector.ID))
                .step("read", StepSpec.of("test_event_reader")).dependsOn("first")
                .step("sink", StepSpec.of(CollectingSink.ID)).dependsOn("read")
                .build();

        assertThat(engine.validate(flow).problems()).extracting(p -> p.stepAlias(), p -> p.field(), p -> p.message())
                .contains(tuple("read", "inputs", "Invalid number of input connectors (Found: 1). No inputs allowed"));
    }
}
