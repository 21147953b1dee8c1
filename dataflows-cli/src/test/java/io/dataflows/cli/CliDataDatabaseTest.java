package io.dataflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.StateStores;
import io.dataflows.testkit.CollectingSink;
import io.dataflows.testkit.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Where SQL steps' default connection goes: {@code --data-db} (PostgreSQL or another H2 database) apart from the
 * state, wherever that is; {@code --db} alone for both; and dry runs on PostgreSQL, whose read-only transactions
 * refuse writes hidden in queries.
 */
@ResourceLock(CollectingSink.DISCOVERED_LOCK)
class CliDataDatabaseTest {

    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        CollectingSink.discovered().reset();
    }

    private Path state() {
        return dir.resolve("state");
    }

    private Path flow(String name, String steps) throws IOException {
        Path f = dir.resolve(name + ".yml");
        Files.writeString(f, "name: " + name + "\nsteps:\n" + steps);
        return f;
    }

    private Path notesFlow() throws IOException {
        return flow("notes", """
                  create: {type: connector_sql, config: {sql: 'CREATE TABLE notes (id INT)'}}
                  insert: {type: connector_sql, depends_on: create, config: {sql: 'INSERT INTO notes VALUES (7)'}}
                  read: {type: reader_sql, depends_on: insert, config: {sql: 'SELECT id FROM notes'}}
                  out: {type: test_sink, depends_on: read}
                """);
    }

    private static Map<String, String> dataCredentials() {
        return Map.of(FlowDatabase.USER_VARIABLE, TestDatabase.postgresUser(),
                FlowDatabase.PASSWORD_VARIABLE, TestDatabase.postgresPassword());
    }

    @Test
    void dataDbOnPostgresqlKeepsTheFlowsDataApartFromTheEmbeddedState() throws IOException {
        try (TestDatabase data = TestDatabase.postgres()) {
            CliResult r = CliResult.run(dataCredentials(), "run", notesFlow().toString(),
                    "--state-dir", state().toString(), "--data-db", data.url());

            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(CollectingSink.discovered().maps("out")).containsExactly(Map.of("id", 7L));
            assertThat(data.number("SELECT COUNT(*) FROM notes")).isEqualTo(1);
            assertThat(state().resolve("dataflows-data.mv.db")).doesNotExist();
            try (Database db = Database.open(state(), null, Map.of())) {
                assertThat(StateStores.jdbc(db.dataSource()).runs("notes")).hasSize(1);
            }
        }
    }

    @Test
    void dbAndDataDbOnPostgresqlAreTwoDatabases() throws IOException {
        try (TestDatabase stateDb = TestDatabase.postgres(); TestDatabase data = TestDatabase.postgres()) {
            Map<String, String> env = new java.util.HashMap<>(dataCredentials());
            env.put(Database.USER_VARIABLE, TestDatabase.postgresUser());
            env.put(Database.PASSWORD_VARIABLE, TestDatabase.postgresPassword());

            CliResult r = CliResult.run(env, "run", notesFlow().toString(), "--db", stateDb.url(),
                    "--data-db", data.url());
            CliResult look = CliResult.run(env, "run", flow("look", """
                      look: {type: connector_sql, config: {sql: 'SELECT COUNT(*) AS n FROM dataflows_runs'}}
                    """).toString(), "--db", stateDb.url(), "--data-db", data.url());

            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(data.number("SELECT COUNT(*) FROM notes")).isEqualTo(1);
            assertThat(stateDb.query("SELECT table_name FROM information_schema.tables WHERE table_schema = "
                    + "current_schema() AND table_name = 'notes'")).isEmpty();
            assertThat(StateStores.jdbc(stateDb.dataSource()).runs("notes")).hasSize(1);
            assertThat(look.exit()).isEqualTo(1);
            assertThat(look.err()).contains("relation \"dataflows_runs\" does not exist");
        }
    }

    @Test
    void dbAloneIsAlsoTheDefaultConnectionOfSqlSteps() throws IOException {
        try (TestDatabase stateDb = TestDatabase.postgres()) {
            Map<String, String> env = Map.of(Database.USER_VARIABLE, TestDatabase.postgresUser(),
                    Database.PASSWORD_VARIABLE, TestDatabase.postgresPassword());

            CliResult r = CliResult.run(env, "run", notesFlow().toString(), "--db", stateDb.url());

            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(stateDb.number("SELECT COUNT(*) FROM notes")).isEqualTo(1);
            assertThat(StateStores.jdbc(stateDb.dataSource()).runs("notes")).hasSize(1);
        }
    }

    @Test
    void dataDbCanBeAnotherH2Database() throws IOException {
        String url = "jdbc:h2:file:" + dir.resolve("mine").toAbsolutePath() + Database.H2_OPTIONS;

        CliResult r = CliResult.run("run", notesFlow().toString(), "--state-dir", state().toString(),
                "--data-db", url);

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(CollectingSink.discovered().maps("out")).containsExactly(Map.of("id", 7L));
        assertThat(dir.resolve("mine.mv.db")).exists();
        assertThat(state().resolve("dataflows-data.mv.db")).doesNotExist();
    }

    @Test
    void aDryRunOnPostgresqlRefusesWritesHiddenInQueries() throws IOException {
        try (TestDatabase data = TestDatabase.postgres()) {
            data.execute("CREATE TABLE victim (id INT)", "INSERT INTO victim VALUES (1), (2)",
                    "CREATE FUNCTION purge() RETURNS BIGINT LANGUAGE plpgsql AS $$ DECLARE n BIGINT; BEGIN "
                            + "DELETE FROM victim; GET DIAGNOSTICS n = ROW_COUNT; RETURN n; END $$");
            List<String> attacks = List.of(
                    "  attack: {type: connector_sql, config: {sql: 'SELECT purge() AS n'}}\n",
                    "  attack: {type: reader_sql, config: {sql: 'SELECT purge() AS n'}}\n"
                            + "  out: {type: test_sink, depends_on: attack}\n",
                    "  attack: {type: reader_sql, config: {sql: 'WITH d AS (DELETE FROM victim RETURNING *) "
                            + "SELECT COUNT(*) AS n FROM d'}}\n"
                            + "  out: {type: test_sink, depends_on: attack}\n");
            for (String attack : attacks) {
                CliResult r = CliResult.run(dataCredentials(), "run", flow("attack", attack).toString(),
                        "--state-dir", state().toString(), "--data-db", data.url(), "--dry-run");

                assertThat(r.exit()).as(r.err()).isEqualTo(1);
                assertThat(r.err()).contains("in a read-only transaction");
                assertThat(data.number("SELECT COUNT(*) FROM victim")).isEqualTo(2);
            }
        }
    }
}
