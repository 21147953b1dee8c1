package io.dataflows.internal.engine;

import io.dataflows.StepExecutionException;

/**
 * Unwinds a run after a step failed or asked to abort. Carries the failure already wrapped with the step's
 * context, so steps upstream that see it pass it on unchanged. No stack trace: it is control flow.
 */
final class RunSignal extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final StepExecutionException failure;

    RunSignal(StepExecutionException failure) {
        super(failure.getMessage(), null, false, false);
        this.failure = failure;
    }

    StepExecutionException failure() {
        return failure;
    }
}
