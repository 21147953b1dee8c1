package io.dataflows.spi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;

/**
 * The files a step may touch, opened so that no path can be redirected between its check and its use.
 *
 * <p>Every operation resolves its path as {@link StepContext#resolvePath} does and checks the real path (symbolic
 * links resolved) against the permitted directories; it then reaches the file by walking that real path from the
 * permitted directory one name at a time without following any symbolic link, and opens the file relative to the
 * directory it reached. A symbolic link whose real target lies inside the permitted directories therefore works; a
 * directory on the path that is replaced by a symbolic link after the check makes the operation fail with
 * {@link io.dataflows.PathNotPermittedException} ({@code Path "<path>" changed while being opened (...)}) instead of
 * following it.
 *
 * <p>Operations that change files ({@link #delete}, {@link #createDirectories}) are effects: call them inside
 * {@link Effects#perform(Path, String, Effects.Action)}, which skips them in a dry run. Files are written with
 * {@link Effects#atomicOutput}, which opens them the same way.
 *
 * <p>Every method throws {@link io.dataflows.PathNotPermittedException} when the path leads outside the permitted
 * directories or changed while being opened. Relative paths resolve against the run's base directory.
 *
 * <p>On platforms without {@link java.nio.file.SecureDirectoryStream} (it is there on Linux) each operation goes by
 * path and then checks that every directory walked is still the one that was checked (same file key, not a
 * symbolic link), failing when one is not: the window between check and use shrinks to the operation itself.
 */
public interface FileAccess {

    /**
     * The attributes of the file or directory at {@code path}, following symbolic links (which must lead inside the
     * permitted directories); empty when nothing is there (a broken symbolic link included).
     */
    Optional<BasicFileAttributes> attributes(Path path) throws IOException;

    /**
     * The attributes of {@code path} itself: a symbolic link's own attributes rather than its target's; empty when
     * nothing is there. Only the directory holding {@code path} must lie inside the permitted directories.
     */
    Optional<BasicFileAttributes> linkAttributes(Path path) throws IOException;

    /**
     * Opens the regular file at {@code path} to read.
     *
     * @throws java.nio.file.NoSuchFileException when it does not exist
     * @throws java.nio.file.FileSystemException with the reason {@code it is a directory} or
     *     {@code it is not a regular file}
     */
    InputStream openRead(Path path) throws IOException;

    /**
     * The entries below the directory {@code path}, down to {@code maxDepth} levels (1: its own entries), as
     * {@code path.resolve(name)}: each directory's entries in name order, each followed by its own entries when it
     * is a directory. Symbolic links are listed, never descended into; check an entry before using it.
     *
     * @throws java.nio.file.NoSuchFileException when the directory does not exist
     * @throws java.nio.file.NotDirectoryException when it is not a directory
     */
    List<Path> list(Path path, int maxDepth) throws IOException;

    /**
     * Deletes the file at {@code path} (a symbolic link itself, never its target). An effect.
     *
     * @return false when there was nothing to delete
     * @throws java.nio.file.FileSystemException with the reason {@code it is a directory} for a directory
     */
    boolean delete(Path path) throws IOException;

    /** Creates the directory {@code path} and its missing parents. An effect. */
    void createDirectories(Path path) throws IOException;
}
