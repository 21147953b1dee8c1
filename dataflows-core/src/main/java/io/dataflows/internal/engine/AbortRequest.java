package io.dataflows.internal.engine;

/** Thrown by a step through {@code StepContext.abort(reason)}: the run should abort on purpose. */
final class AbortRequest extends RuntimeException {

    private static final long serialVersionUID = 1L;

    AbortRequest(String reason) {
        super(reason, null, false, false);
    }
}
