package io.dataflows.internal.definition;

import io.dataflows.DataflowDefinitionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
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
            throw tooLarge(source, maxBytes, "file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, source, maxBytes, "file");
        } catch (IOException e) {
            throw error("Cannot read the file: " + reason(e), source, e);
        }
    }

    /**
     * The text of a stream of UTF-8 bytes, read to its end but never beyond {@code maxBytes} + 1 bytes; the stream
     * is not closed.
     *
     * @throws DataflowDefinitionException naming {@code source} when the stream fails, holds more than
     *     {@code maxBytes} bytes or is not UTF-8
     */
    public static String read(InputStream in, String source, long maxBytes) {
        try {
            return read(in, source, maxBytes, "input");
        } catch (IOException e) {
            throw error("Cannot read the input: " + reason(e), source, e);
        }
    }

    /**
     * The text of a character stream, read to its end but never beyond {@code maxChars} + 1 characters; the reader
     * is not closed.
     *
     * @throws DataflowDefinitionException naming {@code source} when the reader fails or holds more than
     *     {@code maxChars} characters
     */
    public static String read(Reader reader, String source, long maxChars) {
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[8192];
        try {
            int n;
            while ((n = reader.read(buffer)) >= 0) {
                text.append(buffer, 0, n);
                if (text.length() > maxChars) {
                    throw error("The input is longer than " + describe(maxChars, "characters")
                            + ", the limit for a definition.", source, null);
                }
            }
        } catch (IOException e) {
            throw error("Cannot read the input: " + reason(e), source, e);
        }
        return text.toString();
    }

    private static String read(InputStream in, String source, long maxBytes, String what) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (bytes.length > maxBytes) {
            throw tooLarge(source, maxBytes, what);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw error("The " + what + " is not UTF-8 text.", source, e);
        }
    }

    /** {@code 16 MiB (16777216 bytes)}, or {@code 1000 bytes} for a size that is no whole number of MiB. */
    static String describe(long size, String unit) {
        long mib = 1024L * 1024;
        return size % mib == 0 && size > 0 ? size / mib + " MiB (" + size + " " + unit + ")" : size + " " + unit;
    }

    private static DataflowDefinitionException tooLarge(String source, long maxBytes, String what) {
        return error("The " + what + " is larger than " + describe(maxBytes, "bytes") + ", the limit for a definition.",
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
