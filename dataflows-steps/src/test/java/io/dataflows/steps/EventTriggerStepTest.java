package io.dataflows.steps;

import static io.dataflows.testkit.Maps.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.ExpressionMode;
import io.dataflows.Problem;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StateStores;
import io.dataflows.StepSpec;
import io.dataflows.TriggerSpec;
import io.dataflows.spi.QueuedEvent;
import io.dataflows.spi.StateStore;
import io.dataflows.testkit.CollectingSink;
import io.dataflows.testkit.TestConnector;
import io.dataflows.testkit.TestDatabase;
import io.dataflows.testkit.TestKit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code trigger_event}: a run reads the queued events of its dataflow as records, every step reads the event as
 * {@code event}, and the queue keeps what a run did not finish.
 */
class EventTriggerStepTest {

    private static final Instant T = Instant.parse("2024-05-06T07:08:09.123Z");
    private static final String VIEWED = "\\core\\event\\course_viewed";

    private final TestKit kit = new TestKit();

    /** The events, then a field from each event per record, then a connector that reads the last one. */
    private static Dataflow flow(StepSpec trigger, StepSpec last) {
        return Dataflow.builder("on-view")
                .step("events", trigger)
                .step("course", Steps.alter().set("course", "${{ event.courseid }}")
                        .set("who", "${{ event.user.name ~ ' saw ' ~ event.courseid }}"))
                .dependsOn("events")
                .step("sink", StepSpec.of(CollectingSink.ID)).dependsOn("course")
                .step("last", last).dependsOn("sink")
                .build();
    }

    private static Dataflow flow() {
        return flow(Steps.eventTrigger(VIEWED), StepSpec.of(TestConnector.ID).with("value", "${{ event.courseid }}"));
    }

    private static List<Long> publish(StateStore store, int... courses) {
        List<Long> ids = new ArrayList<>();
        for (int course : courses) {
            ids.add(store.enqueueEvent("on-view", VIEWED, "{\"courseid\":" + course + ",\"user\":{\"name\":\"u"
                    + course + "\"}}", T));
        }
        return ids;
    }

    private static Map<String, Object> record(long id, int course) {
        return map("id", id, "eventname", VIEWED,
                "eventdata", map("courseid", (long) course, "user", map("name", "u" + course)),
                "publishedat", "2024-05-06T07:08:09.123Z", "course", (long) course,
                "who", "u" + course + " saw " + course);
    }

