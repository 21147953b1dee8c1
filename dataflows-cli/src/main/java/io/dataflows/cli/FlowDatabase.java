package io.dataflows.cli;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The default connection of SQL steps ({@code default}), opened on the first connection a step asks for (or, for a
 * flow with such steps, in the background as its run starts), so that a flow without SQL steps never pays for
 * opening it. It is either
 * <ul>
 *   <li>the embedded database of the flows' data under the state directory, as a user without administrator
 *       rights ({@link EmbeddedFlowDatabase}; in a dry run a user that may only read), or</li>
 *   <li>{@code --data-db URL}, as the user and password of {@value #USER_VARIABLE} and {@value #PASSWORD_VARIABLE}.
 *   </li>
 * </ul>
 * (With {@code --db} and no {@code --data-db}, SQL steps use the state database's pool instead of one of these.)
 *
 * <p>A failure to open it fails the step that asked, with a message free of passwords; the next step to ask tries
 * again.
 */
final class FlowDatabase extends FixedUserDataSource implements AutoCloseable {

    static final String USER_VARIABLE = "DATAFLOWS_DATA_DB_USER";
    static final String PASSWORD_VARIABLE = "DATAFLOWS_DATA_DB_PASSWORD";

    /** Opens the pool. */
    @FunctionalInterface
    private interface Opener {
        HikariDataSource open() throws SQLException;
    }

    private final String shown;
    private final PasswordMask mask;
    private final Opener opener;
    private HikariDataSource pool;
    private boolean closed;

    private FlowDatabase(String shown, PasswordMask mask, Opener opener) {
        this.shown = shown;
        this.mask = mask;
        this.opener = opener;
    }

    /** The embedded database of the flows' data under {@code stateDir}; read-only user in a dry run. */
    static FlowDatabase embedded(Path stateDir, boolean dryRun) {
        return new FlowDatabase(EmbeddedFlowDatabase.url(stateDir), PasswordMask.of(null), () -> {
            JdbcConnector connector = EmbeddedFlowDatabase.connector(stateDir, dryRun);
            // A connection of its own first (the pool would pause a second after a failure): when it fails for
            // want of the set-up, the administrator makes it. Either stays open until the pool has its first
            // connection, so that the database is not closed and opened again in between.
            Connection first;
            try {
                first = connector.getConnection();
            } catch (SQLException e) {
                if (!EmbeddedFlowDatabase.needsSetUp(e)) {
                    throw new SQLException(Database.openFailure(connector, e), e.getSQLState(), e.getErrorCode());
                }
                first = EmbeddedFlowDatabase.setUp(stateDir);
            }
            try (Connection keptOpen = first) {
                return pool(connector);
            }
        });
    }

    /**
     * {@code --data-db url}; credentials from {@code env}.
     *
     * @throws CliSupport.Exit exit 64 when {@code url} is not a JDBC URL of a driver this command has
     */
    static FlowDatabase of(String url, Map<String, String> env) {
        String user = env.get(USER_VARIABLE);
        String password = env.get(PASSWORD_VARIABLE);
        PasswordMask mask = PasswordMask.of(url, password);
        Database.checkUrl("--data-db", url);
        JdbcConnector connector;
        try {
            connector = new JdbcConnector(url, user == null || user.isEmpty() ? null : user,
                    password == null || password.isEmpty() ? null : password, mask);
        } catch (SQLException e) {
            throw new CliSupport.Exit(ExitCodes.USAGE, "Invalid value for --data-db: " + e.getMessage());
        }
        return new FlowDatabase(connector.shownUrl(), mask, () -> pool(connector));
    }

    /** {@code text} with the passwords of this database masked. */
    String mask(String text) {
        return mask.mask(text);
    }

    private static HikariDataSource pool(JdbcConnector connector) throws SQLException {
        try {
            return Database.pool(connector, "dataflows-data");
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            SQLException failure = new SQLException(Database.openFailure(connector, e),
                    cause instanceof SQLException ? ((SQLException) cause).getSQLState() : null,
                    cause instanceof SQLException ? ((SQLException) cause).getErrorCode() : 0);
            if (cause instanceof SQLException) {
                failure.initCause(cause); // already masked by the connector
            }
            throw failure;
        }
    }

    /**
     * Starts opening the database on a thread of its own, for a flow whose SQL steps will ask for it: the opening
     * then overlaps the start of the run. The first step to ask waits for it; a failure is reported to that step,
     * which tries again.
     */
    void openInBackground() {
        Thread t = new Thread(() -> {
            try {
                pool();
            } catch (SQLException | RuntimeException e) {
                // reported to the step that asks for a connection
            }
        }, "dataflows-open-flow-database");
        t.setDaemon(true);
        t.start();
    }

    /**
     * True when a step of {@code dataflow} uses the default connection of SQL steps: an SQL step without a
     * {@code connection}, or with {@code connection: default}.
     */
    static boolean isUsedBy(io.dataflows.Dataflow dataflow) {
        for (io.dataflows.Step step : dataflow.steps()) {
            String type = step.typeId();
            if (type.equals("reader_sql") || type.equals("connector_sql") || type.equals("flow_sql")) {
                Object connection = step.config().get("connection");
                if (connection == null || "".equals(connection) || "default".equals(connection)) {
                    return true;
                }
            }
        }
        return false;
    }

    private synchronized DataSource pool() throws SQLException {
        if (closed) {
            throw new SQLException("The flow database " + shown + " is closed");
        }
        if (pool == null) {
            pool = opener.open();
        }
        return pool;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return pool().getConnection();
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // the pool's
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }

    @Override
    public String toString() {
        return "FlowDatabase[" + shown + "]";
    }
}
