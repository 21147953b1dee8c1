package io.dataflows.internal.definition;

import io.dataflows.DataflowDefinitionException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads a definition file as UTF-8 text without trusting it: only a regular file is opened (a FIFO would block the
 * reader forever, {@code /dev/zero} never ends, a directory is no definition), and never more than the size limit
 * is read, even from a file that grows or reports a size of 0 ({@code /proc} files).
 */
public final class DefinitionFile {

    /** The default size limit of a definition: 16 MiB. */
    public static final long DEFAULT_MAX_SIZE = 16L * 1024 * 1024;

    private DefinitionFile() {}

    /**
     * The text of {@code file}.
     *
     * @throws DataflowDefinitionException naming the file when it is missing, not a regular file, larger than
     *     {@code maxBytes}, unreadable or not UTF-8
     */
    public static String read(Path file, long maxBytes) {
        String source = file.toString();
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw error("File not found.", source, e);
        } catch (IOException e) {
            throw error("Cannot read the file: " + reason(e), source, e);
        }
        if (attributes.isDirectory()) {
            throw error("This is a directory, not a definition file.", source, null);
        }
        if (!attributes.isRegularFile()) {
            throw error("This is not a regular file (a FIFO, device or socket); a definition must be a regular "
                    + "file.", source, null);
        }
        if (attributes.size() > maxBytes) {
            throw tooLarge(source, maxBytes);
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (IOException e) {
            throw error("Cannot read the file: " + reason(e), source, e);
        }
        if (bytes.length > maxBytes) {
            throw tooLarge(source, maxBytes);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw error("The file is not UTF-8 text.", source, e);
        }
    }

    /** {@code 16 MiB (16777216 bytes)}, or {@code 1000 bytes} for a size that is no whole number of MiB. */
    static String describe(long size, String unit) {
        long mib = 1024L * 1024;
        return size % mib == 0 && size > 0 ? size / mib + " MiB (" + size + " " + unit + ")" : size + " " + unit;
    }

    private static DataflowDefinitionException tooLarge(String source, long maxBytes) {
        return error("The file is larger than " + describe(maxBytes, "bytes") + ", the limit for a definition.",
                source, null);
    }

    /** Why reading failed, without repeating the file name (the message starts with it). */
    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied.";
        }
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            return ((FileSystemException) e).getReason() + ".";
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() + "." : message;
    }

    private static DataflowDefinitionException error(String message, String source, Throwable cause) {
        return new DataflowDefinitionException(message, null, source, 0, 0, cause);
    }
}
