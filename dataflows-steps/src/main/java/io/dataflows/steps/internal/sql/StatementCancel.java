package io.dataflows.steps.internal.sql;

import io.dataflows.spi.CancelRegistration;
import io.dataflows.spi.StepContext;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Cancels a statement ({@link Statement#cancel()}) when the run is cancelled while it executes or while its result
 * set is read: a JDBC driver waiting for the database does not see the run thread's interrupt, so without this a
 * {@code SELECT pg_sleep(30)} would hold a cancelled run for 30 seconds. Registered just before the statement is
 * executed, closed once its result set is read.
 *
 * <p>When the run was already cancelled before registration, the statement is not started: {@link #register}
 * throws. A cancellation in the instant between registration and the database starting the statement may be missed
 * (a database cancels only a statement it is running); the run then stops when the statement ends. Whether a
 * cancel while later rows are fetched stops the fetch depends on the driver; the run stops at its next record
 * anyway.
 */
final class StatementCancel implements AutoCloseable {

    private final Statement statement;
    private final CancelRegistration registration;
    /** Set by the action; read by the run's thread after {@link #armed} is set. */
    private volatile boolean requested;
    /** Whether the statement is about to start, so that cancelling it means something (see {@link #register}). */
    private volatile boolean armed;

    private StatementCancel(StepContext ctx, Statement statement) {
        this.statement = statement;
        this.registration = ctx.onCancel(this::cancel);
    }

    /**
     * Registers {@code statement} to be cancelled with the run.
     *
     * @throws SQLException when the run has already been cancelled: the statement must not start
     */
    static StatementCancel register(StepContext ctx, Statement statement) throws SQLException {
        StatementCancel cancel = new StatementCancel(ctx, statement);
        // Each side writes its flag and then reads the other's: either the action sees armed and cancels the
        // statement, or this sees requested and the statement never starts. An idle statement is not cancelled: a
        // driver may ignore that, or carry it over to the statement's next execution.
        cancel.armed = true;
        if (cancel.requested) {
            cancel.close();
            throw new SQLException("The run was cancelled before the statement started.");
        }
        return cancel;
    }

    /** On the cancelling thread. */
    private void cancel() {
        requested = true;
        if (!armed) {
            return;
        }
        try {
            statement.cancel();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not cancel the SQL statement: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        registration.close();
    }
}
