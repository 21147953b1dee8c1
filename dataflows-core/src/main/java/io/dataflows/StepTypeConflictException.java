package io.dataflows;

/** Two step types claim the same id; the message names both classes. */
public class StepTypeConflictException extends DataflowException {

    private static final long serialVersionUID = 1L;

    public StepTypeConflictException(String message) {
        super(message);
    }
}
