package io.dataflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.StateStores;
import io.dataflows.spi.StateStore;
import io.dataflows.testkit.CollectingSink;
import io.dataflows.testkit.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code dataflows run} with its database: the embedded H2 under {@code --state-dir} (the default) or
 * {@code --db} (PostgreSQL): tool_dataflows' sample fixtures, state across invocations, and two real processes
 * contending for the run lock.
 */
@ResourceLock(CollectingSink.DISCOVERED_LOCK)
class CliDatabaseTest {

    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        CollectingSink.discovered().reset();
    }

    private Path file(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void theEmbeddedDatabaseIsConfiguredLikeTheTestKitsH2() {
        assertThat(Database.H2_OPTIONS).isEqualTo(TestDatabase.H2_OPTIONS);
        assertThat(Database.h2Url(Path.of("/x/state"))).isEqualTo("jdbc:h2:file:/x/state/dataflows"
                + TestDatabase.H2_OPTIONS + ";WRITE_DELAY=0;AUTO_SERVER=TRUE");
        assertThat(EmbeddedFlowDatabase.url(Path.of("/x/state"))).isEqualTo("jdbc:h2:file:/x/state/dataflows-data"
                + TestDatabase.H2_OPTIONS + ";AUTO_SERVER=TRUE;IFEXISTS=TRUE;SCHEMA=flows");
    }

    // ---- definitions in the style of tool_dataflows' samples -----------------------------------------------------

    @Test
    void aToolDataflowsStyleFlowRunsAgainstTheEmbeddedDatabase() throws IOException {
        // class-name types as tool_dataflows writes them; test_sink stands in for the writers, to read the records
        Path flow = file("php-style.yml", """
                name: Completions digest
                steps:
                  fetch:
                    description: Fetch the completion count
                    type: \\tool_dataflows\\local\\step\\reader_sql
                    config:
                      sql: SELECT 1
                  show:
                    description: Show the count while debugging
                    depends_on: fetch
                    type: test_sink
                  write:
                    description: Save the count
                    depends_on: show
                    type: test_sink
                """);

        CliResult r = CliResult.run("run", flow.toString(), "--state-dir", dir.resolve("state").toString());

        assertThat(r.exit()).as(r.err()).isZero();
        // The column of SELECT 1 is named as PostgreSQL names it.
        assertThat(CollectingSink.discovered().maps("write")).containsExactly(Map.of("?column?", 1L));
        assertThat(Files.exists(dir.resolve("state/dataflows.mv.db"))).isTrue();
    }

    @Test
    void aDisabledExportRunsManually() throws IOException {
        // an export in tool_dataflows' style, disabled as its exports are, with test_sink for the writers
        Path flow = file("php-style-export.yml", """
                name: 'Completions digest'
                config:
                  enabled: '0'
                  concurrencyenabled: '0'
                  loghandlers: ''
                steps:
                  fetch:
                    name: fetch
                    description: 'Fetch a value'
                    type: \\tool_dataflows\\local\\step\\reader_sql
                    config:
                      sql: 'SELECT 1'
                  debugging:
                    name: debugging
                    description: 'Show the value'
                    depends_on: fetch
                    type: test_sink
                  write:
                    name: write
                    description: 'Save the value'
                    depends_on: debugging
                    type: test_sink
                """);

        CliResult r = CliResult.run("run", flow.toString(), "--state-dir", dir.resolve("state").toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(CollectingSink.discovered().maps("debugging")).containsExactly(Map.of("?column?", 1L));
    }

    @Test
    void aScheduledFlowsReaderReadsThePrefixedUserTable() throws IOException {
        // a scheduled flow in tool_dataflows' style, with test_sink for the writer so that the records can be read
        Path state = dir.resolve("state");
        try (FlowDatabase db = FlowDatabase.embedded(state, false);
             Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE mdl_user (id BIGINT PRIMARY KEY, username VARCHAR(100))");
            s.execute("INSERT INTO mdl_user VALUES (1, 'guest'), (2, 'admin')");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        Path flow = file("php-style-cron.yml", """
                name: Digest on a schedule
                steps:
                  schedule:
                    name: schedule
                    type: tool_dataflows\\local\\step\\trigger_cron
                    config: {minute: '*', hour: '*', day: '*', month: '*', dayofweek: '*',
                             retryinterval: 0, retrycount: 0}
                  user_ids:
                    name: 'User ids'
                    depends_on: schedule
                    type: tool_dataflows\\local\\step\\reader_sql
                    config: {sql: 'SELECT id FROM {user}', counterfield: '', countervalue: ''}
                  print_ids:
                    name: 'Print ids'
                    depends_on: user_ids
                    type: test_sink
                """);

        CliResult r = CliResult.run("run", flow.toString(), "--state-dir", state.toString(),
                "--table-prefix", "mdl_");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(CollectingSink.discovered().maps("print_ids"))
                .containsExactly(Map.of("id", 1L), Map.of("id", 2L));
        assertThat(CliResult.run("run", flow.toString(), "--table-prefix", "mdl;").exit()).isEqualTo(64);
    }

    @Test
    void theCounterAndRunHistoryLiveInTheEmbeddedDatabase() throws IOException {
        Path state = dir.resolve("state");
        try (FlowDatabase db = FlowDatabase.embedded(state, false);
             Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE numbers (value INT)");
            s.execute("INSERT INTO numbers VALUES (1), (2), (3), (4), (5), (6), (7)");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        Path flow = file("counter.yml", """
                name: counter
                steps:
                  reader:
                    type: reader_sql
                    config:
                      sql: SELECT value FROM numbers [[WHERE value > ${{ config.countervalue }}]] ORDER BY value LIMIT 3
                      counterfield: value
                  writer: {type: test_sink, depends_on: reader}
                """);

        for (int i = 0; i < 2; i++) {
            assertThat(CliResult.run("run", flow.toString(), "--state-dir", state.toString()).exit()).isZero();
        }
        assertThat(CliResult.run("run", flow.toString(), "--state-dir", state.toString(), "--dry-run").exit())
                .isZero();

        assertThat(CollectingSink.discovered().maps("writer")).extracting(m -> m.get("value"))
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        try (Database db = Database.open(state, null, Map.of())) {
            StateStore store = StateStores.jdbc(db.dataSource());
            assertThat(store.stepState("counter", "reader", "countervalue")).contains(6L);
            assertThat(store.runs("counter")).hasSize(3);
        }
    }

    @Test
    void anUnreachableDatabaseExitsOneWithoutShowingThePassword() throws IOException {
        Path flow = file("one.yml", """
                name: one
                steps:
                  a: {type: test_connector}
                """);
        Map<String, String> env = Map.of(Database.USER_VARIABLE, "someone",
                Database.PASSWORD_VARIABLE, "pa55-not-to-be-seen");

        CliResult r = CliResult.run(env, "run", flow.toString(), "--db",
                "jdbc:postgresql://127.0.0.1:1/nothing?connectTimeout=2&password=pa55-in-the-url");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("Cannot open the database jdbc:postgresql://127.0.0.1:1/nothing?"
                + "connectTimeout=2&password=*****: ").contains("nothing ran.")
                .doesNotContain("pa55-not-to-be-seen").doesNotContain("pa55-in-the-url");
        assertThat(CliResult.run("run", flow.toString(), "--db", "postgres://x").exit()).isEqualTo(64);
    }

    // ---- two processes -----------------------------------------------------------------------------------------

    /** The {@code dataflows} arguments and environment that select a database of the given kind. */
    private record Target(List<String> args, Map<String, String> env, TestDatabase pg) implements AutoCloseable {
        @Override
        public void close() {
            if (pg != null) {
                pg.close();
            }
        }
    }

    private Target target(TestDatabase.Kind kind) {
        if (kind == TestDatabase.Kind.H2) {
            return new Target(List.of("--state-dir", dir.resolve("state").toString()), Map.of(), null);
        }
        TestDatabase pg = TestDatabase.postgres();
        return new Target(List.of("--db", pg.url()), Map.of(Database.USER_VARIABLE, pg.user(),
                Database.PASSWORD_VARIABLE, pg.password()), pg);
    }

    private Path slowFlow(String name) throws IOException {
        return file(name + ".yml", """
                name: contended
                steps:
                  slow:
                    type: test_slow
                    config: {millis: 20000, started: '%s', release: '%s'}
                """.formatted(dir.resolve(name + ".started"), dir.resolve(name + ".release")));
    }

    /** Starts {@code dataflows} in a new JVM with the test class path; its output goes to {@code log}. */
    private static Process dataflows(Path log, Map<String, String> env, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    private static void awaitFile(Path file, Process process, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(file)) {
            if (!process.isAlive()) {
                throw new AssertionError("the other process ended (" + process.exitValue() + "): "
                        + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new AssertionError("the other process did not start its run: " + Files.readString(log));
            }
            Thread.sleep(20);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void twoProcessesSharingTheDatabaseNeverRunTheSameDataflowAtOnce(TestDatabase.Kind kind) throws Exception {
        try (Target target = target(kind)) {
            Path flow = slowFlow("held");
            Path log = dir.resolve("other.log");
            Path stateOut = dir.resolve("other-state.json");
            List<String> args = new ArrayList<>(List.of("run", flow.toString(), "--verbose", "--state-out",
                    stateOut.toString()));
            args.addAll(target.args());
            Process other = dataflows(log, target.env(), args);
            try {
                awaitFile(dir.resolve("held.started"), other, log);

                List<String> mine = new ArrayList<>(List.of("run", flow.toString()));
                mine.addAll(target.args());
                CliResult blocked = CliResult.run(target.env(), mine.toArray(new String[0]));
                CliResult blockedDry = CliResult.run(target.env(), append(mine, "--dry-run"));

                assertThat(blocked.exit()).as(blocked.err()).isEqualTo(75);
                assertThat(blocked.err()).contains("Dataflow 'contended' is locked by another run; nothing ran.");
                assertThat(blockedDry.exit()).as(blockedDry.err()).isEqualTo(75);
                Files.writeString(dir.resolve("held.release"), "go");
                assertThat(other.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(other.exitValue()).as(Files.readString(log)).isZero();

                Files.delete(dir.resolve("held.started"));
                CliResult after = CliResult.run(target.env(), mine.toArray(new String[0]));
                assertThat(after.exit()).as(after.err()).isZero();
            } finally {
                other.destroyForcibly();
            }
            if (target.pg() != null) {
                // The password never shows: not in the other process's verbose log, nor in its state, nor in the
                // run history.
                String password = target.pg().password();
                assertThat(Files.readString(log, StandardCharsets.UTF_8)).contains("DEBUG").doesNotContain(password);
                assertThat(Files.readString(stateOut, StandardCharsets.UTF_8)).doesNotContain(password);
                // two runs, and the two blocked attempts, recorded as such
                assertThat(StateStores.jdbc(target.pg().dataSource()).runs("contended")).hasSize(4)
                        .allSatisfy(run -> assertThat(run.toString()).doesNotContain(password));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aProcessThatDiesHoldingTheLockDoesNotKeepIt(TestDatabase.Kind kind) throws Exception {
        try (Target target = target(kind)) {
            Path flow = slowFlow("crash");
            Path log = dir.resolve("crash.log");
            List<String> args = new ArrayList<>(List.of("run", flow.toString()));
            args.addAll(target.args());
            Process other = dataflows(log, target.env(), args);
            try {
                awaitFile(dir.resolve("crash.started"), other, log);
                other.destroyForcibly();
                assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                other.destroyForcibly();
            }
            Files.writeString(dir.resolve("crash.release"), "go");

            CliResult r = CliResult.run(target.env(), args.toArray(new String[0]));

            assertThat(r.exit()).as(r.err()).isZero();
        }
    }

    private static String[] append(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all.toArray(new String[0]);
    }
}
