package io.dataflows.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StateStores;
import io.dataflows.StepSpec;
import io.dataflows.internal.store.JdbcStateStore;
import io.dataflows.spi.RunOwner;
import io.dataflows.spi.RunRecord;
import io.dataflows.spi.StateStore;
import io.dataflows.testkit.TestConnector;
import io.dataflows.testkit.TestDatabase;
import io.dataflows.testkit.TestEngines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs whose process died stay {@code processing} in the history unless something ends them: before a run starts,
 * the engine marks them {@code aborted} with the error "process died" — the runs of dead processes of this host, and
 * the runs of the dataflow whose lock the new run holds.
 */
class DeadRunsTest {

    private static final StepSpec CONNECTOR = StepSpec.of(TestConnector.ID);
    private static final Instant T0 = Instant.parse("2024-05-06T07:08:09Z");

    @TempDir
    Path dir;

    /** The stores the notion applies to: a database shared by processes, and a directory shared by processes. */
    enum Store { H2, POSTGRESQL, DIRECTORY }

    private <T> T withStore(Store kind, Function<StateStore, T> test) {
        if (kind == Store.DIRECTORY) {
            return test.apply(StateStores.directory(dir.resolve("state")));
        }
        try (TestDatabase db = TestDatabase.create(kind == Store.H2 ? TestDatabase.Kind.H2
                : TestDatabase.Kind.POSTGRESQL)) {
            return test.apply(StateStores.jdbc(db.dataSource()));
        }
    }

