package io.dataflows.spi;

/**
 * An action registered with {@link StepContext#onCancel}, to be called if the run is cancelled while the step is in
 * a blocking call. Close it as soon as that call is over, in a {@code try}-with-resources:
 *
 * <pre>{@code
 * try (CancelRegistration cancel = ctx.onCancel(() -> cancelQuietly(statement))) {
 *     result = statement.executeQuery();
 * }
 * }</pre>
 *
 * <p>Closing is idempotent and never throws.
 */
public interface CancelRegistration extends AutoCloseable {

    /**
     * Removes the action: once this returns, the action will not be called. When the action is running on the
     * cancelling thread at that moment, waits for it to return, so that what it acts on (a statement, a socket) can
     * be closed safely afterwards.
     */
    @Override
    void close();
}
