package io.dataflows.spi;

import io.dataflows.Effect;
import java.io.IOException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The one way a step changes the world. In a dry run each effect outside the run's scratch directory is skipped and
 * reported as an {@link Effect} ({@code would write /out/x.json}); effects inside the scratch directory always happen, so later steps
 * can read what earlier ones produced.
 */
public interface Effects {

    /** An action with an effect. */
    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    /** True in a dry run. */
    boolean isDryRun();

    /**
     * Performs {@code action} unless this is a dry run; in a dry run records an {@link Effect} of kind
     * {@link Effect.Kind#OTHER}, shown as {@code would <description>}.
     *
     * @return true when the action ran
     */
    default boolean perform(String description, Action action) throws Exception {
        return perform(Effect.Kind.OTHER, (String) null, description, action);
    }

    /**
     * Performs {@code action} unless this is a dry run; in a dry run records an {@link Effect} of {@code kind}
     * without a target ({@code would wait 30 seconds}).
     *
     * @return true when the action ran
     */
    default boolean perform(Effect.Kind kind, String description, Action action) throws Exception {
        return perform(kind, (String) null, description, action);
    }

    /**
     * Performs {@code action} unless this is a dry run; in a dry run records an {@link Effect} of {@code kind} on
     * {@code target} (a connection name, a URL, an address), shown as {@code would <description>}.
     *
     * @param target what the action changes, or null
     * @return true when the action ran
     */
    boolean perform(Effect.Kind kind, @Nullable String target, String description, Action action)
            throws Exception;

    /**
     * Performs an action that affects only {@code target}, recorded in a dry run as an effect of kind
     * {@link Effect.Kind#OTHER}; see {@link #perform(Effect.Kind, Path, String, Action)}.
     *
     * @return true when the action ran
     */
    default boolean perform(Path target, String description, Action action) throws Exception {
        return perform(Effect.Kind.OTHER, target, description, action);
    }

    /**
     * Performs an action of {@code kind} that affects only the file {@code target}: always when the target is
     * inside the scratch directory, otherwise unless this is a dry run, which records an {@link Effect} with the
     * target's absolute path.
     *
     * @return true when the action ran
     */
    boolean perform(Effect.Kind kind, Path target, String description, Action action) throws Exception;

    /**
     * Opens a file to be written atomically: bytes go to a temporary sibling that {@link AtomicOutput#commit} moves
     * into place, so readers never see a half-written file and an aborted run leaves the target untouched. In a dry
     * run (target outside the scratch directory) the output discards everything and the write is reported (an effect
     * of kind {@link Effect.Kind#WRITE}).
     *
     * <p>The target is checked and its directory opened as {@link FileAccess} opens files (missing directories are
     * created): the temporary file is created in, and renamed inside, that one opened directory, never elsewhere. A
     * symlink at the target whose real target is permitted is written through.
     *
     * @param append start from the existing content of the target
     * @throws io.dataflows.PathNotPermittedException when the target leads outside the permitted directories or
     *     changed while being opened
     * @throws java.nio.file.FileSystemException with the reason {@code it is a directory} when the target is one
     */
    AtomicOutput atomicOutput(Path target, boolean append) throws IOException;
}
