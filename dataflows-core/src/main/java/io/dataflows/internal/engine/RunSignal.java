package io.dataflows.internal.engine;

import io.dataflows.StepExecutionException;

/**
 * Unwinds a run: after a step failed or asked to abort (carrying the failure already wrapped with the step's
 * context, so that steps upstream that see it pass it on unchanged), or after the run was asked to stop (carrying
 * who asked). No stack trace: it is control flow.
 */
final class RunSignal extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient StepExecutionException failure;
    private final String cancelReason;

    RunSignal(StepExecutionException failure) {
        super(failure.getMessage(), null, false, false);
        this.failure = failure;
        this.cancelReason = null;
    }

    private RunSignal(String cancelReason) {
        super(cancelReason, null, false, false);
        this.failure = null;
        this.cancelReason = cancelReason;
    }

    /** The run was asked to stop: {@code reason} says by whom ("cancelled by caller", "timeout after PT2S"). */
    static RunSignal cancelled(String reason) {
        return new RunSignal(reason);
    }

    /** True when the run was asked to stop, rather than failed. */
    boolean isCancellation() {
        return failure == null;
    }

    /** The failure; null for a cancellation. */
    StepExecutionException failure() {
        return failure;
    }

    /** Who stopped the run; null for a failure. */
    String cancelReason() {
        return cancelReason;
    }
}
