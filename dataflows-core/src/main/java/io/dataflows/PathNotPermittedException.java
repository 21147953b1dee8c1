package io.dataflows;

import org.jspecify.annotations.Nullable;

/**
 * A file path refused by the engine: it leads outside the permitted directories, or a directory on it was replaced
 * (by a symbolic link, say) between the check and the use, so the file was not opened. A step that meets it fails,
 * whatever its error policy.
 */
public class PathNotPermittedException extends DataflowException {

    private static final long serialVersionUID = 1L;

    public PathNotPermittedException(String message) {
        super(message);
    }

    public PathNotPermittedException(String message, @Nullable String dataflowName, @Nullable String stepAlias,
            @Nullable Throwable cause) {
        super(message, dataflowName, stepAlias, cause);
    }
}
