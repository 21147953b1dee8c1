package io.dataflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.StateStores;
import io.dataflows.internal.util.Json;
import io.dataflows.spi.RunRecord;
import io.dataflows.spi.StateStore;
import io.dataflows.testkit.CollectingSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a flow's SQL can do on the command line's default connection: its own tables, nothing more. Every attack runs
 * through a real {@code dataflows run} on the embedded databases of one state directory, and is refused with the
 * database's message as the step's error and no effect: no Java code, no file read or written, no other database,
 * no user, and the engine's own tables (run history, persisted variables, locks) not even visible.
 */
@ResourceLock(CollectingSink.DISCOVERED_LOCK)
class CliSqlSecurityTest {

    @TempDir
    Path dir;

    private Path state;

    @BeforeEach
    void setUp() throws IOException {
        CollectingSink.discovered().reset();
        state = dir.resolve("state");
        // A run that leaves history and a persisted variable behind, for the attacks to go after.
        CliResult r = run(flow("victim", """
                  remember: {type: connector_set_variable, config: {field: dataflow.vars.secret, value: kept}}
                """));
        assertThat(r.exit()).as(r.err()).isZero();
    }

    private Path flow(String name, String steps) throws IOException {
        Path f = dir.resolve(name + ".yml");
        Files.writeString(f, "name: " + name + "\nsteps:\n" + steps);
        return f;
    }

    /** A flow whose step {@code attack} runs {@code sql}: a statement that returns rows in a reader. */
    private Path attack(String sql) throws IOException {
        return attack(sql.startsWith("SELECT") ? "reader_sql" : "connector_sql", sql);
    }

    private Path attack(String type, String sql) throws IOException {
        String quoted = "'" + sql.replace("'", "''") + "'";
        return flow("attack", type.equals("reader_sql")
                ? "  attack: {type: reader_sql, config: {sql: " + quoted + "}}\n"
                        + "  out: {type: test_sink, depends_on: attack}\n"
                : "  attack: {type: " + type + ", config: {sql: " + quoted + "}}\n");
    }

