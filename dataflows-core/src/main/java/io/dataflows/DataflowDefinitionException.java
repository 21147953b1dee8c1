package io.dataflows;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A definition cannot be read or built: YAML or JSON that does not parse, a duplicate key, an unknown
 * {@code depends_on} reference, a duplicate step alias given to the builder.
 *
 * <p>The message names the source (file), line and column and the step when known:
 * {@code flows/users.yml:12:5: step 'route': The step dependency "reed" does not exist.}
 */
public class DataflowDefinitionException extends DataflowException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final int column;

    public DataflowDefinitionException(String message) {
        this(message, null, null, 0, 0, null);
    }

    /**
     * @param source file name or other description of the input, may be null
     * @param line 1-based line, 0 when unknown
     * @param column 1-based column, 0 when unknown
     */
    public DataflowDefinitionException(String message, String stepAlias, String source, int line, int column,
            Throwable cause) {
        super(message, null, stepAlias, cause);
        this.source = source;
        this.line = line;
        this.column = column;
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

    /** {@code <source>:<line>:<column>: [step '<alias>': ]<message>}, leaving out what is unknown. */
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
        stepAlias().ifPresent(a -> sb.append("step '").append(a).append("': "));
        return sb.append(getOriginalMessage()).toString();
    }
}