    @ParameterizedTest
    @EnumSource(ExpressionMode.class)
    void aRunReadsEveryQueuedEventInOrderAndEveryStepReadsTheEvent(ExpressionMode mode) {
        DataflowEngine engine = kit.builder(mode).build();
        List<Long> ids = publish(engine.stateStore(), 7, 8, 9);
        long other = engine.stateStore().enqueueEvent("another flow", VIEWED, "{}", T);

        RunResult r = engine.run(flow());

        assertThat(r.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(kit.sink().maps("sink")).containsExactly(record(ids.get(0), 7), record(ids.get(1), 8),
                record(ids.get(2), 9));
        assertThat(r.variable("steps.last.value")).contains(9L);
        assertThat(r.variable("steps.events.event")).contains(map("courseid", 9L, "user", map("name", "u9")));
        assertThat(engine.stateStore().queuedEvents("on-view", 10)).isEmpty();
        assertThat(engine.stateStore().queuedEvents("another flow", 10)).extracting(QueuedEvent::id)
                .containsExactly(other);
    }

    @Test
    void theTriggersOwnVarsReadTheEventToo() {
        DataflowEngine engine = kit.builder().build();
        publish(engine.stateStore(), 3, 4);
        Dataflow flow = Dataflow.builder("on-view")
                .step("events", Steps.eventTrigger(VIEWED)).stepVar("courseid", "${{ event.courseid }}")
                .step("sink", StepSpec.of(CollectingSink.ID)).dependsOn("events")
                .build();

        RunResult r = engine.run(flow);

        assertThat(r.variable("steps.events.vars.courseid")).contains(4L);
        assertThat(kit.sink().maps("sink")).extracting(m -> m.get("eventdata"))
                .containsExactly(map("courseid", 3L, "user", map("name", "u3")),
                        map("courseid", 4L, "user", map("name", "u4")));
    }

    @Test
    void anAbortedRunLeavesItsEventsQueuedForTheNextRun() {
        DataflowEngine engine = kit.builder().build();
        List<Long> ids = publish(engine.stateStore(), 7, 8);

        RunResult aborted = engine.run(flow(Steps.eventTrigger(VIEWED),
                StepSpec.of(TestConnector.ID).with("outcome", "fail")));

        assertThat(aborted.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(kit.sink().maps("sink")).hasSize(2);
        assertThat(engine.stateStore().queuedEvents("on-view", 10)).extracting(QueuedEvent::id,
                QueuedEvent::claimedBy).containsExactly(tuple(ids.get(0), null), tuple(ids.get(1), null));
        kit.sink().reset();
        assertThat(engine.run(flow()).status()).isEqualTo(RunStatus.FINALISED);
        assertThat(kit.sink().maps("sink")).containsExactly(record(ids.get(0), 7), record(ids.get(1), 8));
        assertThat(engine.stateStore().queuedEvents("on-view", 10)).isEmpty();
    }

    @Test
    void aDryRunReadsTheEventsAndLeavesThemQueued() {
        DataflowEngine engine = kit.builder().build();
        List<Long> ids = publish(engine.stateStore(), 7, 8);

        RunResult dry = engine.run(flow(), RunOptions.builder().dryRun(true).build());

        assertThat(dry.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(kit.sink().maps("sink")).containsExactly(record(ids.get(0), 7), record(ids.get(1), 8));
        assertThat(engine.stateStore().queuedEvents("on-view", 10)).extracting(QueuedEvent::id,
                QueuedEvent::claimedBy).containsExactly(tuple(ids.get(0), null), tuple(ids.get(1), null));
    }

    @Test
    void aRunOfABatchReadsTheWholeBacklogPageByPage() {
        DataflowEngine engine = kit.builder().build();
        int[] courses = new int[250];
        for (int i = 0; i < courses.length; i++) {
            courses[i] = i;
        }
        List<Long> ids = publish(engine.stateStore(), courses);

        assertThat(engine.run(flow()).status()).isEqualTo(RunStatus.FINALISED);

        assertThat(kit.sink().maps("sink")).extracting(m -> m.get("id")).containsExactlyElementsOf(ids);
        assertThat(engine.stateStore().queuedEvents("on-view", 10)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = TriggerSpec.ExecutionPolicy.class, names = {"IMMEDIATELY", "ADHOC"})
    void aRunPerEventPolicyReadsOneEventPerRun(TriggerSpec.ExecutionPolicy policy) {
        DataflowEngine engine = kit.builder().build();
        List<Long> ids = publish(engine.stateStore(), 7, 8);
        Dataflow flow = flow(Steps.eventTrigger(VIEWED, policy), StepSpec.of(TestConnector.ID));

        engine.run(flow);
        assertThat(kit.sink().maps("sink")).containsExactly(record(ids.get(0), 7));
        engine.run(flow);
        engine.run(flow);

        assertThat(kit.sink().maps("sink")).containsExactly(record(ids.get(0), 7), record(ids.get(1), 8));
        assertThat(engine.stateStore().queuedEvents("on-view", 10)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void theQueueOfADatabaseIsConsumedByAFinalisedRunOnly(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            StateStore store = StateStores.jdbc(db.dataSource());
            DataflowEngine engine = kit.builder().stateStore(store).build();
            List<Long> ids = publish(store, 7, 8);

            assertThat(engine.run(flow(Steps.eventTrigger(VIEWED),
                    StepSpec.of(TestConnector.ID).with("outcome", "fail"))).status()).isEqualTo(RunStatus.ABORTED);
            assertThat(db.number("SELECT COUNT(*) FROM dataflows_events WHERE claimed_by IS NULL")).isEqualTo(2);
            kit.sink().reset();
            assertThat(engine.run(flow()).status()).isEqualTo(RunStatus.FINALISED);

            assertThat(kit.sink().maps("sink")).containsExactly(record(ids.get(0), 7), record(ids.get(1), 8));
            assertThat(db.number("SELECT COUNT(*) FROM dataflows_events")).isZero();
            assertThat(store.runs("on-view")).extracting(r -> r.status()).containsExactly("aborted", "finalised");
        }
    }

    @Test
    void anEventWhoseDataIsNoJsonObjectFailsTheRunAndStaysQueued() {
        DataflowEngine engine = kit.builder().build();
        long id = engine.stateStore().enqueueEvent("on-view", VIEWED, "[1, 2]", T);

        RunResult r = engine.run(flow());

        assertThat(r.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(r.error()).contains("Step 'events' (trigger_event) failed on record #1: The data of event " + id
                + " ('\\core\\event\\course_viewed') of dataflow 'on-view' is not a JSON object.");
        assertThat(engine.stateStore().queuedEvents("on-view", 10)).extracting(QueuedEvent::id).containsExactly(id);
    }

    @Test
    void validationUsesTheSeedsMessagesAndTheSchedulerReadsNameAndPolicy() {
        DataflowEngine engine = kit.builder().build();

        assertThat(engine.validate(flow(StepSpec.of("trigger_event").with("executionpolicy", "immediately"),
                StepSpec.of(TestConnector.ID))).problems())
                .containsExactly(new Problem("events", "config.eventname", "Config 'Trigger event' is missing."));
        assertThat(engine.validate(flow(Steps.eventTrigger(VIEWED).with("executionpolicy", "foobar"),
                StepSpec.of(TestConnector.ID))).problems())
                .containsExactly(new Problem("events", "config.executionpolicy",
                        "Config 'Execution policy' is invalid. Allowed values: immediately, adhoc, adhocqueued."));
        Dataflow valid = flow(Steps.eventTrigger(VIEWED, TriggerSpec.ExecutionPolicy.IMMEDIATELY),
                StepSpec.of(TestConnector.ID));
        assertThat(engine.validate(valid).problems()).isEmpty();
        assertThat(engine.trigger(valid)).contains(new TriggerSpec.Event("events", VIEWED,
                TriggerSpec.ExecutionPolicy.IMMEDIATELY));
        assertThat(engine.trigger(flow())).contains(new TriggerSpec.Event("events", VIEWED,
                TriggerSpec.ExecutionPolicy.ADHOCQUEUED));
    }

    @Test
    void aDownstreamStepCannotBeTheSourceOfTheEventTrigger() {
        DataflowEngine engine = kit.builder().build();
        Dataflow flow = Dataflow.builder("late")
                .step("first", StepSpec.of("connector_noop"))
                .step("events", Steps.eventTrigger(VIEWED)).dependsOn("first")
                .step("sink", StepSpec.of(CollectingSink.ID)).dependsOn("events")
                .build();

        assertThat(engine.validate(flow).problems()).containsExactly(new Problem("events", "inputs",
                "Invalid number of input connectors (Found: 1). No inputs allowed"));
    }
}