    /** This process as the engine records it: read from a run it ran. */
    private static RunOwner thisProcess(DataflowEngine engine) {
        engine.run(Dataflow.builder("probe").step("a", CONNECTOR).build());
        List<RunRecord> runs = engine.stateStore().runs("probe");
        return runs.get(runs.size() - 1).owner();
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void beforeARunStartsTheRunsOfDeadProcessesAreMarkedAborted(Store kind) {
        withStore(kind, store -> {
            DataflowEngine engine = TestEngines.builder().stateStore(store).build();
            RunOwner me = thisProcess(engine);
            assertThat(me.host()).isNotBlank();
            assertThat(me.pid()).isEqualTo(ProcessHandle.current().pid());
            Map<String, RunRecord> runs = new LinkedHashMap<>();
            runs.put("gone", store.startRun("other", false, T0, "{}", new RunOwner(me.host(), 999_999_999L, T0)));
            runs.put("pid reused", store.startRun("other", false, T0, "{}", new RunOwner(me.host(), me.pid(), T0)));
            runs.put("alive", store.startRun("target", false, T0, "{}", me));
            runs.put("other host", store.startRun("target", false, T0, "{}", new RunOwner("elsewhere", 1, T0)));
            runs.put("no owner", store.startRun("target", false, T0, "{}", null));
            runs.put("other host, other flow", store.startRun("other", false, T0, "{}",
                    new RunOwner("elsewhere", 1, T0)));
            runs.put("finished", store.startRun("other", false, T0, "{}", new RunOwner(me.host(), 999_999_999L, T0)));
            store.finishRun(runs.get("finished"), "finalised", T0.plusSeconds(1), "{}", null);

            RunResult result = engine.run(Dataflow.builder("target").step("a", CONNECTOR).build());

            assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
            Map<String, String> statuses = new LinkedHashMap<>();
            runs.forEach((what, run) -> {
                RunRecord now = find(store, run);
                statuses.put(what, now.status() + (now.error() == null ? "" : ": " + now.error()));
                if (now.status().equals("aborted")) {
                    assertThat(now.finishedAt()).isNotNull().isAfterOrEqualTo(now.startedAt());
                }
            });
            assertThat(statuses).containsExactly(
                    Map.entry("gone", "aborted: process died"),
                    Map.entry("pid reused", "aborted: process died"),
                    Map.entry("alive", "processing"), // a live process of this host is never judged dead
                    Map.entry("other host", "aborted: process died"), // the new run holds the dataflow's lock
                    Map.entry("no owner", "aborted: process died"),
                    Map.entry("other host, other flow", "processing"), // nothing tells whether it is alive
                    Map.entry("finished", "finalised"));
            // A run judged dead by mistake gets its real end when it ends.
            store.finishRun(runs.get("other host"), "finalised", T0.plusSeconds(5), "{}", null);
            assertThat(find(store, runs.get("other host")).status()).isEqualTo("finalised");
            return null;
        });
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void aConcurrentDataflowsRunsOnOtherHostsAreNotJudged(Store kind) {
        withStore(kind, store -> {
            RunRecord remote = store.startRun("concurrent", false, T0, "{}", new RunOwner("elsewhere", 1, T0));
            Dataflow flow = Dataflow.builder("concurrent").concurrencyEnabled(true).step("a", CONNECTOR).build();

            TestEngines.builder().stateStore(store).build().run(flow);

            assertThat(find(store, remote).status()).isEqualTo("processing");
            return null;
        });
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void aRunThatEndsWhileItIsJudgedKeepsItsOwnEnd(Store kind) {
        withStore(kind, store -> {
            RunRecord run = store.startRun("f", false, T0, "{}", new RunOwner("h", 1, T0));

            List<RunRecord> aborted = store.abortDeadRuns(r -> {
                store.finishRun(run, "finalised", T0.plusSeconds(1), "{}", null); // it ends just now
                return true;
            }, T0.plusSeconds(2));

            assertThat(aborted).isEmpty();
            RunRecord now = find(store, run);
            assertThat(now.status()).isEqualTo("finalised");
            assertThat(now.finishedAt()).isEqualTo(T0.plusSeconds(1));
            return null;
        });
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void theOwnerIsKeptWithTheRun(Store kind) {
        withStore(kind, store -> {
            RunOwner owner = new RunOwner("host-1", 4242, Instant.parse("2024-01-02T03:04:05.678Z"));
            RunRecord run = store.startRun("f", true, T0, "{\"s\":1}", owner);

            assertThat(store.runs("f")).containsExactly(new RunRecord(run.id(), "f", "1", true, "processing", T0,
                    null, "{\"s\":1}", null, null, owner));
            List<RunRecord> aborted = store.abortDeadRuns(r -> r.owner().equals(owner), T0.plusSeconds(3));
            assertThat(aborted).extracting(RunRecord::id, RunRecord::status, RunRecord::error, RunRecord::finishedAt,
                    RunRecord::owner).containsExactly(org.assertj.core.groups.Tuple.tuple(run.id(), "aborted",
                    "process died", T0.plusSeconds(3), owner));
            assertThat(store.runs("f").get(0).status()).isEqualTo("aborted");
            return null;
        });
    }

    @Test
    void theDirectoryStoreMarksProcessingRunsSoThatFindingThemReadsOnlyThose() throws Exception {
        StateStore store = StateStores.directory(dir.resolve("state"));
        RunRecord run = store.startRun("f", false, T0, "{}", new RunOwner("h", 1, T0));
        Path runs = dir.resolve("state/f/runs");
        assertThat(runs.resolve("1.processing")).exists();

        store.finishRun(run, "finalised", T0.plusSeconds(1), "{}", null);
        assertThat(runs.resolve("1.processing")).doesNotExist();

        // A process that died between writing the end of its run and removing the mark left it behind.
        Files.writeString(runs.resolve("1.processing"), "");
        assertThat(store.abortDeadRuns(r -> true, T0.plusSeconds(2))).isEmpty();
        assertThat(runs.resolve("1.processing")).doesNotExist();
        assertThat(store.runs("f").get(0).status()).isEqualTo("finalised");
    }

    @Test
    void theInMemoryStoreNeverHoldsTheRunOfADeadProcess() {
        StateStore store = StateStores.inMemory();
        store.startRun("f", false, T0, "{}", new RunOwner("h", 999_999_999L, T0));

        assertThat(store.abortDeadRuns(r -> true, T0)).isEmpty();
        assertThat(store.runs("f").get(0).status()).isEqualTo("processing");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aDatabaseOfTheFirstSchemaVersionIsMigratedAndItsRunsKept(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            StateStore fresh = StateStores.jdbc(db.dataSource());
            RunRecord old = fresh.startRun("f", false, T0, "{}", null);
            // Back to version 1: no owner columns (nor the trigger column of version 3).
            db.execute("ALTER TABLE dataflows_runs DROP COLUMN owner_host",
                    "ALTER TABLE dataflows_runs DROP COLUMN owner_pid",
                    "ALTER TABLE dataflows_runs DROP COLUMN owner_started",
                    "ALTER TABLE dataflows_runs DROP COLUMN trigger_type",
                    "DELETE FROM dataflows_schema_version WHERE version >= 2");

            JdbcStateStore store = (JdbcStateStore) StateStores.jdbc(db.dataSource());

            assertThat(store.schemaVersion()).isEqualTo(4);
            assertThat(store.runs("f")).containsExactly(new RunRecord(old.id(), "f", "1", false, "processing", T0,
                    null, "{}", null, null, null));
            RunOwner owner = new RunOwner("h", 7, null);
            RunRecord next = store.startRun("f", false, T0, "{}", owner);
            assertThat(store.runs("f").get(1)).isEqualTo(next);
        }
    }

    private static RunRecord find(StateStore store, RunRecord run) {
        return store.runs(run.dataflow()).stream().filter(r -> r.id().equals(run.id())).findFirst().orElseThrow();
    }
}
