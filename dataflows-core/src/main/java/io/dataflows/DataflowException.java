package io.dataflows;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Root of the library's unchecked exceptions: definition, validation and execution problems.
 *
 * <p>Misuse of the API (a {@code null} argument, a call in the wrong state) throws the JDK's
 * {@link NullPointerException}, {@link IllegalArgumentException} or {@link IllegalStateException} instead.
 *
 * <p>{@link #getMessage()} says what failed and where; {@link #getOriginalMessage()} is the bare message without the
 * location. Messages never contain secret values.
 */
public class DataflowException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String dataflowName;
    private final String stepAlias;

    public DataflowException(String message) {
        this(message, null, null, null);
    }

    public DataflowException(String message, @Nullable Throwable cause) {
        this(message, null, null, cause);
    }

    public DataflowException(String message, @Nullable String dataflowName, @Nullable String stepAlias,
            @Nullable Throwable cause) {
        super(message, cause);
        this.dataflowName = dataflowName;
        this.stepAlias = stepAlias;
    }

    /** The message without location details. */
    public String getOriginalMessage() {
        return super.getMessage();
    }

    /** The dataflow concerned, when known. */
    public Optional<String> dataflowName() {
        return Optional.ofNullable(dataflowName);
    }

    /** The alias of the step concerned, when known. */
    public Optional<String> stepAlias() {
        return Optional.ofNullable(stepAlias);
    }
}
