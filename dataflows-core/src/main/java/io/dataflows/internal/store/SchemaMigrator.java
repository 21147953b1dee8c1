package io.dataflows.internal.store;

import io.dataflows.DataflowException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the state tables and migrates them to the newest schema version, once, however many threads and processes
 * start on one database at the same moment.
 *
 * <p>H2 does not serialise concurrent DDL: a {@code CREATE TABLE IF NOT EXISTS} can run while another session's
 * {@code ALTER TABLE} has the table swapped out, and bring back a table without the new columns. So the migration
 * runs under a row lock: every migrator first makes sure that {@code dataflows_schema_lock} holds its one row, then
 * locks it with {@code SELECT ... FOR UPDATE} on a connection of its own, re-reads the version and applies what is
 * missing on a second connection (DDL commits on H2, which must not release the lock), and only then ends the lock's
 * transaction. Waiters that time out try again. A database already at the newest version is only read (one query,
 * no DDL). The lock dies with its session, so a process that crashes while migrating never leaves the database
 * locked.
 */
final class SchemaMigrator {

    private static final Logger log = LoggerFactory.getLogger(SchemaMigrator.class);

    /** The newest schema version this library knows. */
    static final int SCHEMA_VERSION = 4;

    /** How long creating or migrating the tables keeps retrying collisions with other processes. */
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(30);

    private static final String VERSION_TABLE = "CREATE TABLE IF NOT EXISTS dataflows_schema_version ("
            + "version INT NOT NULL PRIMARY KEY, description VARCHAR(200) NOT NULL, "
            + "applied_at TIMESTAMP WITH TIME ZONE NOT NULL)";

    private static final String LOCK_TABLE = "CREATE TABLE IF NOT EXISTS dataflows_schema_lock ("
            + "id INT NOT NULL PRIMARY KEY)";

    private SchemaMigrator() {}

    /** The SQL differences between the databases the store supports. */
    enum Dialect {
        POSTGRESQL("TEXT"),
        H2("CHARACTER LARGE OBJECT"),
        OTHER("CLOB");

        final String text;

        Dialect(String text) {
            this.text = text;
        }

        static Dialect of(Connection c) throws SQLException {
            String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            if (product.contains("postgres")) {
                return POSTGRESQL;
            }
            return product.equals("h2") ? H2 : OTHER;
        }
    }

    /** One schema version: a description and its statements. */
    private record Migration(int version, String description, List<String> statements) {}

