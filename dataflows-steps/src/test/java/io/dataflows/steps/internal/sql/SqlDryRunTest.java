package io.dataflows.steps.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.Definitions;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepRegistry;
import io.dataflows.testkit.ArraySource;
import io.dataflows.testkit.TestDatabase;
import io.dataflows.testkit.TestKit;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A dry run of any SQL step changes nothing, whatever its statement looks like: writes hidden in queries (a
 * data-change delta table on H2, a data-modifying {@code WITH} or a function that writes on PostgreSQL) run in a
 * read-only transaction that is rolled back. The same statements in a real run do write, which shows the attacks are
 * real.
 */
class SqlDryRunTest {

    private final TestKit kit = new TestKit();

    private TestDatabase db;

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
            db = null;
        }
    }

    private DataflowEngine engine() {
        return DataflowEngine.builder()
                .stepRegistry(StepRegistry.builder().discover().add(new ArraySource()).add(kit.sink())
                        .build())
                .dataSource("main", db.dataSource())
                .build();
    }

    private static RunOptions dry() {
        return RunOptions.builder().dryRun(true).build();
    }

    /** A flow running {@code sql} in a step of the given type (fed by one record for {@code flow_sql}). */
    private static Dataflow flow(String type, String sql) {
        String step = switch (type) {
            case "reader_sql" -> """
                      attack: {type: reader_sql, config: {sql: '%s'}}
                      out: {type: test_sink, depends_on: attack}
                    """;
            case "connector_sql" -> """
                      attack: {type: connector_sql, config: {sql: '%s'}}
                    """;
            case "flow_sql" -> """
                      read: {type: test_source, config: {source: [{n: 1}]}}
                      attack: {type: flow_sql, depends_on: read, config: {sql: '%s'}}
                      out: {type: test_sink, depends_on: attack}
                    """;
            default -> throw new IllegalArgumentException(type);
        };
        return Definitions.readYaml("name: attack\nsteps:\n" + step.formatted(sql.replace("'", "''")), "attack.yml");
    }

    private void victims() {
        db.execute("CREATE TABLE victim (id INT)", "INSERT INTO victim VALUES (1), (2), (3)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"reader_sql", "connector_sql", "flow_sql"})
    void aDeleteInsideAQueryChangesNothingInADryRunOnH2(String type) {
        db = TestDatabase.h2();
        victims();
        Dataflow attack = flow(type, "SELECT COUNT(*) AS n FROM OLD TABLE (DELETE FROM victim)");

        RunResult dry = engine().run(attack, dry());

        assertThat(dry.status()).as(dry.error().orElse("")).isEqualTo(RunStatus.FINALISED);
        assertThat(db.number("SELECT COUNT(*) FROM victim")).isEqualTo(3);
        assertThat(dry.effects()).isEmpty(); // it looks like a query, so it is not reported as a skipped write

        RunResult real = engine().run(attack);

        assertThat(real.status()).as(real.error().orElse("")).isEqualTo(RunStatus.FINALISED);
        assertThat(db.number("SELECT COUNT(*) FROM victim")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"reader_sql", "connector_sql", "flow_sql"})
    void aFunctionThatWritesIsRefusedInADryRunOnPostgresql(String type) {
        db = TestDatabase.postgres();
        victims();
        db.execute("CREATE FUNCTION purge() RETURNS BIGINT LANGUAGE plpgsql AS $$ DECLARE n BIGINT; BEGIN "
                + "DELETE FROM victim; GET DIAGNOSTICS n = ROW_COUNT; RETURN n; END $$");
        Dataflow attack = flow(type, "SELECT purge() AS n");

        RunResult dry = engine().run(attack, dry());

        assertThat(dry.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(dry.error().orElseThrow()).contains("Step 'attack' (" + type + ") failed")
                .contains("SQL error (25006): ERROR: cannot execute DELETE in a read-only transaction");
        assertThat(db.number("SELECT COUNT(*) FROM victim")).isEqualTo(3);

        RunResult real = engine().run(attack);

        assertThat(real.status()).as(real.error().orElse("")).isEqualTo(RunStatus.FINALISED);
        assertThat(db.number("SELECT COUNT(*) FROM victim")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"reader_sql", "connector_sql", "flow_sql"})
    void aFunctionThatWritesChangesNothingInADryRunOnH2(String type) {
        db = TestDatabase.h2();
        victims();
        // H2 runs a Java function on the caller's connection: its DELETE is part of the dry run's transaction.
        db.execute("CREATE ALIAS purge AS 'long purge(java.sql.Connection c) throws java.sql.SQLException { "
                + "return c.createStatement().executeUpdate(\"DELETE FROM victim\"); }'");
        Dataflow attack = flow(type, "SELECT purge() AS n");

        RunResult dry = engine().run(attack, dry());

        assertThat(dry.status()).as(dry.error().orElse("")).isEqualTo(RunStatus.FINALISED);
        assertThat(dry.effects()).isEmpty(); // it looks like a query
        assertThat(db.number("SELECT COUNT(*) FROM victim")).isEqualTo(3);

        RunResult real = engine().run(attack);

        assertThat(real.status()).as(real.error().orElse("")).isEqualTo(RunStatus.FINALISED);
        assertThat(db.number("SELECT COUNT(*) FROM victim")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"reader_sql", "connector_sql", "flow_sql"})
    void aDataModifyingWithChangesNothingInADryRunOnPostgresql(String type) {
        db = TestDatabase.postgres();
        victims();
        Dataflow attack = flow(type, "WITH d AS (DELETE FROM victim RETURNING *) SELECT COUNT(*) AS n FROM d");

        RunResult dry = engine().run(attack, dry());

        assertThat(db.number("SELECT COUNT(*) FROM victim")).isEqualTo(3);
        if (type.equals("reader_sql")) {
            // A reader always runs its query: the read-only transaction refuses the write.
            assertThat(dry.error().orElseThrow())
                    .contains("SQL error (25006): ERROR: cannot execute SELECT in a read-only transaction");
        } else {
            // Recognised as a write: skipped and reported.
            assertThat(dry.status()).as(dry.error().orElse("")).isEqualTo(RunStatus.FINALISED);
            assertThat(dry.effects()).extracting(Object::toString).containsExactly("attack: would execute SQL: WITH "
                    + "d AS (DELETE FROM victim RETURNING *) SELECT COUNT(*) AS n FROM d");
        }
    }

    /** Writes behind a comment, in each form a dry run must not let through. */
    private static final List<String> COMMENTED_WRITES = List.of(
            "/* note */ INSERT INTO victim VALUES (9)",
            "/* note */ UPDATE victim SET id = 0",
            "/* note */ DELETE FROM victim",
            "/* note */ DROP TABLE victim",
            "/* note */ TRUNCATE TABLE victim");

    /** Every row of the victim table, or "gone" when a dry run dropped it. */
    private String victimRows() {
        try {
            return db.query("SELECT id FROM victim ORDER BY id").toString();
        } catch (RuntimeException e) {
            return "gone";
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aWriteBehindACommentIsSkippedAndReportedByTheSqlSteps(TestDatabase.Kind kind) {
        db = TestDatabase.create(kind);
        victims();
        for (String type : List.of("connector_sql", "flow_sql")) {
            for (String sql : COMMENTED_WRITES) {
                RunResult dry = engine().run(flow(type, sql), dry());

                assertThat(dry.status()).as(type + " " + sql + ": " + dry.error().orElse(""))
                        .isEqualTo(RunStatus.FINALISED);
                assertThat(dry.effects()).as(type).extracting(Object::toString).containsExactly("attack: would execute SQL: " + sql);
                assertThat(victimRows()).as(type + " " + sql).isEqualTo("[{id=1}, {id=2}, {id=3}]");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aWriteGivenToReaderSqlChangesNothingInADryRun(TestDatabase.Kind kind) {
        db = TestDatabase.create(kind);
        victims();
        for (String sql : COMMENTED_WRITES) {
            RunResult dry = engine().run(flow("reader_sql", sql), dry());

            // A reader runs its statement as a query: the database refuses it (H2: not a query; PostgreSQL: a
            // read-only transaction), and whatever it did is rolled back.
            assertThat(dry.status()).as(sql).isEqualTo(RunStatus.ABORTED);
            assertThat(dry.error().orElseThrow()).as(sql).startsWith("Step 'attack' (reader_sql) failed on record #1: "
                    + (kind == TestDatabase.Kind.H2 ? "SQL error (90002): Method is only allowed for a query."
                    : "SQL error (25006): ERROR: cannot execute " + sql.split(" ")[3]));
            if (kind == TestDatabase.Kind.POSTGRESQL) {
                assertThat(dry.error().orElseThrow()).as(sql).contains(" in a read-only transaction");
            }
            assertThat(victimRows()).as(sql).isEqualTo("[{id=1}, {id=2}, {id=3}]");
        }
    }

    @Test
    void h2TakesReadOnlyAsAHintSoTheRollbackIsWhatProtectsADryRun() throws Exception {
        db = TestDatabase.h2();
        victims();
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try (Statement st = c.createStatement()) {
                // H2 lets a read-only connection write ...
                assertThat(st.executeUpdate("DELETE FROM victim")).isEqualTo(3);
            }
            c.rollback();
        }
        // ... and the rollback undoes it.
        assertThat(db.number("SELECT COUNT(*) FROM victim")).isEqualTo(3);
    }

    @Test
    void postgresqlRefusesAWriteOnAReadOnlyConnection() throws Exception {
        db = TestDatabase.postgres();
        victims();
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try (Statement st = c.createStatement()) {
                assertThatThrownBy(() -> st.executeUpdate("DELETE FROM victim")).isInstanceOf(SQLException.class)
                        .hasMessageContaining("cannot execute DELETE in a read-only transaction");
            }
            c.rollback();
        }
        assertThat(db.number("SELECT COUNT(*) FROM victim")).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void queriesStillReadInADryRun(TestDatabase.Kind kind) throws Exception {
        db = TestDatabase.create(kind);
        victims();
        RunResult dry = engine().run(Definitions.readYaml("""
                name: reads
                steps:
                  count: {type: connector_sql, config: {sql: 'SELECT COUNT(*) AS n FROM victim'}}
                  read: {type: reader_sql, depends_on: count, config: {sql: 'SELECT id FROM victim ORDER BY id'}}
                  look: {type: flow_sql, depends_on: read, config: {sql: 'SELECT ${{ record.id }} * 2 AS twice'}}
                  out: {type: test_sink, depends_on: look}
                """, "reads.yml"), dry());

        assertThat(dry.status()).as(dry.error().orElse("")).isEqualTo(RunStatus.FINALISED);
        assertThat(dry.variable("steps.count.data")).contains(Map.of("n", 3L));
        assertThat(dry.variable("steps.look.data")).contains(Map.of("twice", 6L));
        assertThat(kit.sink().maps("out")).hasSize(3);
    }

    @Test
    void aSerializedJavaObjectIsReadAsItsBytesAndNeverDeserialized() throws Exception {
        db = TestDatabase.h2();
        byte[] bytes = DeserializationCanary.serialized();
        String hex = java.util.HexFormat.of().formatHex(bytes);
        RunResult result = engine().run(flow("reader_sql", "SELECT CAST(X'" + hex + "' AS JAVA_OBJECT) AS o, "
                + "ARRAY[CAST(X'" + hex + "' AS JAVA_OBJECT)] AS a"));

        assertThat(DeserializationCanary.deserialized).isFalse();
        assertThat(result.status()).as(result.error().orElse("")).isEqualTo(RunStatus.FINALISED);
        String base64 = java.util.Base64.getEncoder().encodeToString(bytes);
        assertThat(kit.sink().maps("out")).containsExactly(Map.of("o", base64, "a", java.util.List.of(base64)));
    }

    /** A class that notes when an instance is deserialized. */
    static final class DeserializationCanary implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        static volatile boolean deserialized;

        static byte[] serialized() throws java.io.IOException {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
                out.writeObject(new DeserializationCanary());
            }
            return bytes.toByteArray();
        }

        private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
            in.defaultReadObject();
            deserialized = true;
        }
    }
}
