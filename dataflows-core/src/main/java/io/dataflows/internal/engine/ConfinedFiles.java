package io.dataflows.internal.engine;

import io.dataflows.PathNotPermittedException;
import io.dataflows.spi.FileAccess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link FileAccess} of one run: paths are checked on their real path, then reached by walking that real path
 * from the permitted directory holding it, one name at a time, without following symbolic links
 * ({@link DirectoryHandle}); the file is opened relative to the last directory reached. The real path has no
 * symbolic links, so walking it needs none; a name that has become one since the check means the path changed,
 * and the operation fails instead of following it.
 *
 * <p>The permitted directories themselves, and the directories above them, are trusted: they are opened by path.
 */
final class ConfinedFiles implements FileAccess {

    private final PathResolver paths;
    private final boolean secure;
    /** Directories (by file key) already searched for stale temporary files in this run. */
    private final Set<Object> swept = Collections.synchronizedSet(new HashSet<>());
    /** Runs between the check of a path and the walk to it: where tests change the file system. */
    private volatile Runnable afterCheck = () -> {};

    ConfinedFiles(PathResolver paths) {
        this(paths, true);
    }

    /** @param secure false forces the path-based fallback of platforms without secure directory streams */
    ConfinedFiles(PathResolver paths, boolean secure) {
        this.paths = paths;
        this.secure = secure;
    }

    /** Sets what runs between the check of a path and the walk to it (tests swap a directory there). */
    void afterCheck(Runnable hook) {
        this.afterCheck = hook;
    }

    /** A path to operate on: as given (for messages), its real path, and the permitted directory holding it. */
    private record Target(Path shown, Path real, Path root) {
        String name() {
            return real.getFileName().toString();
        }

        boolean isRoot() {
            return real.equals(root);
        }
    }

    private Path absolute(Path path) {
        Path base = paths.baseDir();
        return (path.isAbsolute() || base == null ? path.toAbsolutePath() : base.resolve(path)).normalize();
    }

    /** {@code path} with symbolic links resolved, checked. */
    private Target target(Path path) {
        Path shown = absolute(path);
        return checked(shown, PathResolver.realOf(shown));
    }

    /** {@code path} with symbolic links resolved except at its last name, checked. */
    private Target linkTarget(Path path) {
        Path shown = absolute(path);
        if (shown.getParent() == null) {
            return target(shown);
        }
        Path parent = PathResolver.realOf(shown.getParent());
        return checked(shown, parent == null ? null : parent.resolve(shown.getFileName()));
    }

    private Target checked(Path shown, Path real) {
        Path root = real == null ? null : paths.rootOf(real);
        if (root == null) {
            throw new PathNotPermittedException("Path \"" + shown + "\" is not permitted.");
        }
        return new Target(shown, real, root);
    }

    private static PathNotPermittedException changed(Target t, Path where, String what) {
        return new PathNotPermittedException("Path \"" + t.shown() + "\" changed while being opened (\"" + where
                + "\" " + what + ").");
    }

    /**
     * Opens the directory {@code dir} — {@code t}'s real path or one of its parents — by walking from its permitted
     * directory, creating missing directories when {@code create}.
     */
    private DirectoryHandle walk(Target t, Path dir, boolean create) throws IOException {
        afterCheck.run();
        DirectoryHandle current;
        try {
            current = DirectoryHandle.open(t.root(), secure);
        } catch (NoSuchFileException e) {
            if (!create) {
                throw new NoSuchFileException(t.shown().toString());
            }
            java.nio.file.Files.createDirectories(t.root()); // a permitted directory is trusted, as its parents
            current = DirectoryHandle.open(t.root(), secure);
        }
        if (dir.equals(t.root())) {
            return current;
        }
        try {
            for (Path element : t.root().relativize(dir)) {
                String name = element.toString();
                DirectoryHandle next = openChild(t, current, name, create);
                current.close();
                current = next;
            }
            return current;
        } catch (IOException | RuntimeException e) {
            current.close();
            throw e;
        }
    }

