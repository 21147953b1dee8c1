package io.dataflows.internal.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs' scratch directories: {@code dataflows-run-<pid>-<start>-<random>} in the scratch root, private to the
 * user ({@code rwx------}), deleted when the run ends. A process killed before it could delete its own leaves it
 * behind; the first run of a later process in the same scratch root removes those whose process has ended.
 */
final class ScratchDirectories {

    private static final Logger log = LoggerFactory.getLogger(ScratchDirectories.class);

    private static final String PREFIX = "dataflows-run-";
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+-[0-9a-z]+)-[0-9a-f]+");

    /** Scratch roots already swept by this process: once is enough, later leftovers are of later deaths. */
    private static final Set<Path> SWEPT = ConcurrentHashMap.newKeySet();

    private ScratchDirectories() {}

    /** Creates a new scratch directory in {@code root} (created when missing); returns its real path. */
    static Path create(Path root) {
        try {
            Files.createDirectories(root);
            Path dir = createUnique(root);
            if (SWEPT.add(root.toRealPath())) {
                try {
                    removeStale(root, Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS));
                } catch (UnsupportedOperationException e) {
                    log.debug("No owners in {}: stale scratch directories are left", root);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the run's scratch directory in " + root, e);
        }
    }

    private static Path createUnique(Path root) throws IOException {
        while (true) {
            Path dir = root.resolve(PREFIX + ProcessTag.current() + "-"
                    + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1));
            try {
                if (root.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectory(dir);
                }
                return dir.toRealPath();
            } catch (FileAlreadyExistsException taken) {
                // another random name
            }
        }
    }

    /**
     * Removes the scratch directories of processes that have ended. Only real directories (not symlinks) named as
     * ours and owned by {@code user} (this process's) are touched, and they are deleted without following symlinks
     * inside.
     */
    static void removeStale(Path root, UserPrincipal user) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, PREFIX + "*")) {
            for (Path dir : entries) {
                Matcher m = NAME.matcher(dir.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                Optional<ProcessTag> owner = ProcessTag.parse(m.group(1));
                if (owner.isEmpty() || owner.get().isAlive()) {
                    continue;
                }
                BasicFileAttributes attributes = Files.readAttributes(dir, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                if (!attributes.isDirectory()
                        || !Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).equals(user)) {
                    continue;
                }
                delete(dir);
                log.info("Removed {}, the scratch directory of process {} that ended without removing it", dir,
                        owner.get().pid());
            }
        } catch (IOException | UnsupportedOperationException e) {
            log.debug("Could not look for stale scratch directories in {}", root, e);
        }
    }

    /** Deletes {@code dir} and everything in it, without following symlinks. */
    static void delete(Path dir) {
        if (dir == null || dir.getParent() == null) {
            return;
        }
        try (DirectoryHandle parent = DirectoryHandle.open(dir.getParent(), true)) {
            parent.deleteTree(dir.getFileName().toString());
        } catch (IOException e) {
            log.debug("Could not delete scratch directory {}", dir, e);
        }
    }
}
