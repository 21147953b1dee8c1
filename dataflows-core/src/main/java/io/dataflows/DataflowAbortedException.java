package io.dataflows;

/**
 * The run was aborted on purpose: by an abort step whose condition held, or by {@code StepContext.abort}.
 * It is the failure of an aborted {@link RunResult} and is not an error of the step itself.
 */
public class DataflowAbortedException extends StepExecutionException {

    private static final long serialVersionUID = 1L;

    public DataflowAbortedException(String message, String dataflowName, String stepAlias, String stepType,
            long recordNumber) {
        super(message, dataflowName, stepAlias, stepType, recordNumber, null);
    }

    @Override
    public String getMessage() {
        StringBuilder sb = new StringBuilder("Dataflow aborted by step '").append(stepAlias().orElse("?"))
                .append('\'');
        recordNumber().ifPresent(n -> sb.append(" on record #").append(n));
        return sb.append(": ").append(getOriginalMessage()).toString();
    }
}
