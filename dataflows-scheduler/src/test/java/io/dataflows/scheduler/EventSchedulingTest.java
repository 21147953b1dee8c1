package io.dataflows.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.Dataflow;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepSpec;
import io.dataflows.Trigger;
import io.dataflows.scheduler.SchedulerListener.Skip;
import io.dataflows.spi.QueuedEvent;
import io.dataflows.testkit.CollectingSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Event dataflows: publishing queues, runs consume, per policy; waiting behind a running non-concurrent run. */
class EventSchedulingTest {

    private final SchedulerFixture f = SchedulerFixture.inMemory();

    @AfterEach
    void close() {
        f.close();
    }

    /** events → gate → sink, listening to {@code event} with {@code policy}. */
    private static Dataflow flow(String name, String event, String policy, boolean concurrent, String gate) {
        Dataflow.Builder b = Dataflow.builder(name).concurrencyEnabled(concurrent)
                .start("events", StepSpec.of(TestEventTrigger.ID).with("eventname", event)
                        .with("executionpolicy", policy));
        if (gate != null) {
            b.then("gate", StepSpec.of(GateStep.FLOW_ID).with("gate", gate));
        }
        return b.then("sink", StepSpec.of(CollectingSink.ID).with("name", name)).build();
    }

    @SuppressWarnings("unchecked")
    private List<Object> eventData(String sink, String key) {
        List<Object> out = new ArrayList<>();
        for (Map<String, Object> r : f.kit.sink().maps(sink)) {
            out.add(((Map<String, Object>) r.get("eventdata")).get(key));
        }
        return out;
    }

    private static long recordsIn(RunResult r) {
        return r.step("sink").recordsIn();
    }

    @Test
    void oneBatchRunConsumesTheBacklogThatQueuedWhileTheDataflowRan() {
        f.scheduler.register(flow("batch", "course_viewed", "adhocqueued", false, "batch"));
        f.scheduler.start();

        List<Long> first = f.scheduler.publish("course_viewed", Map.of("n", 1));
        Eventually.until("the first run waits at its gate", () -> f.gates.entered("batch") == 1);
        // Published while the run goes on: publish returns at once, and the events wait.
        List<Long> ids = new ArrayList<>(first);
        for (int n = 2; n <= 4; n++) {
            ids.addAll(f.scheduler.publish("course_viewed", Map.of("n", n, "name", "event " + n)));
        }
        assertThat(ids).hasSize(4).isSorted().doesNotHaveDuplicates();
        assertThat(f.store.queuedEvents("batch", 10)).extracting(QueuedEvent::id).containsExactlyElementsOf(ids);
        assertThat(f.gates.entered("batch")).isEqualTo(1);

        f.gates.open("batch");
        Eventually.until("all four events are consumed", () -> f.kit.sink().records("batch").size() == 4
                && f.store.queuedEvents("batch", 10).isEmpty() && f.results("batch").size() == 2);

        assertThat(eventData("batch", "n")).containsExactly(1L, 2L, 3L, 4L);
        assertThat(f.kit.sink().maps("batch")).extracting(r -> r.get("id")).containsExactlyElementsOf(ids);
        assertThat(f.results("batch")).extracting(EventSchedulingTest::recordsIn).containsExactly(1L, 3L);
        assertThat(f.results("batch")).allSatisfy(r -> assertThat(r.status()).isEqualTo(RunStatus.FINALISED));
        assertThat(f.listener.started("batch")).hasSize(2).allSatisfy(s -> {
            assertThat(s.trigger()).isEqualTo(Trigger.EVENT);
            assertThat(s.details()).isEqualTo(Map.of("eventname", "course_viewed"));
        });
        assertThat(f.runThreads()).allSatisfy(t -> assertThat(t).isEqualTo("dataflows-run-batch"));
    }

    @Test
    void perEventPoliciesStartARunForEachEvent() {
        f.scheduler.register(flow("each", "user_created", "immediately", true, null));
        f.scheduler.register(flow("adhoc", "user_created", "adhoc", true, null));
        f.scheduler.register(flow("other", "user_deleted", "immediately", true, null));
        f.scheduler.start();

        List<Long> ids = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            List<Long> published = f.scheduler.publish("user_created", Map.of("n", n));
            assertThat(published).as("one event per listening dataflow, in name order").hasSize(2);
            ids.addAll(published);
        }

        Eventually.until("six runs ended", () -> f.results("each").size() == 3 && f.results("adhoc").size() == 3);

