package io.dataflows.store;

import static io.dataflows.testkit.Maps.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.DataflowException;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StateStores;
import io.dataflows.StepSpec;
import io.dataflows.internal.store.JdbcStateStore;
import io.dataflows.spi.RunRecord;
import io.dataflows.spi.StateStore;
import io.dataflows.testkit.TestConnector;
import io.dataflows.testkit.TestDatabase;
import io.dataflows.testkit.TestKit;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The JDBC state store against H2 (PostgreSQL mode) and a real PostgreSQL. */
class JdbcStateStoreTest {

    private static final StepSpec CONNECTOR = StepSpec.of(TestConnector.ID);

    private final TestKit kit = new TestKit();

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void createsItsVersionedTablesOnFirstUseAndOnlyOnce(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            JdbcStateStore store = (JdbcStateStore) StateStores.jdbc(db.dataSource());

            assertThat(store.schemaVersion()).isEqualTo(2);
            assertThat(((JdbcStateStore) StateStores.jdbc(db.dataSource())).schemaVersion()).isEqualTo(2);
            assertThat(db.number("SELECT COUNT(*) FROM dataflows_schema_version")).isEqualTo(2);
            for (String table : List.of("dataflows_variables", "dataflows_step_state", "dataflows_runs",
                    "dataflows_locks", "dataflows_schedules", "dataflows_events")) {
                assertThat(db.number("SELECT COUNT(*) FROM " + table)).as(table).isZero();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void processesStartingTogetherMigrateOnce(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Integer>> versions = new java.util.ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    versions.add(pool.submit(() -> ((JdbcStateStore) StateStores.jdbc(db.dataSource()))
                            .schemaVersion()));
                }
                for (Future<Integer> v : versions) {
                    assertThat(v.get(30, TimeUnit.SECONDS)).isEqualTo(2);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(db.number("SELECT COUNT(*) FROM dataflows_schema_version")).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void refusesADatabaseWhoseSchemaIsNewer(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            ((JdbcStateStore) StateStores.jdbc(db.dataSource())).schemaVersion();
            db.execute("INSERT INTO dataflows_schema_version (version, description, applied_at) "
                    + "VALUES (99, 'from the future', CURRENT_TIMESTAMP)");

            assertThatThrownBy(() -> StateStores.jdbc(db.dataSource()).loadVariables("x"))
                    .isInstanceOf(DataflowException.class)
                    .hasMessageContaining("schema version 99, newer than this library supports (2)");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void keepsVariablesAndStepState(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            StateStore store = StateStores.jdbc(db.dataSource());

            assertThat(store.loadVariables("flow")).isEmpty();
            store.saveVariables("flow", map("count", 5L, "nested", map("a", "x", "b", List.of(1L, 2L))));
            store.saveVariables("flow", map("count", 6L, "nested", map("a", "y")));
            assertThat(store.loadVariables("flow")).isEqualTo(map("count", 6L, "nested", map("a", "y")));
            assertThat(store.loadVariables("other")).isEmpty();

            assertThat(store.stepState("flow", "reader", "countervalue")).isEmpty();
            store.putStepState("flow", "reader", "countervalue", "3");
            store.putStepState("flow", "reader", "countervalue", 9L);
            store.putStepState("flow", "reader", "hostkey", map("k", "v"));
            assertThat(store.stepState("flow", "reader", "countervalue")).contains(9L);
            assertThat(store.stepState("flow", "reader", "hostkey")).contains(map("k", "v"));
            assertThat(store.stepState("flow", "other", "countervalue")).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void keepsRunHistoryWithStatesAndErrors(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            StateStore store = StateStores.jdbc(db.dataSource());
            Instant t0 = Instant.parse("2024-05-06T07:08:09.123Z");

            RunRecord first = store.startRun("flow", false, t0, "{\"s\":1}");
            RunRecord second = store.startRun("flow", true, t0.plusSeconds(1), "{\"s\":2}");
            store.finishRun(first, "aborted", t0.plusSeconds(2), "{\"e\":1}", "boom");

            assertThat(first.name()).isEqualTo("1");
            assertThat(second.name()).isEqualTo("2");
            List<RunRecord> runs = store.runs("flow");
            assertThat(runs).hasSize(2);
            assertThat(runs.get(0)).isEqualTo(new RunRecord(first.id(), "flow", "1", false, "aborted", t0,
                    t0.plusSeconds(2), "{\"s\":1}", "{\"e\":1}", "boom"));
            assertThat(runs.get(1)).isEqualTo(new RunRecord(second.id(), "flow", "2", true, "processing",
                    t0.plusSeconds(1), null, "{\"s\":2}", null, null));
            assertThat(store.runs("other")).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void concurrentRunsGetDistinctNumbers(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            StateStore store = StateStores.jdbc(db.dataSource());
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<RunRecord>> started = new java.util.ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    started.add(pool.submit(() -> store.startRun("busy", false, Instant.now(), "{}")));
                }
                java.util.Set<String> names = new java.util.HashSet<>();
                for (Future<RunRecord> f : started) {
                    names.add(f.get(30, TimeUnit.SECONDS).name());
                }
                assertThat(names).hasSize(12);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void theRunLockExcludesOtherHoldersUntilReleased(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            StateStore store = StateStores.jdbc(db.dataSource());
            StateStore otherProcess = StateStores.jdbc(db.dataSource());

            Optional<StateStore.Lock> held = store.tryLock("flow");
            assertThat(held).isPresent();
            assertThat(otherProcess.tryLock("flow")).isEmpty();
            assertThat(store.tryLock("flow")).isEmpty();
            try (StateStore.Lock other = otherProcess.tryLock("another flow").orElseThrow()) {
                assertThat(other).isNotNull();
            }
            held.get().close();
            held.get().close(); // idempotent
            try (StateStore.Lock again = otherProcess.tryLock("flow").orElseThrow()) {
                assertThat(store.tryLock("flow")).isEmpty();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aLockWhoseSessionDiesIsReleased(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            StateStore store = StateStores.jdbc(db.dataSource());
            StateStore.Lock held = store.tryLock("flow").orElseThrow();
            // A crashed process: the database ends its session (PostgreSQL: as when the client's socket closes).
            if (kind == TestDatabase.Kind.POSTGRESQL) {
                try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                    s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            + "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                            + "AND query LIKE '%dataflows_locks%'");
                }
            } else {
                held.close(); // embedded H2 sessions end with the process; the CLI tests kill a real process
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            Optional<StateStore.Lock> taken = Optional.empty();
            while (taken.isEmpty() && System.nanoTime() < deadline) {
                taken = store.tryLock("flow");
                if (taken.isEmpty()) {
                    Thread.sleep(50);
                }
            }
            assertThat(taken).isPresent();
            taken.get().close();
            held.close(); // releasing a lock whose connection is gone is quiet
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void theEngineKeepsRunsAndVariablesAndIsBlockedByTheLock(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            StateStore store = StateStores.jdbc(db.dataSource());
            DataflowEngine engine = kit.builder().stateStore(store).build();
            Dataflow flow = Dataflow.builder("history")
                    .var("n", 1)
                    .step("a", CONNECTOR.with("value", "${{ dataflow.vars.n }}"))
                    .build();
            store.saveVariables("history", map("n", 41L));

            RunResult ok = engine.run(flow);
            RunResult dry = engine.run(flow, RunOptions.builder().dryRun(true).build());
            RunResult failed = engine.run(flow.toBuilder().step("b", CONNECTOR.with("outcome", "fail"))
                    .dependsOn("a").build());

            assertThat(ok.status()).isEqualTo(RunStatus.FINALISED);
            assertThat(ok.variable("steps.a.value")).contains(41L);
            assertThat(dry.runName()).isEqualTo("2");
            List<RunRecord> runs = store.runs("history");
            assertThat(runs).extracting(RunRecord::status).containsExactly("finalised", "finalised", "aborted");
            assertThat(runs).extracting(RunRecord::dryRun).containsExactly(false, true, false);
            assertThat(runs.get(2).error()).isEqualTo(failed.error().orElseThrow())
                    .isEqualTo("Step 'b' (test_connector) failed: boom with null");
            assertThat(runs.get(0).startState()).contains("\"new\"").doesNotContain("finalised");
            assertThat(runs.get(0).endState()).contains("\"finalised\"");

            try (StateStore.Lock held = store.tryLock("history").orElseThrow()) {
                assertThat(engine.run(flow).status()).isEqualTo(RunStatus.BLOCKED);
                assertThat(engine.run(flow.toBuilder().concurrencyEnabled(true).build()).status())
                        .isEqualTo(RunStatus.FINALISED);
            }
            assertThat(engine.run(flow).status()).isEqualTo(RunStatus.FINALISED);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void twoEnginesSharingADatabaseNeverRunTheSameDataflowAtOnce(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            DataflowEngine first = kit.builder().stateStore(StateStores.jdbc(db.dataSource())).build();
            DataflowEngine second = kit.builder().stateStore(StateStores.jdbc(db.dataSource())).build();
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Dataflow flow = Dataflow.builder("shared").step("a", CONNECTOR).build();
            DataflowEngine slow = kit.builder().stateStore(StateStores.jdbc(db.dataSource()))
                    .listener(new io.dataflows.RunListener() {
                        @Override
                        public void stepStarted(RunInfo run, String stepAlias) {
                            inside.countDown();
                            try {
                                release.await(20, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    }).build();
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<RunResult> running = pool.submit(() -> slow.run(flow));
                assertThat(inside.await(20, TimeUnit.SECONDS)).isTrue();
                assertThat(first.run(flow).status()).isEqualTo(RunStatus.BLOCKED);
                assertThat(second.run(flow, RunOptions.builder().dryRun(true).build()).status())
                        .isEqualTo(RunStatus.BLOCKED);
                release.countDown();
                assertThat(running.get(20, TimeUnit.SECONDS).status()).isEqualTo(RunStatus.FINALISED);
                assertThat(first.run(flow).status()).isEqualTo(RunStatus.FINALISED);
            } finally {
                release.countDown();
                pool.shutdownNow();
            }
            assertThat(kit.connector().executions()).containsExactly("a", "a");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void databaseErrorsSayWhatTheStoreWasDoing(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            StateStore store = StateStores.jdbc(db.dataSource());
            store.loadVariables("x");
            db.execute("DROP TABLE dataflows_variables");

            assertThatThrownBy(() -> store.loadVariables("x"))
                    .isInstanceOf(DataflowException.class)
                    .hasMessageStartingWith("State store: cannot load the variables of dataflow 'x': ");
        }
    }
}
