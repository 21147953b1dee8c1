package io.dataflows;

import com.google.common.collect.ImmutableList;
import io.dataflows.internal.util.ShortText;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Every problem of a dataflow, in a stable order (dataflow problems first, then steps in definition order).
 * A dataflow without {@linkplain Problem#isError() errors} is valid and runs; its
 * {@linkplain Problem#isWarning() warnings} are reported and do not stop it. Immutable.
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

    /**
     * A report with {@code problems}, for a runner that checks more than {@link DataflowEngine#validate} (a runner that
     * distributes the steps refuses those that cannot be distributed).
     */
    public static ValidationReport of(String dataflowName, List<Problem> problems) {
        return new ValidationReport(dataflowName, problems);
    }

    /** The name of the validated dataflow. */
    public String dataflowName() {
        return dataflowName;
    }

    /** True when there is no error; there may be warnings. */
    public boolean isValid() {
        return problems.stream().noneMatch(Problem::isError);
    }

    /** All problems, errors and warnings, in order (unmodifiable). */
    public List<Problem> problems() {
        return problems;
    }

    /** The errors: the problems that make the dataflow invalid (unmodifiable). */
    public List<Problem> errors() {
        return problems.stream().filter(Problem::isError).collect(ImmutableList.toImmutableList());
    }

    /** The warnings: the problems that do not stop a run (unmodifiable). */
    public List<Problem> warnings() {
        return problems.stream().filter(Problem::isWarning).collect(ImmutableList.toImmutableList());
    }

    /** The problems of one step. */
    public List<Problem> problemsOf(String stepAlias) {
        return problems.stream().filter(p -> stepAlias.equals(p.stepAlias()))
                .collect(ImmutableList.toImmutableList());
    }

    /** The messages of all problems, errors and warnings, in order. */
    public List<String> messages() {
        return problems.stream().map(Problem::message).collect(Collectors.toList());
    }

    /** One line per problem, warnings starting with {@code warning: }. */
    @Override
    public String toString() {
        if (problems.isEmpty()) {
            return "Dataflow '" + shownName() + "' is valid";
        }
        String list = problems.stream().map(p -> "\n  - " + p).collect(Collectors.joining());
        if (isValid()) {
            return "Dataflow '" + shownName() + "' is valid (" + count(problems.size(), "warning") + "):" + list;
        }
        return "Dataflow '" + shownName() + "' is invalid (" + count(problems.size(), "problem") + "):" + list;
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private String shownName() {
        return ShortText.of(dataflowName, Dataflow.MAX_NAME_LENGTH);
    }
}