        assertThat(f.results("each")).allSatisfy(r -> assertThat(recordsIn(r)).isEqualTo(1));
        assertThat(f.results("adhoc")).allSatisfy(r -> assertThat(recordsIn(r)).isEqualTo(1));
        assertThat(eventData("each", "n")).containsExactlyInAnyOrder(1L, 2L, 3L);
        assertThat(eventData("adhoc", "n")).containsExactlyInAnyOrder(1L, 2L, 3L);
        assertThat(f.store.queuedEvents("each", 10)).isEmpty();
        assertThat(f.store.queuedEvents("adhoc", 10)).isEmpty();
        assertThat(f.results("other")).isEmpty();
        assertThat(f.scheduler.publish("nobody_listens", Map.of())).isEmpty();
    }

    @Test
    void aNonConcurrentPerEventDataflowTakesOneEventAtATimeInOrder() {
        f.scheduler.register(flow("serial", "grade_updated", "adhoc", false, "serial"));
        f.scheduler.start();

        for (int n = 1; n <= 3; n++) {
            f.scheduler.publish("grade_updated", Map.of("n", n));
        }
        Eventually.until("the first run waits at its gate", () -> f.gates.entered("serial") == 1);
        assertThat(f.store.queuedEvents("serial", 10)).extracting(QueuedEvent::claimedBy)
                .satisfies(claims -> assertThat(claims.get(0)).isNotNull())
                .satisfies(claims -> assertThat(claims.subList(1, 3)).containsOnlyNulls());

        f.gates.open("serial");
        Eventually.until("three runs ended", () -> f.results("serial").size() == 3);

        assertThat(eventData("serial", "n")).containsExactly(1L, 2L, 3L);
        assertThat(f.results("serial")).allSatisfy(r -> assertThat(recordsIn(r)).isEqualTo(1));
        assertThat(f.store.queuedEvents("serial", 10)).isEmpty();
        // They never overlapped: each started after the one before ended.
        List<RunResult> runs = f.results("serial");
        for (int i = 1; i < runs.size(); i++) {
            assertThat(runs.get(i).startedAt()).isAfterOrEqualTo(runs.get(i - 1).finishedAt());
        }
    }

    @Test
    void eventsPublishedBeforeStartWaitForIt() {
        f.scheduler.register(flow("early", "backup_done", "adhocqueued", false, null));
        List<Long> ids = new ArrayList<>();
        ids.addAll(f.scheduler.publish("backup_done", Map.of("n", 1)));
        ids.addAll(f.scheduler.publish("backup_done", Map.of("n", 2)));
        assertThat(f.store.queuedEvents("early", 10)).hasSize(2);
        assertThat(f.results("early")).isEmpty();

        f.scheduler.start();

        Eventually.until("both consumed", () -> f.store.queuedEvents("early", 10).isEmpty()
                && f.results("early").size() == 1);
        assertThat(eventData("early", "n")).containsExactly(1L, 2L);
        assertThat(f.kit.sink().maps("early")).extracting(r -> r.get("id")).containsExactlyElementsOf(ids);
    }

    @Test
    void theEventsOfAnAbortedRunStayQueuedForALaterRun() {
        Dataflow failing = Dataflow.builder("fragile")
                .start("events", StepSpec.of(TestEventTrigger.ID).with("eventname", "import"))
                .then("work", StepSpec.of(AbortFlowStep.ID))
                .then("sink", StepSpec.of(CollectingSink.ID)).build();
        f.scheduler.register(failing);
        f.scheduler.start();

        long id = f.scheduler.publish("import", Map.of("file", "a.csv")).get(0);
        Eventually.until("two runs aborted", () -> f.results("fragile").size() >= 2);
        assertThat(f.results("fragile")).allSatisfy(r -> assertThat(r.status()).isEqualTo(RunStatus.ABORTED));
        assertThat(f.store.queuedEvents("fragile", 10)).extracting(QueuedEvent::id).containsExactly(id);

        // Fixed: the next run consumes it.
        f.scheduler.replace(flow("fragile", "import", "adhocqueued", false, null));
        Eventually.until("the event is consumed", () -> f.store.queuedEvents("fragile", 10).isEmpty());
        assertThat(f.kit.sink().maps("fragile")).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("id", id).containsEntry("eventname", "import")
                        .containsEntry("eventdata", Map.of("file", "a.csv")));
    }

    @Test
    void disabledAndInvalidDataflowsQueueNothing() {
        f.scheduler.register(Dataflow.builder("off").enabled(false)
                .start("events", StepSpec.of(TestEventTrigger.ID).with("eventname", "ping"))
                .then("sink", StepSpec.of(CollectingSink.ID)).build());
        f.scheduler.register(Dataflow.builder("broken")
                .start("events", StepSpec.of(TestEventTrigger.ID).with("eventname", "ping"))
                .then("sink", StepSpec.of("no_such_type")).build());
        f.scheduler.start();

        assertThat(f.scheduler.publish("ping", Map.of())).isEmpty();

        assertThat(f.store.queuedEvents("off", 10)).isEmpty();
        assertThat(f.store.queuedEvents("broken", 10)).isEmpty();
        assertThat(f.listener.skipped()).containsExactly(
                new Skip("broken", Trigger.EVENT, SkipReason.INVALID, "Dataflow 'broken' is invalid."),
                new Skip("off", Trigger.EVENT, SkipReason.DISABLED, "Dataflow 'off' is disabled."));
    }

    @Test
    void listeningToAnotherEventClearsTheQueueButUnregisteringKeepsIt() {
        f.scheduler.register(flow("moving", "a", "adhocqueued", false, null));
        f.scheduler.publish("a", Map.of("n", 1));
        f.scheduler.publish("a", Map.of("n", 2));
        f.scheduler.replace(flow("moving", "a", "adhocqueued", false, "g"));
        assertThat(f.store.queuedEvents("moving", 10)).as("same event: kept").hasSize(2);

        f.scheduler.replace(flow("moving", "b", "adhocqueued", false, null));
        assertThat(f.store.queuedEvents("moving", 10)).isEmpty();

        f.scheduler.publish("b", Map.of("n", 3));
        assertThat(f.scheduler.unregister("moving")).isTrue();
        assertThat(f.store.queuedEvents("moving", 10)).hasSize(1);
    }

    @Test
    void publishingChecksItsArguments() {
        assertThatThrownBy(() -> f.scheduler.publish(" ", Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("An event needs a name");
        f.scheduler.register(flow("strict", "x", "adhocqueued", false, null));
        assertThatThrownBy(() -> f.scheduler.publish("x", Map.of("thread", Thread.currentThread())))
                .isInstanceOf(IllegalArgumentException.class);
        f.scheduler.close();
        assertThatThrownBy(() -> f.scheduler.publish("x", Map.of())).isInstanceOf(IllegalStateException.class)
                .hasMessage("The scheduler is closed: event 'x' was not published");
    }
}
