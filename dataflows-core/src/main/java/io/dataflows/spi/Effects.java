package io.dataflows.spi;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The one way a step changes the world. In a dry run each effect outside the run's scratch directory is skipped and
 * reported ({@code would write /out/x.json}); effects inside the scratch directory always happen, so later steps
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
     * Performs {@code action} unless this is a dry run; in a dry run records {@code would <description>}.
     *
     * @return true when the action ran
     */
    boolean perform(String description, Action action) throws Exception;

    /**
     * Performs an action that affects only {@code target}: always when the target is inside the scratch directory,
     * otherwise unless this is a dry run.
     *
     * @return true when the action ran
     */
    boolean perform(Path target, String description, Action action) throws Exception;

    /**
     * Opens a file to be written atomically: bytes go to a temporary sibling that {@link AtomicOutput#commit} moves
     * into place, so readers never see a half-written file and an aborted run leaves the target untouched. In a dry
     * run (target outside the scratch directory) the output discards everything and the write is reported.
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