    /** The versioned DDL, oldest first. Statements are idempotent so that a migration interrupted half-way reruns. */
    private static List<Migration> migrations(Dialect d) {
        String ts = "TIMESTAMP WITH TIME ZONE";
        return List.of(new Migration(1, "variables, step state, runs, locks, schedules, event queue", List.of(
                "CREATE TABLE IF NOT EXISTS dataflows_variables ("
                        + "dataflow VARCHAR(1000) NOT NULL PRIMARY KEY, "
                        + "vars_json " + d.text + " NOT NULL, "
                        + "updated_at " + ts + " NOT NULL)",
                "CREATE TABLE IF NOT EXISTS dataflows_step_state ("
                        + "dataflow VARCHAR(1000) NOT NULL, "
                        + "step VARCHAR(255) NOT NULL, "
                        + "state_key VARCHAR(255) NOT NULL, "
                        + "value_json " + d.text + ", "
                        + "updated_at " + ts + " NOT NULL, "
                        + "PRIMARY KEY (dataflow, step, state_key))",
                "CREATE TABLE IF NOT EXISTS dataflows_runs ("
                        + "id VARCHAR(36) NOT NULL PRIMARY KEY, "
                        + "dataflow VARCHAR(1000) NOT NULL, "
                        + "run_number BIGINT NOT NULL, "
                        + "dry_run BOOLEAN NOT NULL, "
                        + "status VARCHAR(20) NOT NULL, "
                        + "started_at " + ts + " NOT NULL, "
                        + "finished_at " + ts + ", "
                        + "start_state " + d.text + ", "
                        + "end_state " + d.text + ", "
                        + "error " + d.text + ", "
                        + "CONSTRAINT dataflows_runs_number UNIQUE (dataflow, run_number))",
                "CREATE INDEX IF NOT EXISTS dataflows_runs_status ON dataflows_runs (status)",
                "CREATE TABLE IF NOT EXISTS dataflows_locks ("
                        + "dataflow VARCHAR(1000) NOT NULL PRIMARY KEY, "
                        + "created_at " + ts + " NOT NULL)",
                // The schedules and events tables of this version were never used: version 3 replaces them.
                "CREATE TABLE IF NOT EXISTS dataflows_schedules ("
                        + "dataflow VARCHAR(1000) NOT NULL, "
                        + "step VARCHAR(255) NOT NULL, "
                        + "last_run_at " + ts + ", "
                        + "next_run_at " + ts + ", "
                        + "retry_count INT DEFAULT 0 NOT NULL, "
                        + "PRIMARY KEY (dataflow, step))",
                "CREATE INDEX IF NOT EXISTS dataflows_schedules_next ON dataflows_schedules (next_run_at)",
                "CREATE TABLE IF NOT EXISTS dataflows_events ("
                        + "id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
                        + "dataflow VARCHAR(1000) NOT NULL, "
                        + "step VARCHAR(255) NOT NULL, "
                        + "event_json " + d.text + " NOT NULL, "
                        + "created_at " + ts + " NOT NULL)",
                "CREATE INDEX IF NOT EXISTS dataflows_events_queue ON dataflows_events (dataflow, step, id)")),
                new Migration(2, "owner process of each run", List.of(
                        "ALTER TABLE dataflows_runs ADD COLUMN IF NOT EXISTS owner_host VARCHAR(255)",
                        "ALTER TABLE dataflows_runs ADD COLUMN IF NOT EXISTS owner_pid BIGINT",
                        "ALTER TABLE dataflows_runs ADD COLUMN IF NOT EXISTS owner_started " + ts)),
                new Migration(3, "event queue, schedules, trigger of each run", List.of(
                        "ALTER TABLE dataflows_runs ADD COLUMN IF NOT EXISTS trigger_type VARCHAR(20)",
                        "CREATE INDEX IF NOT EXISTS dataflows_runs_started ON dataflows_runs (started_at)",
                        // Dropping is safe: no store used these tables before this version, and a migration that
                        // stopped half-way is rerun before any store uses the new ones.
                        "DROP TABLE IF EXISTS dataflows_events",
                        "CREATE TABLE IF NOT EXISTS dataflows_events ("
                                + "id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
                                + "dataflow VARCHAR(1000) NOT NULL, "
                                + "event_name VARCHAR(1000) NOT NULL, "
                                + "data_json " + d.text + " NOT NULL, "
                                + "published_at " + ts + " NOT NULL, "
                                + "claimed_by VARCHAR(36))",
                        "CREATE INDEX IF NOT EXISTS dataflows_events_queue ON dataflows_events (dataflow, id)",
                        "CREATE INDEX IF NOT EXISTS dataflows_events_claims ON dataflows_events (claimed_by)",
                        "DROP TABLE IF EXISTS dataflows_schedules",
                        "CREATE TABLE IF NOT EXISTS dataflows_schedules ("
                                + "dataflow VARCHAR(1000) NOT NULL PRIMARY KEY, "
                                + "last_run_at " + ts + ", "
                                + "next_run_at " + ts + ", "
                                + "retry_number INT DEFAULT 0 NOT NULL, "
                                + "updated_at " + ts + " NOT NULL)",
                        "CREATE INDEX IF NOT EXISTS dataflows_schedules_next ON dataflows_schedules (next_run_at)")),
                new Migration(4, "what the steps of each run did", List.of(
                        "ALTER TABLE dataflows_runs ADD COLUMN IF NOT EXISTS summary_json " + d.text)));
    }

