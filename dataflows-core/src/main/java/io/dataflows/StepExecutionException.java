package io.dataflows;

import java.util.OptionalLong;

/**
 * A step failed while running; the cause is what the step threw.
 *
 * <p>{@code Step 'write' (writer_stream) failed on record #3: Failed to write to stream "out.json".}
 */
public class StepExecutionException extends DataflowException {

    private static final long serialVersionUID = 1L;

    private final String stepType;
    private final long recordNumber;

    /**
     * @param recordNumber 1-based number of the record the step was processing, 0 when not processing a record
     */
    public StepExecutionException(String message, String dataflowName, String stepAlias, String stepType,
            long recordNumber, Throwable cause) {
        super(message, dataflowName, stepAlias, cause);
        this.stepType = stepType;
        this.recordNumber = recordNumber;
    }

    /** The type id of the failed step. */
    public String stepType() {
        return stepType;
    }

    /** The 1-based number of the record in the step's input, when it failed on a record. */
    public OptionalLong recordNumber() {
        return recordNumber > 0 ? OptionalLong.of(recordNumber) : OptionalLong.empty();
    }

    @Override
    public String getMessage() {
        StringBuilder sb = new StringBuilder("Step '").append(stepAlias().orElse("?")).append('\'');
        if (stepType != null) {
            sb.append(" (").append(stepType).append(')');
        }
        sb.append(" failed");
        if (recordNumber > 0) {
            sb.append(" on record #").append(recordNumber);
        }
        return sb.append(": ").append(getOriginalMessage()).toString();
    }
}
