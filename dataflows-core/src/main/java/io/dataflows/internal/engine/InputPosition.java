package io.dataflows.internal.engine;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The file a reader reads now, for {@link io.dataflows.RunHandle#progress()}: its size when it was opened and the
 * bytes consumed from it so far. The stream that counts is the one the reader got from its file access; the count is
 * published per read call (readers read in buffers), so another thread sees it without slowing the reader per record.
 */
final class InputPosition {

    private final long size;
    private volatile long read;

    /** @param size the file's size, or -1 when not known */
    InputPosition(long size) {
        this.size = size;
    }

    long size() {
        return size;
    }

    long read() {
        return read;
    }

    /** {@code in}, counting into this position what is read and skipped through it. */
    InputStream counting(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    add(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = in.read(buffer, offset, length);
                if (n > 0) {
                    add(n);
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long skipped = super.skip(n);
                if (skipped > 0) {
                    add(skipped);
                }
                return skipped;
            }

            // mark/reset would make the count run backwards: not offered, so that it only grows.
            @Override
            public boolean markSupported() {
                return false;
            }

            private void add(long n) {
                read += n; // one writer (the reader's thread); the volatile write publishes it to the others
            }
        };
    }
}
