package io.dataflows;

import io.dataflows.internal.util.OneLine;
import io.dataflows.internal.util.ShortText;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One problem found by validation.
 *
 * <p>Every problem — found by validation, or while reading a definition ({@link DataflowDefinitionException}) —
 * prints as one line of one shape, the shape the {@code dataflows} command writes to standard error:
 * <pre>
 * [warning: ][&lt;file&gt;:&lt;line&gt;:&lt;column&gt;: ]&lt;subject&gt;: &lt;message&gt;
 * </pre>
 * <ul>
 *   <li>the subject is the step alias, or {@code dataflow} for a problem of the whole dataflow
 *       ({@code route: Config 'cases' is missing.}, {@code dataflow: The dataflow has no name.});</li>
 *   <li>the location comes first when it is known, as for errors found while reading a file
 *       ({@code flow.yml:11:17: out: The step dependency "x" does not exist.}); a problem of the file itself
 *       (it cannot be read, or is not well-formed YAML or JSON) has a location and no subject
 *       ({@code flow.yml:5:3: Duplicate key 'a'.});</li>
 *   <li>a warning — something that does not stop a run — starts with {@code warning: }.</li>
 * </ul>
 * A problem is an {@linkplain Severity#ERROR error}, which makes the dataflow invalid, or a
 * {@linkplain Severity#WARNING warning}: something the dataflow most likely does not mean, which tool_dataflows
 * accepted, such as a config key the step type does not know. A warning does not stop a run.
 * An alias longer than 255 characters (never a valid one) is shortened to its first 60 and {@code …}; a line
 * break inside the message is written as {@code \n}, so a problem is always one line.
 *
 * @param stepAlias the step concerned, or null for a problem of the whole dataflow
 * @param field the config field or other attribute concerned ({@code config.filter}, {@code depends_on}), or null
 * @param message what is wrong, e.g. {@code Config 'filter' is missing.}
 * @param severity whether the problem makes the dataflow invalid
 */
public record Problem(@Nullable String stepAlias, @Nullable String field, String message, Severity severity) {

    /** How serious a problem is. */
    public enum Severity {
        /** The dataflow is invalid: it does not run. */
        ERROR,
        /** Reported, and the dataflow still runs. */
        WARNING
    }

    public Problem {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(severity, "severity");
    }

    /** An error (the form every problem had before problems had a severity). */
    public Problem(@Nullable String stepAlias, @Nullable String field, String message) {
        this(stepAlias, field, message, Severity.ERROR);
    }

    /** An error of the whole dataflow. */
    public static Problem ofDataflow(String message) {
        return new Problem(null, null, message);
    }

    /** An error of the whole dataflow in one of its fields ({@code name}, {@code config.enabled}, ...). */
    public static Problem ofDataflow(String field, String message) {
        return new Problem(null, field, message);
    }

    /** An error of one step. */
    public static Problem ofStep(String stepAlias, String field, String message) {
        return new Problem(Objects.requireNonNull(stepAlias, "stepAlias"), field, message);
    }

    /** A warning about one step. */
    public static Problem warningOfStep(String stepAlias, String field, String message) {
        return new Problem(Objects.requireNonNull(stepAlias, "stepAlias"), field, message, Severity.WARNING);
    }

    /** True for a warning: the dataflow runs all the same. */
    public boolean isWarning() {
        return severity == Severity.WARNING;
    }

    /** True for an error: the dataflow is invalid. */
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** The step concerned; empty for a problem of the whole dataflow. */
    public Optional<String> step() {
        return Optional.ofNullable(stepAlias);
    }

    /**
     * {@code <alias>: <message>}, or {@code dataflow: <message>}, on one line; a warning starts with
     * {@code warning: }.
     */
    @Override
    public String toString() {
        return OneLine.of((isWarning() ? "warning: " : "") + (stepAlias == null ? "dataflow" : ShortText.of(stepAlias))
                + ": " + message);
    }
}
