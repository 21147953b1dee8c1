package io.dataflows.internal.engine;

import io.dataflows.DataflowException;
import io.dataflows.PathNotPermittedException;
import io.dataflows.spi.PathAccess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves the paths steps use and enforces the permitted directories.
 *
 * <p>Relative paths resolve against the base directory; {@code file://} URLs are paths; absolute paths must lie in a
 * permitted directory, the base directory or the run's scratch directory. The check is made on the real path:
 * symlinks along the existing part of the path are resolved, so neither {@code ../} nor a symlink leads outside.
 * Files are then opened through {@link #files()}, which walks the checked real path without following symlinks.
 *
 * <p>A leading {@code [dataroot]} in a path, or in a permitted directory, stands for the data root, as Moodle's
 * data root did in tool_dataflows flows; it is expanded before anything else.
 */
public final class PathResolver {

    private final Path baseDir;
    private final boolean scratchIsBase;
    private final Path scratchDir;
    private final List<Path> roots = new ArrayList<>();
    private final Path scratchReal;
    private final Path dataRoot;
    private ConfinedFiles files;

    /** The placeholder for the data root at the start of a path. */
    public static final String DATA_ROOT = "[dataroot]";

    /**
     * A resolver for validation without a base directory: absolute paths are checked against {@code permitted},
     * relative paths are accepted as they are (they are checked when the base directory is known).
     */
    public static PathResolver forValidation(List<Path> permitted) {
        return new PathResolver(null, null, permitted, false, null);
    }

    /**
     * A resolver for validating a flow that will run without a base directory: like {@link #forValidation}, but a
     * relative path to write is refused (see {@link #forScratchAsBase}).
     */
    public static PathResolver forValidationWithoutBase(List<Path> permitted, Path dataRoot) {
        return new PathResolver(null, null, permitted, true, dataRoot);
    }

    /**
     * A resolver for a run without a base directory: relative paths to read resolve in the scratch directory (where
     * the run's own relative reads find nothing but what it put there), but a relative path to write is refused,
     * since the file would be deleted with the scratch directory when the run ends.
     */
    public static PathResolver forScratchAsBase(Path scratchDir, List<Path> permitted, Path dataRoot) {
        return new PathResolver(scratchDir, scratchDir, permitted, true, dataRoot);
    }

    /**
     * @param baseDir where relative paths resolve (permitted); null only for {@link #forValidation}
     * @param scratchDir the run's scratch directory (permitted), may be null during validation
     * @param permitted further permitted directories
     */
    public PathResolver(Path baseDir, Path scratchDir, List<Path> permitted) {
        this(baseDir, scratchDir, permitted, false, null);
    }

    /** Like {@link #PathResolver(Path, Path, List)}, with {@code dataRoot} for {@code [dataroot]} (null: none). */
    public PathResolver(Path baseDir, Path scratchDir, List<Path> permitted, Path dataRoot) {
        this(baseDir, scratchDir, permitted, false, dataRoot);
    }

    private PathResolver(Path baseDir, Path scratchDir, List<Path> permitted, boolean scratchIsBase,
            Path dataRoot) {
        this.scratchIsBase = scratchIsBase;
        this.dataRoot = dataRoot == null ? null : dataRoot.toAbsolutePath().normalize();
        this.baseDir = baseDir == null ? null : baseDir.toAbsolutePath().normalize();
        this.scratchDir = scratchDir == null ? null : scratchDir.toAbsolutePath().normalize();
        if (this.baseDir != null) {
            addRoot(realOf(this.baseDir));
        }
        this.scratchReal = scratchDir == null ? null : realOf(this.scratchDir);
        addRoot(scratchReal);
        for (Path p : permitted) {
            String text = p.toString();
            if (text.startsWith(DATA_ROOT)) {
                if (this.dataRoot != null) { // without a data root, such a directory permits nothing
                    addRoot(realOf(Path.of(this.dataRoot + text.substring(DATA_ROOT.length())).normalize()));
                }
            } else {
                addRoot(realOf(p.toAbsolutePath().normalize()));
            }
        }
    }

    private void addRoot(Path real) {
        if (real != null) { // a permitted directory that cannot be resolved permits nothing
            roots.add(real);
        }
    }

    public Path baseDir() {
        return baseDir;
    }

    /**
     * Resolves and checks a path.
     *
     * @throws DataflowException {@code Path "<raw>" is not permitted.} when it leads outside, or when it is not a
     *     local path
     */
    public Path resolve(String raw, PathAccess access) {
        String expanded = expand(raw);
        boolean relative = !expanded.isEmpty() && !expanded.startsWith("/") && !expanded.startsWith("file://")
                && !expanded.contains("://");
        if (relative && scratchIsBase && access == PathAccess.WRITE) {
            throw new DataflowException(relativeWithoutBase(raw));
        }
        if (baseDir == null && relative) {
            return Path.of(expanded);
        }
        Path path = toPath(raw);
        if (!isPermitted(path)) {
            throw new PathNotPermittedException("Path \"" + raw + "\" is not permitted.");
        }
        return path;
    }

    /** Why a relative path to write is refused when there is no base directory. */
    static String relativeWithoutBase(String raw) {
        return "Path \"" + raw + "\" is relative, but no base directory is set: the file would be written into the "
                + "run's scratch directory and deleted with it. Set a base directory (DataflowEngine.Builder"
                + ".baseDirectory or RunOptions.Builder.baseDir), use an absolute path, or write into the scratch "
                + "directory on purpose: ${{ run.scratchdir }}/" + raw;
    }

    /**
     * {@code raw} with a leading {@code [dataroot]} replaced by the data root.
     *
     * @throws DataflowException when it starts with {@code [dataroot]} and there is no data root
     */
    public String expand(String raw) {
        if (raw == null || !raw.startsWith(DATA_ROOT)) {
            return raw;
        }
        if (dataRoot == null) {
            throw new DataflowException("Path \"" + raw + "\" starts with " + DATA_ROOT + ", but no data root is set: "
                    + "set DataflowEngine.Builder.dataRoot (--data-root on the command line) or a base directory.");
        }
        return dataRoot + raw.substring(DATA_ROOT.length());
    }

    /** The absolute, normalised path for {@code raw}, not checked. */
    public Path toPath(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw new DataflowException("Path is empty.");
        }
        String p = expand(raw);
        if (p.startsWith("file://")) {
            p = p.substring("file://".length());
            if (!p.startsWith("/")) {
                throw new PathNotPermittedException("Path \"" + raw + "\" is not permitted.");
            }
        } else if (p.contains("://")) {
            throw new DataflowException("Path \"" + raw + "\" is not a local file path.");
        }
        try {
            Path path = Path.of(p);
            return (path.isAbsolute() ? path : baseDir.resolve(path)).normalize();
        } catch (InvalidPathException e) {
            throw new DataflowException("Path \"" + raw + "\" is invalid: " + e.getReason());
        }
    }

    /** True when the real location of {@code absolute} lies in a permitted directory. */
    public boolean isPermitted(Path absolute) {
        Path real = realOf(absolute);
        return real != null && rootOf(real) != null;
    }

    /** The permitted directory (the deepest, when they nest) holding the real path {@code real}; null if none. */
    Path rootOf(Path real) {
        Path best = null;
        for (Path root : roots) {
            if (real.startsWith(root) && (best == null || root.getNameCount() > best.getNameCount())) {
                best = root;
            }
        }
        return best;
    }

    /** The files of the permitted directories, opened without following symlinks after the check. */
    synchronized ConfinedFiles files() {
        if (files == null) {
            files = new ConfinedFiles(this);
        }
        return files;
    }

    /** True when {@code absolute} lies in the run's scratch directory (writes there are never side effects). */
    public boolean isInScratch(Path absolute) {
        Path real = realOf(absolute);
        return scratchReal != null && real != null && real.startsWith(scratchReal);
    }

    /** Symlinks followed at most while resolving one path (as Linux's MAXSYMLINKS). */
    private static final int MAX_LINKS = 40;

    /**
     * The real path of a possibly non-existent path: the longest existing prefix with symlinks resolved, plus the
     * rest of the names. A dangling symlink is followed to where it points (a write through it would create its
     * target there); null when the path cannot be resolved (a symlink loop, an unreadable link).
     */
    static Path realOf(Path absolute) {
        Path path = absolute;
        for (int links = 0; links <= MAX_LINKS; links++) {
            Path existing = path;
            Path rest = null;
            while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
                Path name = existing.getFileName();
                rest = rest == null ? name : name.resolve(rest);
                existing = existing.getParent();
            }
            if (existing == null) {
                return path;
            }
            try {
                Path real = existing.toRealPath();
                return rest == null ? real : real.resolve(rest).normalize();
            } catch (IOException e) {
                // The existing prefix resolves up to its last name, so that name is a dangling symlink (or a loop):
                // continue from its target.
                if (!Files.isSymbolicLink(existing)) {
                    return null;
                }
                try {
                    Path parent = existing.getParent().toRealPath();
                    Path target = parent.resolve(Files.readSymbolicLink(existing));
                    path = rest == null ? target : target.resolve(rest);
                } catch (IOException | InvalidPathException e2) {
                    return null;
                }
            }
        }
        return null;
    }
}
