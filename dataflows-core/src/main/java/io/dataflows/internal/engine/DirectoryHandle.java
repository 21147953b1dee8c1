package io.dataflows.internal.engine;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An open directory, and the operations on the names directly inside it. Names are single path elements; no
 * operation follows a symbolic link at the name it is given, so what a name reaches cannot be redirected by a
 * symbolic link swapped in after this directory was opened.
 */
interface DirectoryHandle extends Closeable {

    /** Opens the directory at {@code path} (trusted: nothing above it is checked). */
    static DirectoryHandle open(Path path, boolean secure) throws IOException {
        if (secure) {
            var stream = Files.newDirectoryStream(path);
            if (stream instanceof SecureDirectoryStream) {
                return new SecureDirectoryHandle((SecureDirectoryStream<Path>) stream, path);
            }
            stream.close();
        }
        return VerifyingDirectoryHandle.open(path);
    }

    /** True when this platform opens directories as {@link SecureDirectoryStream}s (Linux). */
    static boolean secureDirectoriesAvailable(Path anyDirectory) {
        try (var stream = Files.newDirectoryStream(anyDirectory)) {
            return stream instanceof SecureDirectoryStream;
        } catch (IOException e) {
            return false;
        }
    }

    /** The path this directory had when it was opened (for messages, and for the fallback's checks). */
    Path path();

    /**
     * Opens the directory {@code name} inside this one without following a symbolic link.
     *
     * @throws java.nio.file.NoSuchFileException when there is none
     * @throws IOException when {@code name} is something else (a symbolic link, a file)
     */
    DirectoryHandle openDirectory(String name) throws IOException;

    /** Creates the directory {@code name} inside this one. */
    void createDirectory(String name) throws IOException;

    /** The attributes of {@code name} itself (a symbolic link's own); empty when there is nothing of that name. */
    Optional<BasicFileAttributes> attributes(String name) throws IOException;

    /** The attributes of this directory. */
    BasicFileAttributes attributes() throws IOException;

    /** Opens {@code name} inside this directory; {@link LinkOption#NOFOLLOW_LINKS} is always added. */
    SeekableByteChannel newChannel(String name, Set<? extends OpenOption> options) throws IOException;

    /** Renames {@code from} to {@code to} inside this directory, atomically replacing {@code to}. */
    void move(String from, String to) throws IOException;

    /** Deletes the file (or symbolic link) {@code name}. */
    void deleteFile(String name) throws IOException;

    /** Deletes the empty directory {@code name}. */
    void deleteDirectory(String name) throws IOException;

    /** The names of the entries of this directory, unsorted. */
    List<String> names() throws IOException;

    /** Deletes {@code name} and, when it is a directory (not a symbolic link), everything inside it first. */
    default void deleteTree(String name) throws IOException {
        Optional<BasicFileAttributes> attributes = attributes(name);
        if (attributes.isEmpty()) {
            return;
        }
        if (!attributes.get().isDirectory()) {
            deleteFile(name);
            return;
        }
        try (DirectoryHandle child = openDirectory(name)) {
            for (String entry : child.names()) {
                child.deleteTree(entry);
            }
        }
        deleteDirectory(name);
    }
}
