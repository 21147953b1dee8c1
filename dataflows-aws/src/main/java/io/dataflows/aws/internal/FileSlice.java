package io.dataflows.aws.internal;

import io.dataflows.spi.FileAccess;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import software.amazon.awssdk.http.ContentStreamProvider;

/**
 * The bytes {@code offset} to {@code offset + length} of a local file, as the body of an upload request: each
 * {@link #newStream()} opens the file again through the engine's {@link FileAccess} (the SDK reads a body once to
 * sign it and again to send it, and again on a retry) and streams it, never holding the file in memory. Opening a
 * new stream closes the previous one.
 */
final class FileSlice implements ContentStreamProvider, AutoCloseable {

    private final FileAccess files;
    private final Path path;
    private final long offset;
    private final long length;
    private InputStream current;

    FileSlice(FileAccess files, Path path, long offset, long length) {
        this.files = files;
        this.path = path;
        this.offset = offset;
        this.length = length;
    }

    @Override
    public InputStream newStream() {
        try {
            close();
            InputStream in = files.openRead(path);
            try {
                in.skipNBytes(offset);
            } catch (IOException | RuntimeException e) {
                in.close();
                throw e;
            }
            current = new Limited(in, length);
            return current;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read file \"" + path + "\"", e);
        }
    }

    @Override
    public String name() {
        return "FileSlice";
    }

    @Override
    public void close() throws IOException {
        if (current != null) {
            InputStream open = current;
            current = null;
            open.close();
        }
    }

    /** A stream that ends after {@code remaining} bytes of the stream it reads. */
    private static final class Limited extends FilterInputStream {
        private long remaining;

        Limited(InputStream in, long remaining) {
            super(in);
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, remaining));
            remaining -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(super.available(), remaining);
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