    private DirectoryHandle openChild(Target t, DirectoryHandle dir, String name, boolean create)
            throws IOException {
        try {
            return dir.openDirectory(name);
        } catch (NoSuchFileException e) {
            if (!create) {
                throw new NoSuchFileException(t.shown().toString());
            }
            try {
                dir.createDirectory(name);
            } catch (FileAlreadyExistsException raced) {
                // created meanwhile by someone else: open it as it is
            }
            try {
                return dir.openDirectory(name);
            } catch (IOException again) {
                throw explain(t, dir, name, again);
            }
        } catch (VerifyingDirectoryHandle.ReplacedDirectoryException e) {
            throw changed(t, Path.of(e.getFile()), "was replaced");
        } catch (IOException e) {
            throw explain(t, dir, name, e);
        }
    }

    /**
     * Turns the failure to open {@code name} as a directory into a message about what it is now. The real path had
     * a directory there when it was checked, so anything but a missing entry, a file or a denied permission means
     * it was swapped meanwhile — also when it is a directory again by now.
     */
    private IOException explain(Target t, DirectoryHandle dir, String name, IOException e) {
        if (e instanceof AccessDeniedException) {
            return e;
        }
        Optional<BasicFileAttributes> now;
        try {
            now = dir.attributes(name);
        } catch (IOException ignored) {
            return e;
        }
        Path where = dir.path().resolve(name);
        if (now.isEmpty()) {
            return new NoSuchFileException(t.shown().toString());
        }
        if (now.get().isSymbolicLink()) {
            throw changed(t, where, "became a symbolic link");
        }
        if (now.get().isDirectory() || mentionsLink(e)) {
            throw changed(t, where, "was replaced");
        }
        return new FileSystemException(t.shown().toString(), null, "\"" + where + "\" is not a directory");
    }

    /** True for the failure of an open refused because the name is a symbolic link ({@code ELOOP}). */
    private static boolean mentionsLink(IOException e) {
        String text = e instanceof FileSystemException ? ((FileSystemException) e).getReason() : e.getMessage();
        return text != null && text.contains("symbolic link");
    }

    private static FileSystemException isDirectory(Target t) {
        return new FileSystemException(t.shown().toString(), null, "it is a directory");
    }

    @Override
    public Optional<BasicFileAttributes> attributes(Path path) throws IOException {
        return attributesOf(target(path));
    }

    @Override
    public Optional<BasicFileAttributes> linkAttributes(Path path) throws IOException {
        return attributesOf(linkTarget(path));
    }

