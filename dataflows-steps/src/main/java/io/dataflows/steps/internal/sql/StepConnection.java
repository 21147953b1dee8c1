package io.dataflows.steps.internal.sql;

import io.dataflows.spi.StepContext;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A connection an SQL step borrows for one run, and the one transaction policy of all SQL steps.
 *
 * <p>The connection runs without auto-commit. In a real run {@link #finish} commits. In a dry run the connection is
 * set read-only before its first transaction and every transaction is rolled back, whatever the statement was: a
 * dry run must not change the database even through a statement that looks like a query ({@code SELECT} of a
 * function that writes, a data-change delta table, several statements in one). The statement's first keyword only
 * decides what a dry run reports as a skipped write, never whether the database is protected.
 *
 * <p>How strong "read-only" is depends on the database: PostgreSQL refuses every write in a read-only transaction;
 * H2 treats it as a hint only, so there the rollback (and a data source whose user may only read, as the command
 * line gives dry runs) is the protection. Statements a database commits by themselves (DDL on H2) or that are not
 * transactional (sequence values) are the reason the read-only user matters there.
 */
final class StepConnection implements AutoCloseable {

    private final Connection connection;
    private final boolean dryRun;
    private final boolean autoCommit;
    private final boolean readOnly;
    private final boolean postgres;

    private StepConnection(Connection connection, boolean dryRun) throws SQLException {
        this.connection = connection;
        this.dryRun = dryRun;
        this.autoCommit = connection.getAutoCommit();
        this.readOnly = connection.isReadOnly();
        this.postgres = SqlSupport.isPostgres(connection);
        if (autoCommit) {
            connection.setAutoCommit(false);
        }
        if (dryRun && !readOnly) {
            connection.setReadOnly(true);
        }
    }

    /** Borrows a connection from the step's data source and prepares it for the run (dry or not). */
    static StepConnection open(StepContext ctx) throws SQLException {
        Connection c = SqlSupport.dataSource(ctx).getConnection();
        try {
            return new StepConnection(c, ctx.isDryRun());
        } catch (SQLException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    Connection connection() {
        return connection;
    }

    boolean isPostgres() {
        return postgres;
    }

    boolean isDryRun() {
        return dryRun;
    }

    /** Ends the current transaction: committed in a real run, rolled back in a dry run. */
    void finish() throws SQLException {
        if (dryRun) {
            connection.rollback();
        } else {
            connection.commit();
        }
    }

    /** Rolls the current transaction back after {@code cause}, to which a failure to do so is added. */
    void rollbackAfter(Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** Rolls back whatever is still open, restores the connection's settings and gives it back. */
    @Override
    public void close() {
        try {
            connection.rollback();
            if (dryRun && !readOnly) {
                connection.setReadOnly(false);
            }
            if (autoCommit) {
                connection.setAutoCommit(true);
            }
        } catch (SQLException ignored) {
            // a pool resets the connection; a plain connection is closed anyway
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing more to do
        }
    }
}
