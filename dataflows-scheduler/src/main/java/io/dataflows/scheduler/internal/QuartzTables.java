package io.dataflows.scheduler.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.quartz.impl.jdbcjobstore.StdJDBCDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the tables of Quartz's JDBC job store, from the DDL scripts Quartz ships for H2 and PostgreSQL, with the
 * scheduler's table prefix instead of {@code QRTZ_}. Idempotent: every statement is made conditional ({@code IF NOT
 * EXISTS}), so a scheduler creates what is missing and leaves what exists, and schedulers starting together on one
 * database do not fail each other.
 */
final class QuartzTables {

    private static final Logger log = LoggerFactory.getLogger(QuartzTables.class);

    /** The databases whose scripts are used, with Quartz's SQL dialect for each. */
    enum Dialect {
        H2("tables_h2.sql", StdJDBCDelegate.class.getName()),
        POSTGRESQL("tables_postgres.sql", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");

        final String script;
        final String delegate;

        Dialect(String script, String delegate) {
            this.script = script;
            this.delegate = delegate;
        }
    }

    /** A prefix Quartz puts before its table names unquoted: letters, digits and {@code _}. */
    static final Pattern PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,30}");

    /** Serialises creation within the JVM: concurrent DDL on one H2 database can fail on its own locks. */
    private static final Object CREATING = new Object();

    private QuartzTables() {}

    /** The dialect of the database behind {@code dataSource}. */
    static Dialect dialect(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            String product = c.getMetaData().getDatabaseProductName();
            String p = product.toLowerCase(Locale.ROOT);
            if (p.contains("h2")) {
                return Dialect.H2;
            }
            if (p.contains("postgres")) {
                return Dialect.POSTGRESQL;
            }
            throw new IllegalArgumentException("The scheduler keeps its clustered timer in H2 or PostgreSQL only; the "
                    + "data source is " + product);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reach the scheduler's database: " + e.getMessage(), e);
        }
    }

    /** Creates the tables that do not exist yet. */
    static void create(DataSource dataSource, Dialect dialect, String prefix) {
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("table prefix must be a letter then letters, digits or _ (at most 31): "
                    + prefix);
        }
        List<String> statements = statements(dialect, prefix);
        synchronized (CREATING) {
            SQLException last = null;
            // Two processes creating the same table at once: PostgreSQL may refuse the second even with IF NOT
            // EXISTS (a duplicate type); the tables are there on the next attempt.
            for (int attempt = 0; attempt < 3; attempt++) {
                try (Connection c = dataSource.getConnection()) {
                    c.setAutoCommit(true);
                    try (Statement s = c.createStatement()) {
                        for (String sql : statements) {
                            s.execute(sql);
                        }
                    }
                    log.debug("Quartz tables {}* are in place ({})", prefix, dialect);
                    return;
                } catch (SQLException e) {
                    last = e;
                }
            }
            throw new IllegalStateException("Cannot create the scheduler's tables " + prefix + "*: "
                    + last.getMessage(), last);
        }
    }

    /** The statements of Quartz's script, made idempotent and prefixed. */
    static List<String> statements(Dialect dialect, String prefix) {
        String script;
        try (InputStream in = StdJDBCDelegate.class.getResourceAsStream(dialect.script)) {
            if (in == null) {
                throw new IllegalStateException("Quartz's DDL script " + dialect.script + " is missing from its jar");
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> out = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (String line : script.split("\n")) {
            String t = line.strip();
            if (!t.startsWith("--")) {
                text.append(line).append('\n');
            }
        }
        for (String raw : text.toString().split(";")) {
            String sql = raw.strip().replaceAll("\\s+", " ").replace("QRTZ_", prefix);
            String upper = sql.toUpperCase(Locale.ROOT);
            if (sql.isEmpty() || upper.equals("COMMIT") || upper.startsWith("DROP ")) {
                continue;
            }
            if (upper.startsWith("CREATE TABLE ")) {
                sql = "CREATE TABLE IF NOT EXISTS " + sql.substring("CREATE TABLE ".length());
            } else if (upper.startsWith("CREATE INDEX ")) {
                sql = "CREATE INDEX IF NOT EXISTS " + sql.substring("CREATE INDEX ".length());
            } else if (upper.startsWith("ALTER TABLE ") && upper.contains(" ADD CONSTRAINT ")) {
                int at = upper.indexOf(" ADD CONSTRAINT ") + " ADD CONSTRAINT ".length();
                sql = sql.substring(0, at) + "IF NOT EXISTS " + sql.substring(at);
            } else {
                throw new IllegalStateException("Unexpected statement in Quartz's " + dialect.script + ": " + sql);
            }
            if (dialect == Dialect.H2) {
                // SQL Server's IMAGE, which H2 reads as a binary type only in some of its modes (not in PostgreSQL
                // mode, the one the command line uses); the standard name means the same everywhere.
                sql = sql.replace(" IMAGE ", " BINARY LARGE OBJECT ");
            }
            out.add(sql);
        }
        return out;
    }
}