    private CliResult run(Path flow, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("run", flow.toString(), "--state-dir", state.toString()));
        args.addAll(List.of(more));
        return CliResult.run(args.toArray(new String[0]));
    }

    private Path file(String name) {
        return dir.resolve(name);
    }

    /** Statements only an administrator may run: the step type to run it in, the SQL, a file it would write. */
    static Stream<Arguments> adminOnlyAttacks() {
        return Stream.of(
                Arguments.of("connector_sql", "CREATE ALIAS shell AS 'String shell(String f) throws Exception { "
                        + "new ProcessBuilder(\"touch\", f).start().waitFor(); return f; }'", null),
                Arguments.of("reader_sql", "SELECT FILE_READ('/etc/passwd', NULL) AS f", null),
                Arguments.of("reader_sql", "SELECT * FROM CSVREAD('/etc/passwd')", null),
                Arguments.of("connector_sql", "CALL CSVWRITE('%s', 'SELECT 1')", "csvwrite.csv"),
                Arguments.of("reader_sql", "SELECT FILE_WRITE('pwned', '%s') AS n", "file_write.txt"),
                Arguments.of("reader_sql", "SELECT * FROM LINK_SCHEMA('stolen', '', "
                        + "'jdbc:h2:file:%%STATE%%/dataflows;AUTO_SERVER=TRUE', 'sa', '', 'public')", null),
                Arguments.of("connector_sql", "CREATE LINKED TABLE stolen ('org.h2.Driver', "
                        + "'jdbc:h2:file:%%STATE%%/dataflows;AUTO_SERVER=TRUE', 'sa', '', 'dataflows_runs')", null),
                Arguments.of("connector_sql", "RUNSCRIPT FROM '%%SCRIPT%%'", "runscript.txt"),
                Arguments.of("reader_sql", "SCRIPT TO '%s'", "script.sql"),
                Arguments.of("connector_sql", "BACKUP TO '%s'", "backup.zip"),
                Arguments.of("connector_sql", "CREATE USER evil PASSWORD 'evil' ADMIN", null),
                Arguments.of("connector_sql", "CREATE SCHEMA other", null));
    }

    @ParameterizedTest
    @MethodSource("adminOnlyAttacks")
    void whatNeedsAdministratorRightsIsRefused(String type, String template, String target) throws IOException {
        Path script = file("runscript.sql");
        // Would create a file if it ran: RUNSCRIPT as an administrator can do anything.
        Files.writeString(script, "CALL FILE_WRITE('ran', '" + file("runscript.txt") + "');\n");
        String sql = template.replace("%%STATE%%", state.toAbsolutePath().toString())
                .replace("%%SCRIPT%%", script.toString());
        if (target != null && sql.contains("%s")) {
            sql = sql.formatted(file(target));
        }

        CliResult r = run(attack(type, sql));

        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err().lines()).singleElement().asString()
                .startsWith("Run aborted: Step 'attack' (" + type + ") failed")
                .contains("SQL error (")
                .contains("Admin rights are required for this operation");
        assertThat(r.out()).doesNotContain("root:");
        assertThat(CollectingSink.discovered().maps("out")).isEmpty();
        if (target != null) {
            assertThat(file(target)).doesNotExist();
        }
        assertHistoryIntact();
    }

    @Test
    void aJavaFunctionCannotBeDefinedSoItCannotBeCalled() throws IOException {
        Path touched = file("touched");
        CliResult define = run(attack("CREATE ALIAS shell AS 'String shell(String f) throws Exception { "
                + "new ProcessBuilder(\"touch\", f).start().waitFor(); return f; }'"));
        CliResult call = run(attack("SELECT shell('" + touched + "') AS f"));

        assertThat(define.exit()).isEqualTo(1);
        assertThat(define.err()).contains("Admin rights are required for this operation");
        assertThat(call.exit()).isEqualTo(1);
        assertThat(call.err()).contains("Function \"shell\" not found");
        assertThat(touched).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT * FROM dataflows_runs",
        "SELECT * FROM public.dataflows_runs",
        "SELECT * FROM dataflows_variables",
        "SELECT * FROM dataflows_locks",
        "SELECT * FROM dataflows_step_state",
        "UPDATE dataflows_runs SET status = 'aborted'",
        "UPDATE public.dataflows_variables SET vars_json = '{}'",
        "DELETE FROM dataflows_runs",
        "DELETE FROM dataflows_locks",
        "DROP TABLE dataflows_runs",
        "DROP TABLE public.dataflows_locks",
        "TRUNCATE TABLE dataflows_variables"})
    void theEnginesTablesAreNotThere(String sql) throws IOException {
        CliResult r = run(attack(sql));

        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err().lines()).singleElement().asString()
                .startsWith("Run aborted: Step 'attack' (")
                .containsAnyOf("Table \"dataflows_", "Schema \"public\" not found", "Not enough rights for object");
        assertHistoryIntact();
    }

    @Test
    void theEnginesTablesAreNotEvenVisible() throws IOException {
        Path stateOut = file("tables.json");
        CliResult r = run(flow("look", """
                  look:
                    type: connector_sql
                    config:
                      sql: SELECT COUNT(*) AS n FROM information_schema.tables WHERE LOWER(table_name) LIKE 'dataflows%'
                """), "--state-out", stateOut.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(at(Json.read(Files.readString(stateOut)), "variables", "steps", "look", "data"))
                .isEqualTo(Map.of("n", 0L));
        assertHistoryIntact();
    }

    @SuppressWarnings("unchecked")
    private static Object at(Object tree, String... path) {
        Object node = tree;
        for (String key : path) {
            node = ((Map<String, Object>) node).get(key);
        }
        return node;
    }

    /** The first run is still in the history, finalised, and its persisted variable unchanged. */
    private void assertHistoryIntact() {
        try (Database db = Database.open(state, null, Map.of())) {
            StateStore store = StateStores.jdbc(db.dataSource());
            List<RunRecord> runs = store.runs("victim");
            assertThat(runs).hasSize(1);
            assertThat(runs.get(0).status()).isEqualTo("finalised");
            assertThat(store.loadVariables("victim")).containsEntry("secret", "kept");
        }
    }

    @Test
    void flowsKeepTheirOwnTablesAcrossRuns() throws IOException {
        CliResult create = run(flow("own", """
                  create:
                    type: connector_sql
                    config: {sql: 'CREATE TABLE IF NOT EXISTS notes (id INT PRIMARY KEY, text VARCHAR(20))'}
                  insert:
                    type: connector_sql
                    depends_on: create
                    config: {sql: "INSERT INTO notes VALUES (1, 'one'), (2, 'two'), (3, 'three')"}
                  update:
                    type: connector_sql
                    depends_on: insert
                    config: {sql: "UPDATE notes SET text = 'TWO' WHERE id = 2"}
                  delete: {type: connector_sql, depends_on: update, config: {sql: 'DELETE FROM notes WHERE id = 3'}}
                  index:
                    type: connector_sql
                    depends_on: delete
                    config: {sql: 'CREATE INDEX notes_text ON notes (text)'}
                  alter:
                    type: connector_sql
                    depends_on: index
                    config: {sql: 'ALTER TABLE notes ADD COLUMN extra INT'}
                """));
        Path read = flow("read", """
                  read: {type: reader_sql, config: {sql: 'SELECT id, text FROM notes ORDER BY id'}}
                  out: {type: test_sink, depends_on: read}
                """);
        CliResult readBack = run(read);
        CliResult readDry = run(read, "--dry-run");
        CliResult drop = run(flow("drop", """
                  drop: {type: connector_sql, config: {sql: 'DROP TABLE notes'}}
                """));

        assertThat(create.exit()).as(create.err()).isZero();
        assertThat(readBack.exit()).as(readBack.err()).isZero();
        assertThat(readDry.exit()).as(readDry.err()).isZero();
        assertThat(CollectingSink.discovered().maps("out")).containsExactly(
                Map.of("id", 1L, "text", "one"), Map.of("id", 2L, "text", "TWO"),
                Map.of("id", 1L, "text", "one"), Map.of("id", 2L, "text", "TWO"));
        assertThat(drop.exit()).as(drop.err()).isZero();
        assertThat(run(read).err()).contains("Table \"notes\" not found");
    }

    @Test
    void aFlowCannotLockOtherFlowsOut() throws IOException {
        Path count = flow("count", """
                  count: {type: connector_sql, config: {sql: 'SELECT COUNT(*) AS n FROM information_schema.schemata'}}
                """);
        CliResult password = run(flow("password", """
                  password: {type: connector_sql, config: {sql: "ALTER USER flows SET PASSWORD 'locked-out'"}}
                """));
        CliResult afterPassword = run(count);
        CliResult schema = run(flow("schema", """
                  drop: {type: connector_sql, config: {sql: 'DROP SCHEMA flows CASCADE'}}
                """));
        CliResult afterSchema = run(flow("again", """
                  create: {type: connector_sql, config: {sql: 'CREATE TABLE t (id INT)'}}
                """));

        assertThat(password.exit()).as(password.err()).isZero(); // H2 lets a user change its own password
        assertThat(afterPassword.exit()).as(afterPassword.err()).isZero();
        assertThat(schema.exit()).as(schema.err()).isZero(); // and an owner drop its schema
        assertThat(afterSchema.exit()).as(afterSchema.err()).isZero();
    }

    // ---- dry runs ----------------------------------------------------------------------------------------------

    @Test
    void aDryRunExecutesNoWriteHiddenInAQuery() throws IOException {
        CliResult setUp = run(flow("table", """
                  create: {type: connector_sql, config: {sql: 'CREATE TABLE victim (id INT)'}}
                  insert: {type: connector_sql, depends_on: create, config: {sql: 'INSERT INTO victim VALUES (1), (2)'}}
                """));
        assertThat(setUp.exit()).as(setUp.err()).isZero();
        Path written = file("dry_write.txt");

        CliResult fileWrite = run(attack("SELECT FILE_WRITE('pwned', '" + written + "') AS n"), "--dry-run");
        CliResult delta = run(attack("SELECT COUNT(*) AS n FROM OLD TABLE (DELETE FROM victim)"), "--dry-run");
        CliResult twoStatements = run(attack("SELECT 1 AS n; DROP TABLE victim"), "--dry-run");
        CliResult connectorDelta = run(flow("connector", """
                  attack:
                    type: connector_sql
                    config: {sql: 'SELECT COUNT(*) AS n FROM OLD TABLE (DELETE FROM victim)'}
                """), "--dry-run");

        assertThat(fileWrite.exit()).isEqualTo(1);
        assertThat(fileWrite.err()).contains("Admin rights are required for this operation");
        assertThat(written).doesNotExist();
        for (CliResult r : List.of(delta, twoStatements, connectorDelta)) {
            assertThat(r.exit()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).contains("Not enough rights for object \"flows.victim\"");
        }
        CliResult count = run(flow("count", """
                  count: {type: reader_sql, config: {sql: 'SELECT COUNT(*) AS n FROM victim'}}
                  out: {type: test_sink, depends_on: count}
                """));
        assertThat(count.exit()).as(count.err()).isZero();
        assertThat(CollectingSink.discovered().maps("out")).containsExactly(Map.of("n", 2L));
    }

    @Test
    void flowsWithoutSqlStepsNeverOpenTheDataDatabase() throws IOException {
        Path stateOut = file("state.json");
        CliResult r = run(flow("plain", """
                  a: {type: test_connector}
                """), "--state-out", stateOut.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(state.resolve("dataflows.mv.db")).exists();
        assertThat(state.resolve("dataflows-data.mv.db")).doesNotExist();
        assertThat(Json.read(Files.readString(stateOut))).isNotNull();
    }
}
