package io.dataflows.internal.engine;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link DirectoryHandle} of platforms without {@link java.nio.file.SecureDirectoryStream}: operations go by
 * path, and each is followed by a check that every directory walked is still the one that was opened (same file
 * key, still not a symbolic link); when one is not, the result is discarded and the operation fails. This narrows
 * the window between check and use to the operation itself but cannot close it: a swap during the operation is
 * noticed only afterwards (a read then returns nothing, a file created elsewhere is deleted again when possible).
 */
final class VerifyingDirectoryHandle implements DirectoryHandle {

    private final VerifyingDirectoryHandle parent;
    private final Path path;
    private final Object fileKey;

    private VerifyingDirectoryHandle(VerifyingDirectoryHandle parent, Path path, Object fileKey) {
        this.parent = parent;
        this.path = path;
        this.fileKey = fileKey;
    }

    static VerifyingDirectoryHandle open(Path path) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        if (!attributes.isDirectory()) {
            throw new NotDirectoryException(path.toString());
        }
        return new VerifyingDirectoryHandle(null, path, attributes.fileKey());
    }

    @Override
    public Path path() {
        return path;
    }

    /** Fails when this directory or one walked to reach it is no longer what was opened. */
    private void verify() throws IOException {
        for (VerifyingDirectoryHandle d = this; d != null; d = d.parent) {
            BasicFileAttributes now = Files.readAttributes(d.path, BasicFileAttributes.class,
                    d.parent == null ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS});
            if (!now.isDirectory() || !Objects.equals(now.fileKey(), d.fileKey)) {
                throw new ReplacedDirectoryException(d.path);
            }
        }
    }

    @Override
    public DirectoryHandle openDirectory(String name) throws IOException {
        Path child = path.resolve(name);
        BasicFileAttributes attributes = Files.readAttributes(child, BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        if (attributes.isSymbolicLink()) {
            throw new FileSystemException(child.toString(), null, "it is a symbolic link");
        }
        if (!attributes.isDirectory()) {
            throw new NotDirectoryException(child.toString());
        }
        verify();
        return new VerifyingDirectoryHandle(this, child, attributes.fileKey());
    }

    @Override
    public void createDirectory(String name) throws IOException {
        verify();
        Files.createDirectory(path.resolve(name));
    }

    @Override
    public Optional<BasicFileAttributes> attributes(String name) throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path.resolve(name), BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            verify();
            return Optional.of(attributes);
        } catch (NoSuchFileException e) {
            verify();
            return Optional.empty();
        }
    }

    @Override
    public BasicFileAttributes attributes() throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        verify();
        return attributes;
    }

    @Override
    public SeekableByteChannel newChannel(String name, Set<? extends OpenOption> options) throws IOException {
        Set<OpenOption> all = new HashSet<>(options);
        all.add(LinkOption.NOFOLLOW_LINKS);
        Path file = path.resolve(name);
        SeekableByteChannel channel = Files.newByteChannel(file, all);
        try {
            verify();
        } catch (IOException e) {
            channel.close();
            if (options.contains(StandardOpenOption.CREATE_NEW)) {
                Files.deleteIfExists(file); // created in whatever the path led to: taken back when still there
            }
            throw e;
        }
        return channel;
    }

    @Override
    public void move(String from, String to) throws IOException {
        verify();
        Files.move(path.resolve(from), path.resolve(to), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void deleteFile(String name) throws IOException {
        verify();
        if (Files.isDirectory(path.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
            throw new FileSystemException(path.resolve(name).toString(), null, "it is a directory");
        }
        Files.delete(path.resolve(name));
    }

    @Override
    public void deleteDirectory(String name) throws IOException {
        verify();
        Files.delete(path.resolve(name));
    }

    @Override
    public List<String> names() throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        }
        verify();
        return names;
    }

    @Override
    public void close() {
        // nothing is held open
    }

    /** A directory walked was replaced after it was opened. */
    static final class ReplacedDirectoryException extends FileSystemException {
        private static final long serialVersionUID = 1L;

        ReplacedDirectoryException(Path directory) {
            super(directory.toString(), null, "it was replaced while being used");
        }
    }
}
