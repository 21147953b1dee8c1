package io.dataflows;

import io.dataflows.internal.util.ShortText;

/**
 * Thrown by {@link DataflowEngine#run} for a dataflow that is not valid; carries every problem found.
 */
public class DataflowValidationException extends DataflowException {

    private static final long serialVersionUID = 1L;

    private final transient ValidationReport report;

    public DataflowValidationException(String dataflowName, ValidationReport report) {
        super("Trying to run an invalid dataflow.", dataflowName, null, null);
        this.report = report;
    }

    /** All problems of the dataflow. */
    public ValidationReport report() {
        return report;
    }

    /** The first line plus one line per problem: {@code <alias>: <message>}. */
    @Override
    public String getMessage() {
        StringBuilder sb = new StringBuilder(getOriginalMessage());
        dataflowName().ifPresent(n -> sb.append(" (dataflow '")
                .append(ShortText.of(n, Dataflow.MAX_NAME_LENGTH)).append("')"));
        if (report != null) {
            for (Problem p : report.problems()) {
                sb.append(System.lineSeparator()).append("  ").append(p);
            }
        }
        return sb.toString();
    }
}
