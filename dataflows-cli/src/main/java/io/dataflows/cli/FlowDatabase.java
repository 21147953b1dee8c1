package io.dataflows.cli;

import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Map;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The default connection of SQL steps ({@code default}), opened on the first connection a step asks for, so that a
 * flow without SQL steps never pays for opening it. It is either
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
final class FlowDatabase implements DataSource, AutoCloseable {

    static final String USER_VARIABLE = "DATAFLOWS_DATA_DB_USER";
    static final String PASSWORD_VARIABLE = "DATAFLOWS_DATA_DB_PASSWORD";

    /** Opens the pool. */
    @FunctionalInterface
    private interface Opener {
        HikariDataSource open() throws SQLException;
    }

    private final String shown;
    private final Opener opener;
    private HikariDataSource pool;
    private boolean closed;

    private FlowDatabase(String shown, Opener opener) {
        this.shown = shown;
        this.opener = opener;
    }

    /** The embedded database of the flows' data under {@code stateDir}; read-only user in a dry run. */
    static FlowDatabase embedded(Path stateDir, boolean dryRun) {
        return new FlowDatabase(EmbeddedFlowDatabase.url(stateDir), () -> {
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
        return new FlowDatabase(connector.shownUrl(), () -> pool(connector));
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

    /** True once a step has asked for a connection and the database opened. */
    synchronized boolean isOpen() {
        return pool != null;
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
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the user is fixed");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // nothing is logged here
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
