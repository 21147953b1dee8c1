package io.dataflows.beam;

import static io.dataflows.beam.RunnerFlows.counts;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.EngineSetup;
import io.dataflows.Problem;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.steps.Steps;
import io.dataflows.testkit.TestDatabase;
import io.dataflows.testkit.TestKit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reader_sql} on Beam: the query runs on one worker, with the data source the workers' set-up gives. */
class BeamSqlReaderTest {

    private static final String URL = "jdbc:h2:mem:beam_sql_reader;DB_CLOSE_DELAY=-1" + TestDatabase.H2_OPTIONS;

    private final TestKit kit = new TestKit();

    @TempDir
    Path dir;

    /** What each worker's engine gets, as an application would give it: the database as the default data source. */
    private record H2Source(String url) implements EngineSetup {
        private static final long serialVersionUID = 1L;

        @Override
        public void configure(DataflowEngine.Builder builder) {
            builder.dataSource("default", h2(url));
        }
    }

    private static DataSource h2(String url) {
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
            s.execute("DROP TABLE people");
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
    void anIncrementalReadIsRefusedBecauseItsCounterWouldStayOnTheWorker() {
        DataflowEngine engine = kit.builder().baseDirectory(dir).dataSource("default", h2(URL)).build();
        Dataflow flow = Dataflow.builder("incremental")
                .start("people", Steps.of("reader_sql")
                        .with("sql", "SELECT name, age FROM people [[ WHERE age > ${{ config.countervalue }} ]]")
                        .with("counterfield", "age"))
                .then("write", Steps.streamWriter("out.jsonl", "jsonl"))
                .build();

        assertThat(BeamRunner.builder(engine).build().validate(flow, RunOptions.defaults()).problems())
                .containsExactly(new Problem("people", null, "Cannot run distributed: with counterfield, it keeps its"
                        + " counter in the run's state store, which the workers' engines do not share."));
    }
}
