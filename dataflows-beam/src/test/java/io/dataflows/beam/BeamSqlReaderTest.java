package io.dataflows.beam;

import static io.dataflows.beam.RunnerFlows.counts;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.EngineSetup;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StateStores;
import io.dataflows.spi.StateStore;
import io.dataflows.steps.Steps;
import io.dataflows.testkit.TestDatabase;
import io.dataflows.testkit.TestKit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reader_sql} and {@code flow_sql} on Beam: a query runs on one worker, with the data source the workers'
 * set-up gives; an incremental read's counter is carried back; each record's statement runs on its worker.
 */
class BeamSqlReaderTest {

    private static final String URL = "jdbc:h2:mem:beam_sql_reader;DB_CLOSE_DELAY=-1" + TestDatabase.H2_OPTIONS;

    private final TestKit kit = new TestKit();

    @TempDir
    Path dir;

    /** What each worker's engine gets, as an application would give it: the database as the default data source. */
    record H2Source(String url) implements EngineSetup {
        private static final long serialVersionUID = 1L;

        @Override
        public void configure(DataflowEngine.Builder builder) {
            builder.dataSource("default", h2(url));
        }
    }

    static DataSource h2(String url) {
        return TestDatabase.driverManager(url, "sa", "");
    }

    @BeforeEach
    void people() throws SQLException {
        try (Connection c = h2(URL).getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE people (name VARCHAR(20), age INT)");
            s.execute("INSERT INTO people VALUES ('Ann', 34), ('Bob', 61), ('Chloé', 52), ('Dmitri', 29),"
                    + " ('Eve', 45)");
        }
    }

    @AfterEach
    void drop() throws SQLException {
        try (Connection c = h2(URL).getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE people; DROP TABLE IF EXISTS grades; DROP TABLE IF EXISTS seen");
        }
    }

    private static Dataflow older(String out) {
        return Dataflow.builder("older from sql")
                .start("people", Steps.of("reader_sql").with("sql", "SELECT name, age FROM people ORDER BY name"))
                .then("older", Steps.filter("record.age >= 40"))
                .then("write", Steps.streamWriter(out, "jsonl"))
                .build();
    }

