package io.dataflows.beam.internal;

/**
 * A step failed on a worker: carried out of the Beam pipeline to the runner, which turns it into the run's aborted
 * result naming the step. Holds only text, so that it survives the trip through any runner.
 */
public final class DistributedStepException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String stepAlias;
    private final String stepType;

    /**
     * @param message what went wrong in the step (the engine's message, without the step and record), secrets
     *     already redacted
     */
    public DistributedStepException(String message, String stepAlias, String stepType) {
        super(message);
        this.stepAlias = stepAlias;
        this.stepType = stepType;
    }

    /** The alias of the step that failed. */
    public String stepAlias() {
        return stepAlias;
    }

    /** The type id of the step that failed. */
    public String stepType() {
        return stepType;
    }
}
