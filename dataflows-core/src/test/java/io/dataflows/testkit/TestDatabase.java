package io.dataflows.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;

/**
 * A private database for one test: an in-memory H2 database with the settings the command line uses, or a fresh
 * schema in the PostgreSQL server that {@code .ci/postgres} starts. Close it to drop it.
 *
 * <p>PostgreSQL is found through {@code DATAFLOWS_TEST_PG_URL}, {@code DATAFLOWS_TEST_PG_USER} and
 * {@code DATAFLOWS_TEST_PG_PASSWORD} (environment or system properties; defaults: what {@code .ci/postgres start}
 * sets up). When no server answers, the test is skipped with a message saying so — except in CI ({@code CI=true}),
 * where it fails: CI must test against PostgreSQL. When {@code DATAFLOWS_TEST_PG_REPORT} names a file, each
 * PostgreSQL database asked for appends a line to it, {@code ran} or {@code skipped: <why>}, from which
 * {@code .ci/run} prints whether the PostgreSQL variants ran even when Maven runs quietly.
 *
 * <pre>{@code
 * @ParameterizedTest @EnumSource(TestDatabase.Kind.class)
 * void works(TestDatabase.Kind kind) {
 *     try (TestDatabase db = TestDatabase.create(kind)) { ... db.dataSource() ... }
 * }
 * }</pre>
 */
public final class TestDatabase implements AutoCloseable {

    /** The H2 settings that make it behave like PostgreSQL (kept equal to the command line's). */
    public static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
            + ";NON_KEYWORDS=VALUE,KEY,YEAR,MONTH,DAY,HOUR,MINUTE,SECOND";

    /** The databases tests run against. */
    public enum Kind { H2, POSTGRESQL }

    private static volatile String postgresProblem;
    private static volatile boolean postgresChecked;

    private final Kind kind;
    private final String url;
    private final String user;
    private final String password;
    private final String schema;
    private final DataSource dataSource;
    private final Connection keepAlive;

    private TestDatabase(Kind kind, String url, String user, String password, String schema) throws SQLException {
        this.kind = kind;
        this.url = url;
        this.user = user;
        this.password = password;
        this.schema = schema;
        this.dataSource = new DriverManagerDataSource(url, user, password);
        // An in-memory H2 database lives as long as a connection to it.
        this.keepAlive = kind == Kind.H2 ? dataSource.getConnection() : null;
    }

    /** A new database of the given kind; skips (or, in CI, fails) the test when PostgreSQL is not there. */
    public static TestDatabase create(Kind kind) {
        return kind == Kind.H2 ? h2() : postgres();
    }

    /** A new in-memory H2 database in PostgreSQL mode. */
    public static TestDatabase h2() {
        try {
            return new TestDatabase(Kind.H2, "jdbc:h2:mem:test-" + UUID.randomUUID() + H2_OPTIONS, "sa", "", null);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new schema in the test PostgreSQL server. */
    public static TestDatabase postgres() {
        String problem = postgresProblem();
        if (problem != null) {
            String message = "PostgreSQL is not reachable at " + postgresUrl() + " (" + problem + "); start it with "
                    + "`eval \"$(.ci/postgres start)\"` or set DATAFLOWS_TEST_PG_URL/_USER/_PASSWORD";
            report("skipped: " + message);
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI must test against PostgreSQL: " + message);
            }
            Assumptions.abort("Skipping the PostgreSQL variant: " + message);
        }
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(postgresUrl(), postgresUser(), postgresPassword());
             Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create a test schema in PostgreSQL: " + e.getMessage(), e);
        }
        report("ran");
        String base = postgresUrl();
        String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        try {
            return new TestDatabase(Kind.POSTGRESQL, url, postgresUser(), postgresPassword(), schema);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Why PostgreSQL cannot be used, or null when it can; checked once per JVM. */
    private static String postgresProblem() {
        if (!postgresChecked) {
            synchronized (TestDatabase.class) {
                if (!postgresChecked) {
                    try {
                        DriverManager.setLoginTimeout(3);
                        try (Connection c = DriverManager.getConnection(postgresUrl(), postgresUser(),
                                postgresPassword())) {
                            postgresProblem = c.isValid(3) ? null : "connection not valid";
                        }
                    } catch (SQLException e) {
                        postgresProblem = e.getMessage();
                    }
                    postgresChecked = true;
                }
            }
        }
        return postgresProblem;
    }

    /** Appends {@code outcome} as a line to the file {@code DATAFLOWS_TEST_PG_REPORT} names, if any. */
    private static void report(String outcome) {
        String file = setting("DATAFLOWS_TEST_PG_REPORT", "");
        if (file.isEmpty()) {
            return;
        }
        // One short write in append mode: lines from test JVMs running at the same time do not interleave.
        try {
            Files.writeString(Path.of(file), outcome.replace('\n', ' ') + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the PostgreSQL test report " + file, e);
        }
    }

    private static String setting(String name, String fallback) {
        String v = System.getProperty(name);
        if (v == null || v.isEmpty()) {
            v = System.getenv(name);
        }
        return v == null || v.isEmpty() ? fallback : v;
    }

    public static String postgresUrl() {
        return setting("DATAFLOWS_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5433/dataflows_test");
    }

    public static String postgresUser() {
        return setting("DATAFLOWS_TEST_PG_USER", "dataflows_test");
    }

    public static String postgresPassword() {
        return setting("DATAFLOWS_TEST_PG_PASSWORD", "dataflows-test-secret");
    }

    public Kind kind() {
        return kind;
    }

    /** The JDBC URL of this database (for PostgreSQL with {@code currentSchema} set). */
    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Runs statements, in order, each committed. */
    public void execute(String... sql) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The rows of a query as ordered maps (column labels as the database gives them). */
    public List<Map<String, Object>> query(String sql) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The single number a query returns ({@code SELECT COUNT(*) ...}). */
    public long number(String sql) {
        Object v = query(sql).get(0).values().iterator().next();
        return ((Number) v).longValue();
    }

    @Override
    public void close() {
        try {
            if (kind == Kind.H2) {
                try (Statement s = keepAlive.createStatement()) {
                    s.execute("SHUTDOWN");
                }
                keepAlive.close();
            } else {
                try (Connection c = DriverManager.getConnection(postgresUrl(), postgresUser(), postgresPassword());
                     Statement s = c.createStatement()) {
                    s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /**
     * A data source over {@link DriverManager} for {@code url} as {@code user}: a new connection each time (for
     * processes a test starts, which get the database's URL and credentials rather than this object).
     */
    public static DataSource driverManager(String url, String user, String password) {
        return new DriverManagerDataSource(url, user, password);
    }

    /** A data source over {@link DriverManager}: a new connection each time. */
    private static final class DriverManagerDataSource implements DataSource {
        private final String url;
        private final String user;
        private final String password;

        DriverManagerDataSource(String url, String user, String password) {
            this.url = url;
            this.user = user;
            this.password = password;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }

        @Override
        public Connection getConnection(String u, String p) throws SQLException {
            return DriverManager.getConnection(url, u, p);
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {}

        @Override
        public void setLoginTimeout(int seconds) {}

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
