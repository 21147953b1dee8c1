package io.dataflows.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.StateStores;
import io.dataflows.spi.RunOwner;
import io.dataflows.spi.RunRecord;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
        switch (kind) {
            case MEMORY:
                return StateStores.inMemory();
            case DIRECTORY:
                return StateStores.directory(dir.resolve("state"));
            default:
                TestDatabase db = TestDatabase.create(kind == Store.H2 ? TestDatabase.Kind.H2
                        : TestDatabase.Kind.POSTGRESQL);
                resources.add(db);
                return StateStores.jdbc(db.dataSource());
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
}
