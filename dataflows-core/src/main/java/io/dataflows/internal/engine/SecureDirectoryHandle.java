package io.dataflows.internal.engine;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link DirectoryHandle} over a {@link SecureDirectoryStream}: every operation is made relative to the open
 * directory ({@code openat}, {@code fstatat}, {@code renameat}, {@code unlinkat}) with {@code O_NOFOLLOW}, so it
 * reaches exactly the entry of the directory that was opened, wherever that directory has been moved since.
 */
final class SecureDirectoryHandle implements DirectoryHandle {

    private static final Path PROC_SELF_FD = Path.of("/proc/self/fd");
    /**
     * Held while a directory is created through a descriptor found in {@code /proc/self/fd}, and by every handle as
     * it closes: the descriptor found may be another handle's (of another thread) on the same directory, and once
     * closed its number could name nothing, or something else.
     */
    private static final Object DESCRIPTORS = new Object();

    private final SecureDirectoryStream<Path> stream;
    private final Path path;

    SecureDirectoryHandle(SecureDirectoryStream<Path> stream, Path path) {
        this.stream = stream;
        this.path = path;
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public DirectoryHandle openDirectory(String name) throws IOException {
        return new SecureDirectoryHandle(stream.newDirectoryStream(Path.of(name), LinkOption.NOFOLLOW_LINKS),
                path.resolve(name));
    }

    /**
     * The JDK has no {@code mkdirat}; the directory is created through this process's descriptor of the open
     * directory ({@code /proc/self/fd/N/name}), which the kernel resolves to the open directory itself. Without
     * {@code /proc} it is created by path: a directory above swapped at that instant could then receive an empty
     * directory, which the caller's following {@link #openDirectory} notices.
     */
    @Override
    public void createDirectory(String name) throws IOException {
        synchronized (DESCRIPTORS) {
            Path self = descriptorPath();
            try {
                Files.createDirectory((self != null ? self : path).resolve(name));
            } catch (FileAlreadyExistsException e) {
                throw new FileAlreadyExistsException(path.resolve(name).toString());
            }
        }
    }

    /** {@code /proc/self/fd/N} for a descriptor of this process open on this very directory, or null. */
    private Path descriptorPath() {
        Object key;
        try {
            key = attributes().fileKey();
        } catch (IOException e) {
            return null;
        }
        if (key == null || !Files.isDirectory(PROC_SELF_FD)) {
            return null;
        }
        // The same inode, whatever its name now: the directory may have been renamed since it was opened.
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(PROC_SELF_FD)) {
            for (Path fd : fds) {
                try {
                    if (key.equals(Files.readAttributes(fd, BasicFileAttributes.class).fileKey())) {
                        return fd;
                    }
                } catch (IOException e) {
                    // closed meanwhile: not ours
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    @Override
    public Optional<BasicFileAttributes> attributes(String name) throws IOException {
        try {
            return Optional.of(stream.getFileAttributeView(Path.of(name), BasicFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS).readAttributes());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public BasicFileAttributes attributes() throws IOException {
        return stream.getFileAttributeView(BasicFileAttributeView.class).readAttributes();
    }

    @Override
    public SeekableByteChannel newChannel(String name, Set<? extends OpenOption> options) throws IOException {
        Set<OpenOption> all = new HashSet<>(options);
        all.add(LinkOption.NOFOLLOW_LINKS);
        return stream.newByteChannel(Path.of(name), all);
    }

    @Override
    public void move(String from, String to) throws IOException {
        stream.move(Path.of(from), stream, Path.of(to));
    }

    @Override
    public void deleteFile(String name) throws IOException {
        stream.deleteFile(Path.of(name));
    }

    @Override
    public void deleteDirectory(String name) throws IOException {
        stream.deleteDirectory(Path.of(name));
    }

    @Override
    public List<String> names() throws IOException {
        List<String> names = new ArrayList<>();
        try (SecureDirectoryStream<Path> self = stream.newDirectoryStream(Path.of("."), LinkOption.NOFOLLOW_LINKS)) {
            for (Path entry : self) {
                names.add(entry.getFileName().toString());
            }
        }
        return names;
    }

    @Override
    public void close() throws IOException {
        synchronized (DESCRIPTORS) {
            stream.close();
        }
    }

    @Override
    public String toString() {
        return "SecureDirectoryHandle[" + path + "]";
    }
}
