package io.dataflows;

import io.dataflows.internal.util.OneLine;
import io.dataflows.internal.util.ShortText;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * A definition cannot be read or built: a file that is not a readable regular file or is too large, YAML or JSON
 * that does not parse, a duplicate key, a YAML alias, a second document, a field of the wrong type, an unknown
 * {@code depends_on} reference, a duplicate step alias given to the builder.
 *
 * <p>{@link #getMessage()} has the shape of every problem line: the location when known, then the subject — the
 * step alias, or {@code dataflow} for a field of the whole dataflow — then the message:
 * {@code flows/users.yml:12:5: route: The step dependency "reed" does not exist.},
 * {@code flows/users.yml:1:7: dataflow: 'name' must be text, not a list.}. Errors of the file itself (it cannot be
 * read, or is not well-formed YAML or JSON) have no subject: {@code flows/users.yml:4:1: Duplicate key 'a'.}
 */
public class DataflowDefinitionException extends DataflowException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final int column;
    private final boolean ofDataflow;

    public DataflowDefinitionException(String message) {
        this(message, null, null, 0, 0, null);
    }

    /**
     * @param stepAlias the step concerned, or null for an error of the file itself
     * @param source file name or other description of the input, may be null
     * @param line 1-based line, 0 when unknown
     * @param column 1-based column, 0 when unknown
     */
    public DataflowDefinitionException(String message, @Nullable String stepAlias, @Nullable String source, int line,
            int column, @Nullable Throwable cause) {
        this(message, stepAlias, false, source, line, column, cause);
    }

    private DataflowDefinitionException(String message, String stepAlias, boolean ofDataflow, String source,
            int line, int column, Throwable cause) {
        super(message, null, stepAlias, cause);
        this.source = source;
        this.line = line;
        this.column = column;
        this.ofDataflow = ofDataflow && stepAlias == null;
    }

    /**
     * An error in a field of the whole dataflow (its {@code name}, {@code config}, {@code vars}, ...), printed with
     * the subject {@code dataflow}.
     *
     * @param source file name or other description of the input, may be null
     * @param line 1-based line, 0 when unknown
     * @param column 1-based column, 0 when unknown
     */
    public static DataflowDefinitionException ofDataflow(String message, @Nullable String source, int line,
            int column) {
        return new DataflowDefinitionException(message, null, true, source, line, column, null);
    }

    /** The source (usually a file name), when known. */
    public Optional<String> source() {
        return Optional.ofNullable(source);
    }

    /** The 1-based line, when known. */
    public OptionalInt line() {
        return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
    }

    /** The 1-based column, when known. */
    public OptionalInt column() {
        return column > 0 ? OptionalInt.of(column) : OptionalInt.empty();
    }

    /** True for an error in a field of the whole dataflow rather than of a step or of the file itself. */
    public boolean isOfDataflow() {
        return ofDataflow;
    }

    /**
     * {@code <source>:<line>:<column>: <subject>: <message>}, leaving out what is unknown; the subject is the step
     * alias (shortened to its first 60 characters and {@code …} when longer than 255), {@code dataflow}, or
     * nothing for an error of the file itself. Always one line: a line break is written as {@code \n}.
     */
    @Override
    public String getMessage() {
        StringBuilder sb = new StringBuilder();
        if (source != null) {
            sb.append(source).append(':');
            if (line > 0) {
                sb.append(line).append(':');
                if (column > 0) {
                    sb.append(column).append(':');
                }
            }
            sb.append(' ');
        }
        if (ofDataflow) {
            sb.append("dataflow: ");
        }
        stepAlias().ifPresent(a -> sb.append(ShortText.of(a)).append(": "));
        return OneLine.of(sb.append(getOriginalMessage()).toString());
    }
}
