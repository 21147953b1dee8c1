package io.dataflows.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.dataflows.StateStores;
import io.dataflows.spi.QueuedEvent;
import io.dataflows.spi.RunOwner;
import io.dataflows.spi.RunRecord;
import io.dataflows.spi.ScheduleState;
import io.dataflows.spi.StateStore;
import io.dataflows.testkit.TestDatabase;
import java.nio.file.Path;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What every {@link StateStore} that {@link StateStores} gives out promises, checked on each of them: in memory, a
 * directory, H2 and PostgreSQL (skipped without a server, failing in CI, as {@link TestDatabase} does). Behaviour
 * only one store has (migrations, a dead session's lock) is tested with that store.
 */
class StateStoreContractTest {

    enum Store { MEMORY, DIRECTORY, H2, POSTGRESQL }

    private static final Instant T1 = Instant.parse("2024-05-06T07:08:09.123Z");
    private static final Instant T2 = Instant.parse("2024-05-06T07:09:10.456Z");

    @TempDir
    Path dir;

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable r : resources) {
            r.close();
        }
    }

    private StateStore open(Store kind) {
        return openShared(kind, 1).get(0);
    }

    /**
     * {@code count} stores over the same state, as processes sharing it have: instances of the directory and the
     * database stores; the in-memory store, which no other instance can share, {@code count} times.
     */
    private List<StateStore> openShared(Store kind, int count) {
        List<StateStore> stores = new ArrayList<>();
        switch (kind) {
            case MEMORY:
                StateStore memory = StateStores.inMemory();
                for (int i = 0; i < count; i++) {
                    stores.add(memory);
                }
                return stores;
            case DIRECTORY:
                for (int i = 0; i < count; i++) {
                    stores.add(StateStores.directory(dir.resolve("state")));
                }
                return stores;
            default:
                TestDatabase db = TestDatabase.create(kind == Store.H2 ? TestDatabase.Kind.H2
                        : TestDatabase.Kind.POSTGRESQL);
                resources.add(db);
                for (int i = 0; i < count; i++) {
                    stores.add(StateStores.jdbc(db.dataSource()));
                }
                return stores;
        }
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

    @ParameterizedTest
    @EnumSource(Store.class)
    void variablesOfAnUnknownDataflowAreEmpty(Store kind) {
        StateStore store = open(kind);

        assertThat(store.loadVariables("never saved")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void variablesRoundTripEveryKindOfValueInOrder(Store kind) {
        StateStore store = open(kind);

        store.saveVariables("flow", everyKindOfValue());

        Map<String, Object> loaded = store.loadVariables("flow");
        assertThat(loaded).isEqualTo(everyKindOfValue());
        assertThat(loaded.keySet()).containsExactlyElementsOf(everyKindOfValue().keySet());
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void savingReplacesTheVariablesOfThatDataflowOnly(Store kind) {
        StateStore store = open(kind);
        store.saveVariables("flow", Map.of("old", 1L, "kept", "a"));
        store.saveVariables("other", Map.of("x", "y"));

        store.saveVariables("flow", Map.of("kept", "b"));

        assertThat(store.loadVariables("flow")).isEqualTo(Map.of("kept", "b"));
        assertThat(store.loadVariables("other")).isEqualTo(Map.of("x", "y"));
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void loadedVariablesAreACopyTheCallerMayChange(Store kind) {
        StateStore store = open(kind);
        store.saveVariables("flow", Map.of("a", 1L));

        Map<String, Object> loaded = store.loadVariables("flow");
        loaded.put("b", 2L);
        loaded.remove("a");

        assertThat(store.loadVariables("flow")).isEqualTo(Map.of("a", 1L));
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void stepStateIsKeptPerDataflowStepAndKey(Store kind) {
        StateStore store = open(kind);

        assertThat(store.stepState("flow", "read", "counter")).isEmpty();
        store.putStepState("flow", "read", "counter", 10L);
        store.putStepState("flow", "read", "other", "text");
        store.putStepState("flow", "write", "counter", 20L);
        store.putStepState("second", "read", "counter", 30L);
        store.putStepState("flow", "read", "counter", 11L);

        assertThat(store.stepState("flow", "read", "counter")).contains(11L);
        assertThat(store.stepState("flow", "read", "other")).contains("text");
        assertThat(store.stepState("flow", "write", "counter")).contains(20L);
        assertThat(store.stepState("second", "read", "counter")).contains(30L);
        assertThat(store.stepState("flow", "read", "missing")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void stepStateHoldsStructuredValues(Store kind) {
        StateStore store = open(kind);
        Map<String, Object> value = everyKindOfValue();

        store.putStepState("flow", "sftp", "hostkeys", value);

        assertThat(store.stepState("flow", "sftp", "hostkeys")).contains(value);
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void runsAreNumberedPerDataflowAndListedOldestFirst(Store kind) {
        StateStore store = open(kind);

        RunRecord first = store.startRun("flow", false, T1, "{\"a\":1}");
        RunRecord other = store.startRun("other", true, T1, "{}");
        RunRecord second = store.startRun("flow", true, T2, "{\"a\":2}");

        assertThat(first.name()).isEqualTo("1");
        assertThat(second.name()).isEqualTo("2");
        assertThat(other.name()).isEqualTo("1");
        assertThat(Set.of(first.id(), second.id(), other.id())).hasSize(3);
        assertThat(store.runs("flow")).extracting(RunRecord::id).containsExactly(first.id(), second.id());
        assertThat(store.runs("never run")).isEmpty();
        RunRecord started = store.runs("flow").get(1);
        assertThat(started.dataflow()).isEqualTo("flow");
        assertThat(started.dryRun()).isTrue();
        assertThat(started.status()).isEqualTo("processing");
        assertThat(started.startedAt()).isEqualTo(T2);
        assertThat(started.finishedAt()).isNull();
        assertThat(started.startState()).isEqualTo("{\"a\":2}");
        assertThat(started.endState()).isNull();
        assertThat(started.error()).isNull();
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void finishingARunRecordsItsStatusEndStateAndError(Store kind) {
        StateStore store = open(kind);
        RunRecord ok = store.startRun("flow", false, T1, "{}");
        RunRecord failed = store.startRun("flow", false, T1, "{}");

        store.finishRun(ok, "finalised", T2, "{\"done\":true}", null);
        store.finishRun(failed, "aborted", T2, "{}", "Step 'read' failed: boom");

        List<RunRecord> runs = store.runs("flow");
        assertThat(runs).extracting(RunRecord::status).containsExactly("finalised", "aborted");
        assertThat(runs).extracting(RunRecord::finishedAt).containsExactly(T2, T2);
        assertThat(runs).extracting(RunRecord::endState).containsExactly("{\"done\":true}", "{}");
        assertThat(runs).extracting(RunRecord::error).containsExactly(null, "Step 'read' failed: boom");
        assertThat(runs).extracting(RunRecord::startState).containsExactly("{}", "{}");
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void theSummaryOfARunIsKeptAndListed(Store kind) {
        StateStore store = open(kind);
        RunRecord withSummary = store.startRun("flow", false, T1, "{}");
        RunRecord without = store.startRun("flow", false, T1, "{}");
        String summary = "{\"failedstep\":\"read\",\"failedrecord\":2,"
                + "\"steps\":{\"read\":{\"status\":\"aborted\",\"recordsin\":0,\"recordsout\":1,\"millis\":3}}}";

        store.finishRun(withSummary, "aborted", T2, "{}", "Step 'read' failed: boom", summary);
        store.finishRun(without, "finalised", T2, "{}", null);

        assertThat(store.runs("flow")).extracting(RunRecord::summary).containsExactly(summary, null);
        assertThat(store.recentRuns("flow", 5)).extracting(RunRecord::summary).containsExactly(null, summary);
        assertThat(store.runs("flow").get(0)).isEqualTo(withSummary.finished("aborted", T2, "{}",
                "Step 'read' failed: boom", summary));
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void theRunOwnerIsKept(Store kind) {
        StateStore store = open(kind);
        RunOwner owner = new RunOwner("host-a", 4242L, T1);

        store.startRun("flow", false, T1, "{}", owner);

        assertThat(store.runs("flow").get(0).owner()).isEqualTo(owner);
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void theRunLockIsExclusivePerDataflowAndReleasedOnClose(Store kind) {
        StateStore store = open(kind);

        Optional<StateStore.Lock> held = store.tryLock("flow");
        assertThat(held).isPresent();
        assertThat(store.tryLock("flow")).isEmpty();
        Optional<StateStore.Lock> other = store.tryLock("other");
        assertThat(other).isPresent();

        held.get().close();
        held.get().close(); // idempotent
        Optional<StateStore.Lock> again = store.tryLock("flow");
        assertThat(again).isPresent();
        assertThat(store.tryLock("other")).isEmpty();
        again.get().close();
        other.get().close();
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void concurrentStartsGetDistinctNamesAndAllAreKept(Store kind) throws Exception {
        StateStore store = open(kind);
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
            Set<String> names = new HashSet<>();
            for (Future<List<String>> f : pool.invokeAll(tasks)) {
                names.addAll(f.get());
            }
            String[] expected = new String[threads * perThread];
            Arrays.setAll(expected, i -> String.valueOf(i + 1));
            assertThat(names).containsExactlyInAnyOrder(expected);
            assertThat(store.runs("flow")).hasSize(threads * perThread);
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- trigger of a run, recent runs ---------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Store.class)
    void theTriggerOfARunIsKeptThroughItsEnd(Store kind) {
        StateStore store = open(kind);

        RunRecord cron = store.startRun("flow", false, T1, "{}", null, "cron");
        RunRecord unknown = store.startRun("flow", false, T1, "{}");
        store.finishRun(cron, "finalised", T2, "{}", null);

        assertThat(cron.trigger()).isEqualTo("cron");
        assertThat(store.runs("flow")).extracting(RunRecord::trigger, RunRecord::status).containsExactly(
                tuple("cron", "finalised"), tuple(null, "processing"));
        assertThat(unknown.trigger()).isNull();
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void recentRunsAreNewestFirstAcrossDataflowsUpToTheLimit(Store kind) {
        StateStore store = open(kind);
        RunRecord a1 = store.startRun("a", false, T1, "{}", null, "manual");
        RunRecord b1 = store.startRun("b", false, T1.plusSeconds(10), "{}", null, "cron");
        RunRecord a2 = store.startRun("a", true, T1.plusSeconds(20), "{}", null, "webhook");
        RunRecord a3 = store.startRun("a", false, T1.plusSeconds(20), "{}", null, "event");
        store.finishRun(b1, "aborted", T2, "{}", "boom");

        assertThat(store.recentRuns(null, 10)).extracting(RunRecord::id)
                .containsExactly(a3.id(), a2.id(), b1.id(), a1.id());
        assertThat(store.recentRuns(null, 2)).extracting(RunRecord::id).containsExactly(a3.id(), a2.id());
        assertThat(store.recentRuns("a", 2)).extracting(RunRecord::id).containsExactly(a3.id(), a2.id());
        assertThat(store.recentRuns("b", 5)).extracting(RunRecord::dataflow, RunRecord::name, RunRecord::status,
                RunRecord::trigger, RunRecord::error, RunRecord::startedAt, RunRecord::finishedAt).containsExactly(
                tuple("b", "1", "aborted", "cron", "boom", T1.plusSeconds(10), T2));
        assertThat(store.recentRuns("never run", 5)).isEmpty();
        assertThatThrownBy(() -> store.recentRuns(null, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit must be at least 1: 0");
    }

    // ---- event queue ---------------------------------------------------------------------------------------------

    private static QueuedEvent queued(long id, String dataflow, String name, String json, String claimedBy) {
        return new QueuedEvent(id, dataflow, name, json, T1, claimedBy);
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void queuedEventsKeepTheirDataInPublishingOrderWithIncreasingIds(Store kind) {
        StateStore store = open(kind);

        long first = store.enqueueEvent("flow", "course_viewed", "{\"courseid\":7,\"text\":\"Grüße \\\"x\\\"\"}", T1);
        long other = store.enqueueEvent("other", "course_viewed", "{}", T1);
        long second = store.enqueueEvent("flow", "user_created", "{\"userid\":1}", T1);
        long third = store.enqueueEvent("flow", "user_created", "{\"userid\":2}", T1);

        assertThat(first).isLessThan(other);
        assertThat(other).isLessThan(second);
        assertThat(second).isLessThan(third);
        assertThat(store.queuedEvents("flow", 10)).containsExactly(
                queued(first, "flow", "course_viewed", "{\"courseid\":7,\"text\":\"Grüße \\\"x\\\"\"}", null),
                queued(second, "flow", "user_created", "{\"userid\":1}", null),
                queued(third, "flow", "user_created", "{\"userid\":2}", null));
        assertThat(store.queuedEvents("flow", 2)).extracting(QueuedEvent::id).containsExactly(first, second);
        assertThat(store.queuedEvents("flow", first, 10)).extracting(QueuedEvent::id).containsExactly(second, third);
        assertThat(store.queuedEvents("flow", third, 10)).isEmpty();
        assertThat(store.queuedEvents("other", 10)).extracting(QueuedEvent::id).containsExactly(other);
        assertThat(store.queuedEvents("nobody", 10)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void aClaimTakesTheOldestUnclaimedEventsOfItsDataflowUpToTheLimit(Store kind) {
        StateStore store = open(kind);
        List<Long> ids = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            ids.add(store.enqueueEvent("flow", "e", "{\"n\":" + i + "}", T1));
        }
        long other = store.enqueueEvent("other", "e", "{}", T1);
        String first = store.startRun("flow", false, T1, "{}").id();
        String second = store.startRun("flow", false, T1, "{}").id();

        List<QueuedEvent> claimed = store.claimEvents("flow", first, 2);
        List<QueuedEvent> rest = store.claimEvents("flow", second, 10);

        assertThat(claimed).containsExactly(queued(ids.get(0), "flow", "e", "{\"n\":1}", first),
                queued(ids.get(1), "flow", "e", "{\"n\":2}", first));
        assertThat(rest).extracting(QueuedEvent::id, QueuedEvent::claimedBy).containsExactly(
                tuple(ids.get(2), second), tuple(ids.get(3), second), tuple(ids.get(4), second));
        assertThat(store.claimEvents("flow", first, 10)).isEmpty();
        assertThat(store.queuedEvents("flow", 10)).extracting(QueuedEvent::claimedBy)
                .containsExactly(first, first, second, second, second);
        assertThat(store.queuedEvents("other", 10)).containsExactly(queued(other, "other", "e", "{}", null));
        assertThatThrownBy(() -> store.claimEvents("flow", first, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit must be at least 1: 0");
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void settlingDeletesConsumedEventsAndReturnsTheOthersToTheQueue(Store kind) {
        StateStore store = open(kind);
        long a = store.enqueueEvent("flow", "e", "{\"n\":1}", T1);
        long b = store.enqueueEvent("flow", "e", "{\"n\":2}", T1);
        long c = store.enqueueEvent("flow", "e", "{\"n\":3}", T1);
        String finalised = store.startRun("flow", false, T1, "{}").id();
        String aborted = store.startRun("flow", false, T1, "{}").id();
        store.claimEvents("flow", finalised, 1);
        store.claimEvents("flow", aborted, 2);

        assertThat(store.settleEvents(finalised, true)).isEqualTo(1);
        assertThat(store.settleEvents(aborted, false)).isEqualTo(2);
        assertThat(store.settleEvents(aborted, false)).isZero();
        assertThat(store.settleEvents("never claimed", true)).isZero();

        assertThat(store.queuedEvents("flow", 10)).containsExactly(queued(b, "flow", "e", "{\"n\":2}", null),
                queued(c, "flow", "e", "{\"n\":3}", null));
        String retry = store.startRun("flow", false, T1, "{}").id();
        assertThat(store.claimEvents("flow", retry, 10)).extracting(QueuedEvent::id).containsExactly(b, c)
                .doesNotContain(a);
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void eventsClaimedByARunThatEndedAreClaimableAgainAndItsLateSettlementTouchesNothing(Store kind) {
        StateStore store = open(kind);
        long a = store.enqueueEvent("flow", "e", "{}", T1);
        long b = store.enqueueEvent("flow", "e", "{}", T1);
        RunRecord died = store.startRun("flow", false, T1, "{}");
        String unknownRun = "4b7c1a52-0000-4000-8000-000000000000";
        store.claimEvents("flow", died.id(), 1);
        store.claimEvents("flow", unknownRun, 1);
        String live = store.startRun("flow", false, T1, "{}").id();

        assertThat(store.claimEvents("flow", live, 10)).isEmpty(); // a processing run and an unknown one hold them
        store.finishRun(died, "aborted", T2, "{}", RunRecord.PROCESS_DIED);
        assertThat(store.claimEvents("flow", live, 10)).extracting(QueuedEvent::id, QueuedEvent::claimedBy)
                .containsExactly(tuple(a, live));

        assertThat(store.settleEvents(died.id(), true)).isZero();
        assertThat(store.queuedEvents("flow", 10)).extracting(QueuedEvent::id, QueuedEvent::claimedBy)
                .containsExactly(tuple(a, live), tuple(b, unknownRun));
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void readingTheQueueClaimsNothing(Store kind) {
        StateStore store = open(kind);
        long a = store.enqueueEvent("flow", "e", "{}", T1);
        String run = store.startRun("flow", true, T1, "{}").id();

        assertThat(store.queuedEvents("flow", 10)).extracting(QueuedEvent::claimedBy).containsExactly((String) null);
        assertThat(store.settleEvents(run, true)).isZero();
        String real = store.startRun("flow", false, T1, "{}").id();
        assertThat(store.claimEvents("flow", real, 10)).extracting(QueuedEvent::id).containsExactly(a);
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void clearingDeletesTheQueueOfOneDataflow(Store kind) {
        StateStore store = open(kind);
        store.enqueueEvent("flow", "e", "{}", T1);
        store.enqueueEvent("flow", "e", "{}", T1);
        long kept = store.enqueueEvent("other", "e", "{}", T1);
        store.claimEvents("flow", store.startRun("flow", false, T1, "{}").id(), 1);

        assertThat(store.clearEvents("flow")).isEqualTo(2);
        assertThat(store.clearEvents("flow")).isZero();

        assertThat(store.queuedEvents("flow", 10)).isEmpty();
        assertThat(store.queuedEvents("other", 10)).extracting(QueuedEvent::id).containsExactly(kept);
        assertThat(store.enqueueEvent("flow", "e", "{}", T1)).isGreaterThan(kept);
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void concurrentClaimersNeverClaimTheSameEventAndMissNone(Store kind) throws Exception {
        int claimers = 4;
        List<StateStore> stores = openShared(kind, claimers);
        int events = 60;
        Set<Long> published = new HashSet<>();
        for (int i = 0; i < events; i++) {
            published.add(stores.get(0).enqueueEvent("flow", "e", "{\"n\":" + i + "}", T1));
        }
        ExecutorService pool = Executors.newFixedThreadPool(claimers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Callable<List<Long>>> tasks = new ArrayList<>();
            for (int t = 0; t < claimers; t++) {
                StateStore store = stores.get(t);
                int limit = t + 1;
                tasks.add(() -> {
                    String run = store.startRun("flow", false, T1, "{}").id();
                    start.await();
                    List<Long> mine = new ArrayList<>();
                    while (true) {
                        List<QueuedEvent> page = store.claimEvents("flow", run, limit);
                        if (page.isEmpty()) {
                            return mine;
                        }
                        for (QueuedEvent e : page) {
                            assertThat(e.claimedBy()).isEqualTo(run);
                            mine.add(e.id());
                        }
                    }
                });
            }
            List<Future<List<Long>>> futures = new ArrayList<>();
            for (Callable<List<Long>> task : tasks) {
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<Long> claimed = new ArrayList<>();
            for (Future<List<Long>> f : futures) {
                claimed.addAll(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(claimed).hasSize(events).doesNotHaveDuplicates();
            assertThat(new HashSet<>(claimed)).isEqualTo(published);
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- schedules -----------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Store.class)
    void schedulesRoundTripPerDataflowAndCanBeDeleted(Store kind) {
        StateStore store = open(kind);

        assertThat(store.schedule("flow")).isEmpty();
        store.saveSchedule("flow", new ScheduleState(null, T1, 0));
        store.saveSchedule("other", new ScheduleState(T1, T2, 2));
        assertThat(store.schedule("flow")).contains(new ScheduleState(null, T1, 0));
        store.saveSchedule("flow", new ScheduleState(T1, null, 1));

        assertThat(store.schedule("flow")).contains(new ScheduleState(T1, null, 1));
        assertThat(store.schedule("other")).contains(new ScheduleState(T1, T2, 2));
        store.deleteSchedule("flow");
        store.deleteSchedule("flow");
        assertThat(store.schedule("flow")).isEmpty();
        assertThat(store.schedule("other")).contains(new ScheduleState(T1, T2, 2));
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void advancingAScheduleTakesTheFiringOnlyWhileItIsStillTheNextOne(Store kind) {
        StateStore store = open(kind);
        ScheduleState next = new ScheduleState(T1, T2, 0);

        assertThat(store.advanceSchedule("flow", T1, next)).as("no schedule").isFalse();
        store.saveSchedule("flow", new ScheduleState(null, T1, 0));
        assertThat(store.advanceSchedule("flow", T1.plusMillis(1), next)).as("another due time").isFalse();
        assertThat(store.schedule("flow")).contains(new ScheduleState(null, T1, 0));
        assertThat(store.advanceSchedule("flow", T1.plusNanos(999_000), next)).as("the same millisecond").isTrue();
        assertThat(store.schedule("flow")).contains(next);
        assertThat(store.advanceSchedule("flow", T1, new ScheduleState(T1, T1, 0))).as("taken already").isFalse();
        assertThat(store.schedule("flow")).contains(next);
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void ofConcurrentSchedulersExactlyOneTakesAFiring(Store kind) throws Exception {
        int takers = 4;
        List<StateStore> stores = openShared(kind, takers);
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
                assertThat(taken).as("round " + round).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