    private Optional<BasicFileAttributes> attributesOf(Target t) throws IOException {
        try (DirectoryHandle dir = walk(t, t.isRoot() ? t.root() : t.real().getParent(), false)) {
            if (t.isRoot()) {
                return Optional.of(dir.attributes());
            }
            return dir.attributes(t.name());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (FileSystemException e) {
            if (e.getReason() != null && e.getReason().endsWith("is not a directory")) {
                return Optional.empty(); // a file where a directory of the path would be: nothing there
            }
            throw e;
        }
    }

    @Override
    public InputStream openRead(Path path) throws IOException {
        Target t = target(path);
        if (t.isRoot()) {
            throw isDirectory(t);
        }
        try (DirectoryHandle dir = walk(t, t.real().getParent(), false)) {
            BasicFileAttributes attributes = dir.attributes(t.name())
                    .orElseThrow(() -> new NoSuchFileException(t.shown().toString()));
            if (attributes.isSymbolicLink()) {
                throw changed(t, t.real(), "became a symbolic link");
            }
            if (attributes.isDirectory()) {
                throw isDirectory(t);
            }
            if (!attributes.isRegularFile()) {
                throw new FileSystemException(t.shown().toString(), null, "it is not a regular file");
            }
            try {
                return Channels.newInputStream(dir.newChannel(t.name(), Set.of(StandardOpenOption.READ)));
            } catch (VerifyingDirectoryHandle.ReplacedDirectoryException e) {
                throw changed(t, Path.of(e.getFile()), "was replaced");
            } catch (IOException e) {
                if (e instanceof AccessDeniedException || e instanceof NoSuchFileException) {
                    throw e;
                }
                Optional<BasicFileAttributes> now = dir.attributes(t.name());
                if (now.isPresent() && now.get().isSymbolicLink()) {
                    throw changed(t, t.real(), "became a symbolic link");
                }
                if (mentionsLink(e)) {
                    throw changed(t, t.real(), "was replaced");
                }
                throw e;
            }
        }
    }

    @Override
    public List<Path> list(Path path, int maxDepth) throws IOException {
        Target t = target(path);
        List<Path> out = new ArrayList<>();
        try (DirectoryHandle dir = walk(t, t.real(), false)) {
            collect(dir, t.shown(), Math.max(maxDepth, 1), out);
        } catch (FileSystemException e) {
            if (e.getReason() != null && e.getReason().endsWith("is not a directory")) {
                throw new NotDirectoryException(t.shown().toString());
            }
            throw e;
        }
        return out;
    }

    private static void collect(DirectoryHandle dir, Path shown, int depth, List<Path> out) throws IOException {
        List<String> names = dir.names();
        Collections.sort(names);
        for (String name : names) {
            out.add(shown.resolve(name));
            if (depth > 1) {
                Optional<BasicFileAttributes> attributes = dir.attributes(name);
                if (attributes.isPresent() && attributes.get().isDirectory()) {
                    DirectoryHandle child;
                    try {
                        child = dir.openDirectory(name);
                    } catch (NoSuchFileException gone) {
                        continue;
                    }
                    try (child) {
                        collect(child, shown.resolve(name), depth - 1, out);
                    }
                }
            }
        }
    }

    @Override
    public boolean delete(Path path) throws IOException {
        Target t = linkTarget(path);
        if (t.isRoot()) {
            throw isDirectory(t);
        }
        try (DirectoryHandle dir = walk(t, t.real().getParent(), false)) {
            Optional<BasicFileAttributes> attributes = dir.attributes(t.name());
            if (attributes.isEmpty()) {
                return false;
            }
            if (attributes.get().isDirectory()) {
                throw isDirectory(t);
            }
            dir.deleteFile(t.name());
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    @Override
    public void createDirectories(Path path) throws IOException {
        Target t = target(path);
        walk(t, t.real(), true).close();
    }

    /**
     * Opens {@code target} to be written atomically: the temporary file is created in the target's directory as
     * reached by the walk, and renamed onto the target inside it. A symbolic link at the target leading inside the
     * permitted directories is written through (its real target is written).
     */
    AtomicFileOutput openAtomic(Path target, boolean append) throws IOException {
        Target t = target(target);
        if (t.isRoot()) {
            throw isDirectory(t);
        }
        DirectoryHandle dir = walk(t, t.real().getParent(), true);
        try {
            sweepOnce(dir);
            Optional<BasicFileAttributes> existing = dir.attributes(t.name());
            if (existing.isPresent() && existing.get().isSymbolicLink()) {
                throw changed(t, t.real(), "became a symbolic link");
            }
            if (existing.isPresent() && existing.get().isDirectory()) {
                throw isDirectory(t);
            }
            return AtomicFileOutput.open(t.shown(), dir, t.name(), append);
        } catch (VerifyingDirectoryHandle.ReplacedDirectoryException e) {
            dir.close();
            throw changed(t, Path.of(e.getFile()), "was replaced");
        } catch (IOException e) {
            dir.close();
            if (mentionsLink(e)) {
                throw changed(t, t.real(), "became a symbolic link"); // the file appended to
            }
            throw e;
        } catch (RuntimeException e) {
            dir.close();
            throw e;
        }
    }

    /** Removes stale temporary files once per directory and run: writing there again is when they matter. */
    private void sweepOnce(DirectoryHandle dir) throws IOException {
        Object key = dir.attributes().fileKey();
        if (swept.add(key != null ? key : dir.path())) {
            AtomicFileOutput.removeStale(dir);
        }
    }
}