    /**
     * Brings the database to {@link #SCHEMA_VERSION}, retrying collisions with other migrators for up to 30 seconds.
     *
     * @return the database's dialect
     * @throws DataflowException if the tables cannot be created or migrated, or the schema is newer than this library
     */
    static Dialect migrate(DataSource dataSource) {
        long deadline = System.nanoTime() + RETRY_NANOS;
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                Dialect d = Dialect.of(c);
                migrate(dataSource, c, d);
                return d;
            } catch (SQLException e) {
                long pause = Math.min(50L * attempt, 500L);
                if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pause) > deadline) {
                    throw new DataflowException(
                            "State store: cannot create or migrate the state tables: " + e.getMessage(), e);
                }
                log.debug("Migrating the state tables failed (attempt {}); retrying", attempt, e);
                try {
                    // Randomised, so that migrators that collided do not collide again.
                    Thread.sleep(ThreadLocalRandom.current().nextLong(pause / 2, pause + 1));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new DataflowException(
                            "State store: interrupted while creating or migrating the state tables", e);
                }
            }
        }
    }

    private static void migrate(DataSource dataSource, Connection c, Dialect d) throws SQLException {
        c.setAutoCommit(true);
        // Most starts find the newest schema in place: one query, and no DDL (which locks the catalogue) at all.
        if (isUpToDateIfKnown(c)) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute(VERSION_TABLE);
            s.execute(LOCK_TABLE);
        }
        if (upToDate(c)) {
            return;
        }
        try (Connection lock = dataSource.getConnection()) {
            holdLock(lock);
            try {
                applyMissing(c, d);
            } finally {
                lock.rollback();
            }
        }
    }

    /** Like {@link #upToDate}, false when there is no version table yet (a new database). */
    private static boolean isUpToDateIfKnown(Connection c) throws SQLException {
        int current;
        try {
            current = currentVersion(c);
        } catch (SQLException noTableYet) {
            return false;
        }
        if (current > SCHEMA_VERSION) {
            throw newerSchema(current);
        }
        return current == SCHEMA_VERSION;
    }

    /** Whether the schema is at the newest version; refuses a newer one. */
    private static boolean upToDate(Connection c) throws SQLException {
        int current = currentVersion(c);
        if (current > SCHEMA_VERSION) {
            throw newerSchema(current);
        }
        return current == SCHEMA_VERSION;
    }

    private static DataflowException newerSchema(int current) {
        return new DataflowException("The state database has schema version " + current
                + ", newer than this library supports (" + SCHEMA_VERSION + "); use a newer library.");
    }

    /** Locks the lock row in a transaction left open on {@code lock}, inserting the row first if needed. */
    private static void holdLock(Connection lock) throws SQLException {
        lock.setAutoCommit(true);
        try (Statement s = lock.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM dataflows_schema_lock WHERE id = 1")) {
            rs.next();
            if (rs.getLong(1) == 0) {
                // Two migrators may both insert it; the loser's unique violation ends its attempt, and it retries.
                s.executeUpdate("INSERT INTO dataflows_schema_lock (id) VALUES (1)");
            }
        }
        lock.setAutoCommit(false);
        try (Statement s = lock.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM dataflows_schema_lock WHERE id = 1 FOR UPDATE")) {
            if (!rs.next()) {
                throw new SQLException("the lock row of dataflows_schema_lock is missing");
            }
        }
    }

    /** Applies the migrations newer than the recorded version, each followed by its version row. */
    private static void applyMissing(Connection c, Dialect d) throws SQLException {
        if (upToDate(c)) {
            return; // another migrator finished while this one waited for the lock
        }
        int current = currentVersion(c);
        c.setAutoCommit(false);
        try {
            for (Migration m : migrations(d)) {
                if (m.version() <= current) {
                    continue;
                }
                try (Statement s = c.createStatement()) {
                    for (String sql : m.statements()) {
                        s.execute(sql);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO dataflows_schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
                    ps.setInt(1, m.version());
                    ps.setString(2, m.description());
                    ps.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
                    ps.executeUpdate();
                }
                log.info("State database migrated to schema version {} ({})", m.version(), m.description());
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** The newest version recorded in {@code dataflows_schema_version}, or 0. */
    static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT MAX(version) FROM dataflows_schema_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
