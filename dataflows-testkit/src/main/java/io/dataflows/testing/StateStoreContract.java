package io.dataflows.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dataflows.spi.QueuedEvent;
import io.dataflows.spi.RunOwner;
import io.dataflows.spi.RunRecord;
import io.dataflows.spi.ScheduleState;
import io.dataflows.spi.StateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StateStore} promises, as a JUnit 5 test class: extend it and return a fresh, empty store from
 * {@link #newStore()}. A store that processes share (a directory, a database) also overrides
 * {@link #newSharedStores(int)}, so that the concurrency checks run across instances as they do across processes.
 *
 * <pre>{@code
 * class MyStoreContractTest extends StateStoreContract {
 *     @TempDir Path dir;
 *
 *     protected StateStore newStore() {
 *         return new MyStore(dir.resolve("state"));
 *     }
 *
 *     protected List<StateStore> newSharedStores(int count) {
 *         List<StateStore> stores = new ArrayList<>();
 *         for (int i = 0; i < count; i++) {
 *             stores.add(new MyStore(dir.resolve("shared")));
 *         }
 *         return stores;
 *     }
 * }
 * }</pre>
 *
 * <p>The checks: variables (every kind of value, order kept, replaced per dataflow, loaded as a copy), step state,
 * run history (numbering per dataflow, ends, owner, trigger, recent runs), the run lock, distinct run names under
 * concurrency, the event queue (order, claims, settling, runs that ended, clearing, concurrent claimers on several
 * instances) and schedules (round trip, advancing exactly once among concurrent schedulers). Close what the store
 * holds in an {@code @AfterEach} of the subclass.
 */
public abstract class StateStoreContract {

    private static final Instant T1 = Instant.parse("2024-05-06T07:08:09.123Z");
    private static final Instant T2 = Instant.parse("2024-05-06T07:09:10.456Z");

    /** For subclasses. */
    protected StateStoreContract() {}

    /** A new store over empty state, of its own: called once per test that needs one store. */
    protected abstract StateStore newStore();

    /**
     * {@code count} store instances over the same new, empty state, as processes sharing it have. The default gives
     * one {@link #newStore()} {@code count} times, right for a store no other instance can share (in memory).
     */
    protected List<StateStore> newSharedStores(int count) {
        StateStore store = newStore();
        List<StateStore> stores = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            stores.add(store);
        }
        return stores;
    }

    /** A variable tree with every kind of value a flow can persist. */
    private static Map<String, Object> everyKindOfValue() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("list", List.of(1L, "two", List.of(3.5), Map.of("k", false)));
        nested.put("empty list", List.of());
        nested.put("empty map", Map.of());
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("text", "Grüße, 世界 \"quoted\" \\ / \n tab\t");
        vars.put("long", Long.MAX_VALUE);
        vars.put("negative", -42L);
        vars.put("double", 0.1);
        vars.put("true", true);
        vars.put("false", false);
        vars.put("null", null);
        vars.put("nested", nested);
        return vars;
    }

    private static <T, R> List<R> each(List<T> items, Function<T, R> property) {
        return items.stream().map(property).collect(Collectors.toList());
    }

    /** The listed properties of a record, as one list (nulls kept), to compare several at once. */
    @SafeVarargs
    private static <T> List<Object> fields(T item, Function<T, ?>... properties) {
        List<Object> values = new ArrayList<>();
        for (Function<T, ?> p : properties) {
            values.add(p.apply(item));
        }
        return values;
    }

    // ---- variables and step state ---------------------------------------------------------------------------------

    /** A dataflow never saved has no variables. */
    @Test
    public void variablesOfAnUnknownDataflowAreEmpty() {
        StateStore store = newStore();

        assertEquals(Map.of(), store.loadVariables("never saved"));
    }

    /** Every kind of value a flow can persist comes back equal, in the order saved. */
    @Test
    public void variablesRoundTripEveryKindOfValueInOrder() {
        StateStore store = newStore();

        store.saveVariables("flow", everyKindOfValue());

        Map<String, Object> loaded = store.loadVariables("flow");
        assertEquals(everyKindOfValue(), loaded);
        assertEquals(new ArrayList<>(everyKindOfValue().keySet()), new ArrayList<>(loaded.keySet()));
    }

    /** Saving replaces all variables of that dataflow and touches no other. */
    @Test
    public void savingReplacesTheVariablesOfThatDataflowOnly() {
        StateStore store = newStore();
        store.saveVariables("flow", Map.of("old", 1L, "kept", "a"));
        store.saveVariables("other", Map.of("x", "y"));

        store.saveVariables("flow", Map.of("kept", "b"));

        assertEquals(Map.of("kept", "b"), store.loadVariables("flow"));
        assertEquals(Map.of("x", "y"), store.loadVariables("other"));
    }

    /** Changing loaded variables changes nothing stored. */
    @Test
    public void loadedVariablesAreACopyTheCallerMayChange() {
        StateStore store = newStore();
        store.saveVariables("flow", Map.of("a", 1L));

        Map<String, Object> loaded = store.loadVariables("flow");
        loaded.put("b", 2L);
        loaded.remove("a");

        assertEquals(Map.of("a", 1L), store.loadVariables("flow"));
    }

    /** Step state is kept per dataflow, step and key; a later put replaces the value. */
    @Test
    public void stepStateIsKeptPerDataflowStepAndKey() {
        StateStore store = newStore();

        assertEquals(Optional.empty(), store.stepState("flow", "read", "counter"));
        store.putStepState("flow", "read", "counter", 10L);
        store.putStepState("flow", "read", "other", "text");
        store.putStepState("flow", "write", "counter", 20L);
        store.putStepState("second", "read", "counter", 30L);
        store.putStepState("flow", "read", "counter", 11L);

        assertEquals(Optional.of(11L), store.stepState("flow", "read", "counter"));
        assertEquals(Optional.of("text"), store.stepState("flow", "read", "other"));
        assertEquals(Optional.of(20L), store.stepState("flow", "write", "counter"));
        assertEquals(Optional.of(30L), store.stepState("second", "read", "counter"));
        assertEquals(Optional.empty(), store.stepState("flow", "read", "missing"));
    }

    /** Step state holds maps and lists as well as single values. */
    @Test
    public void stepStateHoldsStructuredValues() {
        StateStore store = newStore();
        Map<String, Object> value = everyKindOfValue();

        store.putStepState("flow", "sftp", "hostkeys", value);

        assertEquals(Optional.of(value), store.stepState("flow", "sftp", "hostkeys"));
    }

    // ---- run history and the run lock -----------------------------------------------------------------------------

    /** Runs are named 1, 2, ... per dataflow, listed oldest first, and a started run is processing. */
    @Test
    public void runsAreNumberedPerDataflowAndListedOldestFirst() {
        StateStore store = newStore();

        RunRecord first = store.startRun("flow", false, T1, "{\"a\":1}");
        RunRecord other = store.startRun("other", true, T1, "{}");
        RunRecord second = store.startRun("flow", true, T2, "{\"a\":2}");

        assertEquals("1", first.name());
        assertEquals("2", second.name());
        assertEquals("1", other.name());
        assertEquals(3, Set.of(first.id(), second.id(), other.id()).size(), "run ids must be distinct");
        assertEquals(List.of(first.id(), second.id()), each(store.runs("flow"), RunRecord::id));
        assertEquals(List.of(), store.runs("never run"));
        RunRecord started = store.runs("flow").get(1);
        assertEquals("flow", started.dataflow());
        assertTrue(started.dryRun());
        assertEquals("processing", started.status());
        assertEquals(T2, started.startedAt());
        assertEquals(null, started.finishedAt());
        assertEquals("{\"a\":2}", started.startState());
        assertEquals(null, started.endState());
        assertEquals(null, started.error());
    }

    /** Finishing a run records its status, end time, end state and error, and keeps its start state. */
    @Test
    public void finishingARunRecordsItsStatusEndStateAndError() {
        StateStore store = newStore();
        RunRecord ok = store.startRun("flow", false, T1, "{}");
        RunRecord failed = store.startRun("flow", false, T1, "{}");

        store.finishRun(ok, "finalised", T2, "{\"done\":true}", null);
        store.finishRun(failed, "aborted", T2, "{}", "Step 'read' failed: boom");

        List<RunRecord> runs = store.runs("flow");
        assertEquals(List.of("finalised", "aborted"), each(runs, RunRecord::status));
        assertEquals(List.of(T2, T2), each(runs, RunRecord::finishedAt));
        assertEquals(List.of("{\"done\":true}", "{}"), each(runs, RunRecord::endState));
        assertEquals(Arrays.asList(null, "Step 'read' failed: boom"), each(runs, RunRecord::error));
        assertEquals(List.of("{}", "{}"), each(runs, RunRecord::startState));
    }

    /**
     * The summary of a finished run (what its steps did, as JSON text) is kept, as given, by {@code runs} and
     * {@code recentRuns}; a run finished without one has none.
     */
    @Test
    public void theSummaryOfARunIsKeptAndListed() {
        StateStore store = newStore();
        RunRecord withSummary = store.startRun("flow", false, T1, "{}");
        RunRecord without = store.startRun("flow", false, T1, "{}");
        String summary = "{\"failedstep\":\"read\",\"failedrecord\":2,"
                + "\"steps\":{\"read\":{\"status\":\"aborted\",\"recordsin\":0,\"recordsout\":1,\"millis\":3}}}";

        store.finishRun(withSummary, "aborted", T2, "{}", "Step 'read' failed: boom", summary);
        store.finishRun(without, "finalised", T2, "{}", null);

        assertEquals(Arrays.asList(summary, null), each(store.runs("flow"), RunRecord::summary));
        assertEquals(Arrays.asList(null, summary), each(store.recentRuns("flow", 5), RunRecord::summary));
        assertEquals(withSummary.finished("aborted", T2, "{}", "Step 'read' failed: boom", summary),
                store.runs("flow").get(0));
    }

    /** The process that owns a run is kept with it. */
    @Test
    public void theRunOwnerIsKept() {
        StateStore store = newStore();
        RunOwner owner = new RunOwner("host-a", 4242L, T1);

        store.startRun("flow", false, T1, "{}", owner);

        assertEquals(owner, store.runs("flow").get(0).owner());
    }

    /** The run lock is exclusive per dataflow, closing it twice is harmless, and it can be taken again. */
    @Test
    public void theRunLockIsExclusivePerDataflowAndReleasedOnClose() {
        StateStore store = newStore();

        Optional<StateStore.Lock> held = store.tryLock("flow");
        assertTrue(held.isPresent(), "the first lock of a dataflow");
        assertEquals(Optional.empty(), store.tryLock("flow"));
        Optional<StateStore.Lock> other = store.tryLock("other");
        assertTrue(other.isPresent(), "the lock of another dataflow");

        held.get().close();
        held.get().close(); // idempotent
        Optional<StateStore.Lock> again = store.tryLock("flow");
        assertTrue(again.isPresent(), "the lock after it was released");
        assertEquals(Optional.empty(), store.tryLock("other"));
        again.get().close();
        other.get().close();
    }

    /** Runs started at once from several threads get distinct names 1..n, and every one is kept. */
    @Test
    public void concurrentStartsGetDistinctNamesAndAllAreKept() throws Exception {
        StateStore store = newStore();
        int threads = 4;
        int perThread = 10;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<List<String>>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                tasks.add(() -> {
                    List<String> names = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        names.add(store.startRun("flow", false, T1, "{}").name());
                    }
                    return names;
                });
            }
            List<String> names = new ArrayList<>();
            for (Future<List<String>> f : pool.invokeAll(tasks)) {
                names.addAll(f.get());
            }
            Set<String> expected = new HashSet<>();
            for (int i = 1; i <= threads * perThread; i++) {
                expected.add(String.valueOf(i));
            }
            assertEquals(threads * perThread, names.size());
            assertEquals(expected, new HashSet<>(names));
            assertEquals(threads * perThread, store.runs("flow").size());
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- trigger of a run, recent runs ----------------------------------------------------------------------------

    /** What triggered a run is kept through its end; a run started without one has none. */
    @Test
    public void theTriggerOfARunIsKeptThroughItsEnd() {
        StateStore store = newStore();

        RunRecord cron = store.startRun("flow", false, T1, "{}", null, "cron");
        RunRecord unknown = store.startRun("flow", false, T1, "{}");
        store.finishRun(cron, "finalised", T2, "{}", null);

        assertEquals("cron", cron.trigger());
        assertEquals(List.of(Arrays.asList("cron", "finalised"), Arrays.asList(null, "processing")),
                each(store.runs("flow"), r -> fields(r, RunRecord::trigger, RunRecord::status)));
        assertEquals(null, unknown.trigger());
    }

    /** Recent runs are newest first, of every dataflow or of one, up to the limit; a limit below 1 is refused. */
    @Test
    public void recentRunsAreNewestFirstAcrossDataflowsUpToTheLimit() {
        StateStore store = newStore();
        RunRecord a1 = store.startRun("a", false, T1, "{}", null, "manual");
        RunRecord b1 = store.startRun("b", false, T1.plusSeconds(10), "{}", null, "cron");
        RunRecord a2 = store.startRun("a", true, T1.plusSeconds(20), "{}", null, "webhook");
        RunRecord a3 = store.startRun("a", false, T1.plusSeconds(20), "{}", null, "event");
        store.finishRun(b1, "aborted", T2, "{}", "boom");

        assertEquals(List.of(a3.id(), a2.id(), b1.id(), a1.id()), each(store.recentRuns(null, 10), RunRecord::id));
        assertEquals(List.of(a3.id(), a2.id()), each(store.recentRuns(null, 2), RunRecord::id));
        assertEquals(List.of(a3.id(), a2.id()), each(store.recentRuns("a", 2), RunRecord::id));
        assertEquals(List.of(List.of("b", "1", "aborted", "cron", "boom", T1.plusSeconds(10), T2)),
                each(store.recentRuns("b", 5), r -> fields(r, RunRecord::dataflow, RunRecord::name,
                        RunRecord::status, RunRecord::trigger, RunRecord::error, RunRecord::startedAt,
                        RunRecord::finishedAt)));
        assertEquals(List.of(), store.recentRuns("never run", 5));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> store.recentRuns(null, 0));
        assertEquals("limit must be at least 1: 0", refused.getMessage());
    }

    // ---- event queue ----------------------------------------------------------------------------------------------

    private static QueuedEvent queued(long id, String dataflow, String name, String json, String claimedBy) {
        return new QueuedEvent(id, dataflow, name, json, T1, claimedBy);
    }

    /** Queued events keep their data, in publishing order, with increasing ids across dataflows. */
    @Test
    public void queuedEventsKeepTheirDataInPublishingOrderWithIncreasingIds() {
        StateStore store = newStore();

        long first = store.enqueueEvent("flow", "course_viewed", "{\"courseid\":7,\"text\":\"Grüße \\\"x\\\"\"}", T1);
        long other = store.enqueueEvent("other", "course_viewed", "{}", T1);
        long second = store.enqueueEvent("flow", "user_created", "{\"userid\":1}", T1);
        long third = store.enqueueEvent("flow", "user_created", "{\"userid\":2}", T1);

        assertTrue(first < other && other < second && second < third,
                "ids must increase: " + List.of(first, other, second, third));
        assertEquals(List.of(
                queued(first, "flow", "course_viewed", "{\"courseid\":7,\"text\":\"Grüße \\\"x\\\"\"}", null),
                queued(second, "flow", "user_created", "{\"userid\":1}", null),
                queued(third, "flow", "user_created", "{\"userid\":2}", null)), store.queuedEvents("flow", 10));
        assertEquals(List.of(first, second), each(store.queuedEvents("flow", 2), QueuedEvent::id));
        assertEquals(List.of(second, third), each(store.queuedEvents("flow", first, 10), QueuedEvent::id));
        assertEquals(List.of(), store.queuedEvents("flow", third, 10));
        assertEquals(List.of(other), each(store.queuedEvents("other", 10), QueuedEvent::id));
        assertEquals(List.of(), store.queuedEvents("nobody", 10));
    }

    /** A claim takes the oldest unclaimed events of its dataflow up to the limit; a limit below 1 is refused. */
    @Test
    public void aClaimTakesTheOldestUnclaimedEventsOfItsDataflowUpToTheLimit() {
        StateStore store = newStore();
        List<Long> ids = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            ids.add(store.enqueueEvent("flow", "e", "{\"n\":" + i + "}", T1));
        }
        long other = store.enqueueEvent("other", "e", "{}", T1);
        String first = store.startRun("flow", false, T1, "{}").id();
        String second = store.startRun("flow", false, T1, "{}").id();

        List<QueuedEvent> claimed = store.claimEvents("flow", first, 2);
        List<QueuedEvent> rest = store.claimEvents("flow", second, 10);

        assertEquals(List.of(queued(ids.get(0), "flow", "e", "{\"n\":1}", first),
                queued(ids.get(1), "flow", "e", "{\"n\":2}", first)), claimed);
        assertEquals(List.of(List.of(ids.get(2), second), List.of(ids.get(3), second), List.of(ids.get(4), second)),
                each(rest, e -> fields(e, QueuedEvent::id, QueuedEvent::claimedBy)));
        assertEquals(List.of(), store.claimEvents("flow", first, 10));
        assertEquals(List.of(first, first, second, second, second),
                each(store.queuedEvents("flow", 10), QueuedEvent::claimedBy));
        assertEquals(List.of(queued(other, "other", "e", "{}", null)), store.queuedEvents("other", 10));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> store.claimEvents("flow", first, 0));
        assertEquals("limit must be at least 1: 0", refused.getMessage());
    }

    /** Settling deletes the events a run consumed and returns those of a failed run to the queue. */
    @Test
    public void settlingDeletesConsumedEventsAndReturnsTheOthersToTheQueue() {
        StateStore store = newStore();
        long a = store.enqueueEvent("flow", "e", "{\"n\":1}", T1);
        long b = store.enqueueEvent("flow", "e", "{\"n\":2}", T1);
        long c = store.enqueueEvent("flow", "e", "{\"n\":3}", T1);
        String finalised = store.startRun("flow", false, T1, "{}").id();
        String aborted = store.startRun("flow", false, T1, "{}").id();
        store.claimEvents("flow", finalised, 1);
        store.claimEvents("flow", aborted, 2);

        assertEquals(1, store.settleEvents(finalised, true));
        assertEquals(2, store.settleEvents(aborted, false));
        assertEquals(0, store.settleEvents(aborted, false));
        assertEquals(0, store.settleEvents("never claimed", true));

        assertEquals(List.of(queued(b, "flow", "e", "{\"n\":2}", null), queued(c, "flow", "e", "{\"n\":3}", null)),
                store.queuedEvents("flow", 10));
        String retry = store.startRun("flow", false, T1, "{}").id();
        List<Long> retried = each(store.claimEvents("flow", retry, 10), QueuedEvent::id);
        assertEquals(List.of(b, c), retried);
        assertTrue(!retried.contains(a), "the consumed event must be gone");
    }

    /**
     * Events held by a run that ended are claimable again, and that run's late settlement changes nothing; events
     * held by a processing run or an unknown one stay held.
     */
    @Test
    public void eventsClaimedByARunThatEndedAreClaimableAgainAndItsLateSettlementTouchesNothing() {
        StateStore store = newStore();
        long a = store.enqueueEvent("flow", "e", "{}", T1);
        long b = store.enqueueEvent("flow", "e", "{}", T1);
        RunRecord died = store.startRun("flow", false, T1, "{}");
        String unknownRun = "4b7c1a52-0000-4000-8000-000000000000";
        store.claimEvents("flow", died.id(), 1);
        store.claimEvents("flow", unknownRun, 1);
        String live = store.startRun("flow", false, T1, "{}").id();

        assertEquals(List.of(), store.claimEvents("flow", live, 10),
                "a processing run and an unknown one hold the events");
        store.finishRun(died, "aborted", T2, "{}", RunRecord.PROCESS_DIED);
        assertEquals(List.of(List.of(a, live)),
                each(store.claimEvents("flow", live, 10), e -> fields(e, QueuedEvent::id, QueuedEvent::claimedBy)));

        assertEquals(0, store.settleEvents(died.id(), true));
        assertEquals(List.of(List.of(a, live), List.of(b, unknownRun)),
                each(store.queuedEvents("flow", 10), e -> fields(e, QueuedEvent::id, QueuedEvent::claimedBy)));
    }

    /** Listing the queue claims nothing, and a run that claimed nothing settles nothing. */
    @Test
    public void readingTheQueueClaimsNothing() {
        StateStore store = newStore();
        long a = store.enqueueEvent("flow", "e", "{}", T1);
        String run = store.startRun("flow", true, T1, "{}").id();

        assertEquals(Arrays.asList((String) null), each(store.queuedEvents("flow", 10), QueuedEvent::claimedBy));
        assertEquals(0, store.settleEvents(run, true));
        String real = store.startRun("flow", false, T1, "{}").id();
        assertEquals(List.of(a), each(store.claimEvents("flow", real, 10), QueuedEvent::id));
    }

    /** Clearing deletes the queue of one dataflow, claimed events included; ids keep increasing. */
    @Test
    public void clearingDeletesTheQueueOfOneDataflow() {
        StateStore store = newStore();
        store.enqueueEvent("flow", "e", "{}", T1);
        store.enqueueEvent("flow", "e", "{}", T1);
        long kept = store.enqueueEvent("other", "e", "{}", T1);
        store.claimEvents("flow", store.startRun("flow", false, T1, "{}").id(), 1);

        assertEquals(2, store.clearEvents("flow"));
        assertEquals(0, store.clearEvents("flow"));

        assertEquals(List.of(), store.queuedEvents("flow", 10));
        assertEquals(List.of(kept), each(store.queuedEvents("other", 10), QueuedEvent::id));
        long next = store.enqueueEvent("flow", "e", "{}", T1);
        assertTrue(next > kept, "a new event's id " + next + " must be greater than " + kept);
    }

    /** Claimers on several store instances at once never claim the same event and together claim every one. */
    @Test
    public void concurrentClaimersNeverClaimTheSameEventAndMissNone() throws Exception {
        int claimers = 4;
        List<StateStore> stores = newSharedStores(claimers);
        int events = 60;
        Set<Long> published = new HashSet<>();
        for (int i = 0; i < events; i++) {
            published.add(stores.get(0).enqueueEvent("flow", "e", "{\"n\":" + i + "}", T1));
        }
        ExecutorService pool = Executors.newFixedThreadPool(claimers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<Long>>> futures = new ArrayList<>();
            for (int t = 0; t < claimers; t++) {
                StateStore store = stores.get(t);
                int limit = t + 1;
                futures.add(pool.submit(() -> {
                    String run = store.startRun("flow", false, T1, "{}").id();
                    start.await();
                    List<Long> mine = new ArrayList<>();
                    while (true) {
                        List<QueuedEvent> page = store.claimEvents("flow", run, limit);
                        if (page.isEmpty()) {
                            return mine;
                        }
                        for (QueuedEvent e : page) {
                            assertEquals(run, e.claimedBy());
                            mine.add(e.id());
                        }
                    }
                }));
            }
            start.countDown();
            List<Long> claimed = new ArrayList<>();
            for (Future<List<Long>> f : futures) {
                claimed.addAll(f.get(60, TimeUnit.SECONDS));
            }
            assertEquals(events, claimed.size(), "events claimed");
            assertEquals(events, new HashSet<>(claimed).size(), "an event was claimed twice: " + claimed);
            assertEquals(published, new HashSet<>(claimed));
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- schedules ------------------------------------------------------------------------------------------------

    /** Schedules are kept per dataflow, replaced by a save, and deleted (twice harmlessly). */
    @Test
    public void schedulesRoundTripPerDataflowAndCanBeDeleted() {
        StateStore store = newStore();

        assertEquals(Optional.empty(), store.schedule("flow"));
        store.saveSchedule("flow", new ScheduleState(null, T1, 0));
        store.saveSchedule("other", new ScheduleState(T1, T2, 2));
        assertEquals(Optional.of(new ScheduleState(null, T1, 0)), store.schedule("flow"));
        store.saveSchedule("flow", new ScheduleState(T1, null, 1));

        assertEquals(Optional.of(new ScheduleState(T1, null, 1)), store.schedule("flow"));
        assertEquals(Optional.of(new ScheduleState(T1, T2, 2)), store.schedule("other"));
        store.deleteSchedule("flow");
        store.deleteSchedule("flow");
        assertEquals(Optional.empty(), store.schedule("flow"));
        assertEquals(Optional.of(new ScheduleState(T1, T2, 2)), store.schedule("other"));
    }

    /** Advancing a schedule takes its firing only while that firing (to the millisecond) is still the next one. */
    @Test
    public void advancingAScheduleTakesTheFiringOnlyWhileItIsStillTheNextOne() {
        StateStore store = newStore();
        ScheduleState next = new ScheduleState(T1, T2, 0);

        assertEquals(false, store.advanceSchedule("flow", T1, next), "no schedule");
        store.saveSchedule("flow", new ScheduleState(null, T1, 0));
        assertEquals(false, store.advanceSchedule("flow", T1.plusMillis(1), next), "another due time");
        assertEquals(Optional.of(new ScheduleState(null, T1, 0)), store.schedule("flow"));
        assertEquals(true, store.advanceSchedule("flow", T1.plusNanos(999_000), next), "the same millisecond");
        assertEquals(Optional.of(next), store.schedule("flow"));
        assertEquals(false, store.advanceSchedule("flow", T1, new ScheduleState(T1, T1, 0)), "taken already");
        assertEquals(Optional.of(next), store.schedule("flow"));
    }

    /** Of schedulers on several store instances advancing the same firing at once, exactly one takes it. */
    @Test
    public void ofConcurrentSchedulersExactlyOneTakesAFiring() throws Exception {
        int takers = 4;
        List<StateStore> stores = newSharedStores(takers);
        ExecutorService pool = Executors.newFixedThreadPool(takers);
        try {
            for (int round = 0; round < 20; round++) {
                Instant due = T1.plusSeconds(round);
                stores.get(0).saveSchedule("flow", new ScheduleState(null, due, 0));
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> futures = new ArrayList<>();
                for (int t = 0; t < takers; t++) {
                    StateStore store = stores.get(t);
                    ScheduleState next = new ScheduleState(due, due.plusSeconds(1), t);
                    futures.add(pool.submit(() -> {
                        start.await();
                        return store.advanceSchedule("flow", due, next);
                    }));
                }
                start.countDown();
                int taken = 0;
                for (Future<Boolean> f : futures) {
                    taken += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertEquals(1, taken, "schedulers that took the firing in round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
