package io.dataflows.steps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Test helper for the file steps: writes files and takes snapshots of directory trees. */
final class FileTrees {

    private FileTrees() {}

    /** Writes {@code text} (UTF-8) to {@code dir/name}, creating parent directories. */
    static Path write(Path dir, String name, String text) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every entry under {@code root} (symlinks not followed) with its kind, permissions, modification time and
     * content digest: two equal snapshots mean nothing was created, deleted, modified or touched.
     */
    static Map<String, String> snapshot(Path root) {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.forEach(p -> out.put(root.relativize(p).toString(), describe(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static String describe(Path p) {
        try {
            if (Files.isSymbolicLink(p)) {
                return "link -> " + Files.readSymbolicLink(p);
            }
            String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
            String mtime = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toString();
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                return "dir " + perms + " " + mtime;
            }
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
            return "file " + perms + " " + mtime + " " + HexFormat.of().formatHex(digest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when the file can still be read after {@code chmod 000} (the tests run as root). */
    static boolean chmodDoesNotPreventReading(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Files.isReadable(file);
    }
}
