package io.dataflows.scheduler;

import io.dataflows.DataflowException;
import java.util.Objects;

/**
 * A webhook call that starts no run ({@link DataflowScheduler#callWebhook}); {@link #reason()} says why, and
 * {@link WebhookHandler} answers with the matching HTTP status. The message never contains a token.
 */
public final class WebhookRefusedException extends DataflowException {

    private static final long serialVersionUID = 1L;

    /** Why a webhook call was refused. */
    public enum Reason {
        /** No dataflow of that name is registered, or it has no webhook trigger (HTTP 404). */
        NOT_FOUND,
        /** The dataflow's webhook needs a token, and the caller gave none or another (HTTP 401). */
        UNAUTHORIZED,
        /** The dataflow is disabled (HTTP 409). */
        DISABLED,
        /** The dataflow is invalid (HTTP 409). */
        INVALID,
        /** The dataflow does not run concurrently and a run of it is going on (HTTP 409). */
        LOCKED,
        /** The scheduler is not started, or is closing (HTTP 503). */
        UNAVAILABLE
    }

    private final Reason reason;

    /** A refusal for {@code reason}; {@code message} names the dataflow and never holds a secret. */
    public WebhookRefusedException(Reason reason, String dataflow, String message) {
        super(message, dataflow, null, null);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the call was refused. */
    public Reason reason() {
        return reason;
    }
}