    @Test
    void aQueryReadOnAWorkerGivesTheRecordsOfALocalRun() throws IOException {
        DataflowEngine engine = kit.builder().baseDirectory(dir).dataSource("default", h2(URL)).build();
        RunResult local = engine.run(older("local.jsonl"), RunOptions.defaults()).orThrow();

        RunResult beam = BeamRunner.builder(engine).shards(2).workerSetup(new H2Source(URL)).build()
                .run(older("beam.jsonl"), RunOptions.defaults());

        assertThat(beam.status()).isEqualTo(RunStatus.FINALISED);
        List<String> expected = Files.readAllLines(dir.resolve("local.jsonl"));
        assertThat(expected).containsExactly("{\"name\":\"Bob\",\"age\":61}", "{\"name\":\"Chloé\",\"age\":52}",
                "{\"name\":\"Eve\",\"age\":45}");
        assertThat(RunnerFlows.shardLines(dir, "beam", 2)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(counts(beam)).isEqualTo(counts(local));
    }

    @Test
    void flowSqlRunsEachRecordsStatementOnItsWorkerAndTheNextStepSeesItsOutputs() throws IOException, SQLException {
        try (Connection c = h2(URL).getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE grades (age INT, grade VARCHAR(5)); CREATE TABLE seen (name VARCHAR(20))");
            s.execute("INSERT INTO grades VALUES (34, 'B'), (61, 'A'), (52, 'A'), (29, 'C'), (45, 'B')");
        }
        DataflowEngine engine = kit.builder().baseDirectory(dir).dataSource("default", h2(URL)).build();
        Dataflow flow = Dataflow.builder("graded")
                .start("people", Steps.of("reader_sql").with("sql", "SELECT name, age FROM people"))
                .then("lookup", Steps.of("flow_sql")
                        .with("sql", "SELECT grade FROM grades WHERE age = ${{ record.age }}"))
                .then("save", Steps.of("flow_sql").with("sql", "INSERT INTO seen VALUES (${{ record.name }})"))
                .then("grade", Steps.alter().set("grade", "${{ steps.lookup.data.grade }}"))
                .then("write", Steps.streamWriter("graded.jsonl", "jsonl"))
                .build();

        RunResult beam = BeamRunner.builder(engine).shards(2).workerSetup(new H2Source(URL)).build()
                .run(flow, RunOptions.defaults());

        assertThat(beam.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(RunnerFlows.shardLines(dir, "graded", 2)).containsExactlyInAnyOrder(
                "{\"name\":\"Ann\",\"age\":34,\"grade\":\"B\"}",
                "{\"name\":\"Bob\",\"age\":61,\"grade\":\"A\"}",
                "{\"name\":\"Chloé\",\"age\":52,\"grade\":\"A\"}",
                "{\"name\":\"Dmitri\",\"age\":29,\"grade\":\"C\"}",
                "{\"name\":\"Eve\",\"age\":45,\"grade\":\"B\"}");
        try (Connection c = h2(URL).getConnection(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT name FROM seen ORDER BY name")) {
            List<String> seen = new java.util.ArrayList<>();
            while (rows.next()) {
                seen.add(rows.getString(1));
            }
            assertThat(seen).containsExactly("Ann", "Bob", "Chloé", "Dmitri", "Eve");
        }
        assertThat(beam.step("save").recordsIn()).isEqualTo(5);
    }

    /** People older than the counter, the highest age read so far, written as JSON lines in two shards. */
    static Dataflow incremental(String out, String step) {
        return Dataflow.builder("incremental")
                .start("people", Steps.of("reader_sql")
                        .with("sql", "SELECT name, age FROM people [[ WHERE age > ${{ config.countervalue }} ]]"
                                + " ORDER BY age")
                        .with("counterfield", "age"))
                .then("check", Steps.alter().set("ratio", step))
                .then("write", Steps.streamWriter(out, "jsonl"))
                .build();
    }

    /** A runner in two shards whose engine keeps its state in {@code store} and whose workers read the database. */
    private BeamRunner runner(StateStore store) {
        DataflowEngine engine = kit.builder().baseDirectory(dir).stateStore(store).build();
        return BeamRunner.builder(engine).shards(2).workerSetup(new H2Source(URL)).build();
    }

    private static void insert(String values) throws SQLException {
        try (Connection c = h2(URL).getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO people VALUES " + values);
        }
    }

    @Test
    void anIncrementalReadStoresItsCounterOnceThePipelineHasSucceededAndTheNextRunReadsOnlyNewRows()
            throws Exception {
        StateStore store = StateStores.inMemory();
        BeamRunner runner = runner(store);

        RunResult first = runner.run(incremental("first.jsonl", "${{ 1 }}"), RunOptions.defaults());

        assertThat(first.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(RunnerFlows.shardLines(dir, "first", 2)).containsExactlyInAnyOrder(
                "{\"name\":\"Dmitri\",\"age\":29,\"ratio\":1}", "{\"name\":\"Ann\",\"age\":34,\"ratio\":1}",
                "{\"name\":\"Eve\",\"age\":45,\"ratio\":1}", "{\"name\":\"Chloé\",\"age\":52,\"ratio\":1}",
                "{\"name\":\"Bob\",\"age\":61,\"ratio\":1}");
        assertThat(store.stepState("incremental", "people", "countervalue")).contains(61L);

        insert("('Fay', 70), ('Gus', 20), ('Hal', 66)");
        RunResult second = runner.run(incremental("second.jsonl", "${{ 1 }}"), RunOptions.defaults());

        assertThat(second.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(RunnerFlows.shardLines(dir, "second", 2)).containsExactlyInAnyOrder(
                "{\"name\":\"Hal\",\"age\":66,\"ratio\":1}", "{\"name\":\"Fay\",\"age\":70,\"ratio\":1}");
        assertThat(store.stepState("incremental", "people", "countervalue")).contains(70L);
        assertThat(second.step("people").recordsOut()).isEqualTo(2);
    }

    @Test
    void anIncrementalReadWhosePipelineFailsKeepsTheStoredCounterSoThatNothingIsSkipped() {
        StateStore store = StateStores.inMemory();
        store.putStepState("incremental", "people", "countervalue", 30L);

        RunResult run = runner(store).run(incremental("failed.jsonl", "${{ 100 / (record.age - 45) }}"),
                RunOptions.defaults());

        assertThat(run.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(run.failure().orElseThrow().stepAlias()).contains("check");
        assertThat(store.stepState("incremental", "people", "countervalue")).contains(30L);
    }

    @Test
    void anIncrementalDryRunStartsFromTheStoredCounterAndStoresNothing() {
        StateStore store = StateStores.inMemory();
        store.putStepState("incremental", "people", "countervalue", 50L);

        RunResult run = runner(store).run(incremental("dry.jsonl", "${{ 1 }}"),
                RunOptions.builder().dryRun(true).build());

        assertThat(run.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(run.step("people").recordsOut()).as("Chloé and Bob, older than 50").isEqualTo(2);
        assertThat(store.stepState("incremental", "people", "countervalue")).contains(50L);
    }
}
