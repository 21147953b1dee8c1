package io.dataflows.steps.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.Definitions;
import io.dataflows.RunHandle;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StateStores;
import io.dataflows.StepRegistry;
import io.dataflows.testkit.ArraySource;
import io.dataflows.testkit.TestDatabase;
import io.dataflows.testkit.TestKit;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A cancelled run cancels its running SQL statement ({@code Statement.cancel()}): neither PostgreSQL's driver nor
 * H2 stops a statement when the run's thread is interrupted, so without it the run would wait for the statement's
 * end. Each database gets a statement that runs far longer than the test waits: {@code pg_sleep(30)} on PostgreSQL,
 * a cross join of two ranges of 10^8 rows on H2.
 */
class SqlCancellationTest {

    /** Long enough that the test would notice, short enough that a test that fails does not hang. */
    private static final Duration WELL_BEFORE_THE_END = Duration.ofSeconds(20);

    private final TestKit kit = new TestKit();
    /** Names the slow statement, so that the test finds it among the database's running statements. */
    private final String marker = "cancel_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    private TestDatabase db;

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    private DataflowEngine engine(TestDatabase.Kind kind) {
        db = TestDatabase.create(kind);
        return DataflowEngine.builder()
                .stepRegistry(StepRegistry.builder().discover().add(new ArraySource()).add(kit.sink()).build())
                .dataSource("main", db.dataSource())
                .stateStore(StateStores.inMemory())
                .build();
    }

    /** A query of one row that runs for far longer than {@link #WELL_BEFORE_THE_END}. */
    private String slowQuery() {
        return db.kind() == TestDatabase.Kind.POSTGRESQL
                ? "SELECT pg_sleep(30) AS " + marker
                : "SELECT COUNT(*) AS " + marker
                + " FROM SYSTEM_RANGE(1, 100000000) a, SYSTEM_RANGE(1, 100000000) b WHERE RAND() >= 0";
    }

    /** An insert of the slow query's row. */
    private String slowWrite() {
        return db.kind() == TestDatabase.Kind.POSTGRESQL
                ? "INSERT INTO written (v) SELECT 1 FROM pg_sleep(30) AS " + marker
                : "INSERT INTO written (v) " + slowQuery();
    }

    /** How many sessions (other than the one asking) run the slow statement now. */
    private long running() {
        return db.number(db.kind() == TestDatabase.Kind.POSTGRESQL
                ? "SELECT COUNT(*) FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid() "
                + "AND query LIKE '%" + marker + "%'"
                : "SELECT COUNT(*) FROM information_schema.sessions WHERE session_id <> SESSION_ID() "
                + "AND executing_statement LIKE '%" + marker + "%'");
    }

    /** Waits until the database runs the slow statement. */
    private void awaitRunning() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (running() == 0) {
            assertThat(System.nanoTime()).as("the slow statement never started").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void cancellingTheRunCancelsTheRunningQueryOfAConnector(TestDatabase.Kind kind) throws Exception {
        DataflowEngine engine = engine(kind);
        Dataflow flow = Definitions.readYaml("""
                name: slow
                steps:
                  slow:
                    type: connector_sql
                    config:
                      sql: %s
                  after:
                    type: connector_set_variable
                    depends_on: slow
                    config:
                      field: dataflow.vars.after
                      value: ran
                """.formatted(slowQuery()), "slow.yml");

        RunHandle handle = engine.start(flow, RunOptions.defaults());
        awaitRunning();
        assertThat(handle.cancel("cancelled by the test")).isTrue();
        RunResult result = handle.await(WELL_BEFORE_THE_END).orElseThrow(
                () -> new AssertionError("the statement was not cancelled"));

        assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(result.cancelReason()).contains("cancelled by the test");
        assertThat(result.failure()).isEmpty();
        assertThat(result.step("slow").status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(result.step("after").status()).isEqualTo(RunStatus.NOT_RUN);
        assertThat(result.variable("dataflow.vars.after")).isEmpty();
        assertThat(engine.stateStore().runs("slow").get(0).error()).isEqualTo("cancelled by the test");
        assertThat(running()).isZero();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void cancellingTheRunCancelsAWriteOfAFlowStepAndRollsItBack(TestDatabase.Kind kind) throws Exception {
        DataflowEngine engine = engine(kind);
        db.execute("CREATE TABLE written (v BIGINT)");
        Dataflow flow = Definitions.readYaml("""
                name: slow_write
                steps:
                  rows:
                    type: test_source
                    config:
                      source: [{id: 1}]
                  write:
                    type: flow_sql
                    depends_on: rows
                    config:
                      sql: %s
                  out:
                    type: test_sink
                    depends_on: write
                """.formatted(slowWrite()), "slow_write.yml");

        RunHandle handle = engine.start(flow, RunOptions.defaults());
        awaitRunning();
        handle.cancel();
        RunResult result = handle.await(WELL_BEFORE_THE_END).orElseThrow(
                () -> new AssertionError("the statement was not cancelled"));

        assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(result.cancelReason()).contains("cancelled by caller");
        assertThat(result.step("write").status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(kit.sink().maps("out")).isEmpty();
        assertThat(db.number("SELECT COUNT(*) FROM written")).isZero();
        assertThat(running()).isZero();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aTimeoutCancelsTheQueryOfAReader(TestDatabase.Kind kind) throws Exception {
        DataflowEngine engine = engine(kind);
        Dataflow flow = Definitions.readYaml("""
                name: slow_reader
                steps:
                  read:
                    type: reader_sql
                    config:
                      sql: %s
                  out:
                    type: test_sink
                    depends_on: read
                """.formatted(slowQuery()), "slow_reader.yml");

        RunHandle handle = engine.start(flow, RunOptions.builder().timeout(Duration.ofMillis(500)).build());
        RunResult result = handle.await(WELL_BEFORE_THE_END).orElseThrow(
                () -> new AssertionError("the statement was not cancelled"));

        assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(result.cancelReason()).contains("timeout after PT0.5S");
        assertThat(result.step("read").status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(kit.sink().maps("out")).isEmpty();
        assertThat(running()).isZero();
    }
}
