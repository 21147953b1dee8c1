package io.dataflows;

import com.google.common.collect.ImmutableList;
import io.dataflows.internal.util.ShortText;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Every problem of a dataflow, in a stable order (dataflow problems first, then steps in definition order).
 * An empty report means the dataflow is valid. Immutable.
 */
public final class ValidationReport {

    private final String dataflowName;
    private final List<Problem> problems;

    ValidationReport(String dataflowName, List<Problem> problems) {
        this.dataflowName = Objects.requireNonNull(dataflowName, "dataflowName");
        this.problems = ImmutableList.copyOf(problems);
    }

    /**
     * A report without problems, for a hook that skips validation
     * ({@code DotExporter.Builder.validator(f -> ValidationReport.valid(f.name()))}); reports with problems come
     * from {@link DataflowEngine#validate}.
     */
    public static ValidationReport valid(String dataflowName) {
        return new ValidationReport(dataflowName, List.of());
    }

    /** The name of the validated dataflow. */
    public String dataflowName() {
        return dataflowName;
    }

    /** True when there is no problem. */
    public boolean isValid() {
        return problems.isEmpty();
    }

    /** All problems (unmodifiable). */
    public List<Problem> problems() {
        return problems;
    }

    /** The problems of one step. */
    public List<Problem> problemsOf(String stepAlias) {
        return problems.stream().filter(p -> stepAlias.equals(p.stepAlias()))
                .collect(ImmutableList.toImmutableList());
    }

    /** The messages of all problems, in order. */
    public List<String> messages() {
        return problems.stream().map(Problem::message).collect(Collectors.toList());
    }

    /** One line per problem. */
    @Override
    public String toString() {
        if (problems.isEmpty()) {
            return "Dataflow '" + shownName() + "' is valid";
        }
        return "Dataflow '" + shownName() + "' is invalid (" + problems.size() + " problem"
                + (problems.size() == 1 ? "" : "s") + "):" + problems.stream().map(p -> "\n  - " + p)
                .collect(Collectors.joining());
    }

    private String shownName() {
        return ShortText.of(dataflowName, Dataflow.MAX_NAME_LENGTH);
    }
}
