package io.dataflows.steps.internal.file;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * The limits on what decompressing one archive (or decrypting one OpenPGP message, which is compressed inside) may
 * write: a total size, and a ratio of bytes written to compressed bytes read, checked before each write so the
 * output never passes them.
 */
final class ExpansionLimit {

    /** 1 GiB. */
    static final long DEFAULT_MAX_SIZE = 1L << 30;

    static final long DEFAULT_MAX_RATIO = 100;

    /** Below this many bytes written the ratio is not checked: small files of repeated bytes are legitimate. */
    static final long RATIO_GRACE = 1L << 20;

    private final String doing;
    private final Path source;
    private final long maxSize;
    private final long maxRatio;
    private long written;

    /**
     * @param doing what is done to {@code source}, for messages ({@code Decompressing})
     * @param maxSize the most bytes written in all; 0 for no limit
     * @param maxRatio the most bytes written per compressed byte read; 0 for no limit
     */
    ExpansionLimit(String doing, Path source, long maxSize, long maxRatio) {
        this.doing = doing;
        this.source = source;
        this.maxSize = maxSize;
        this.maxRatio = maxRatio;
    }

    /**
     * Copies the decompressed {@code content} to {@code out}, counting against the limits; {@code compressed} counts
     * the bytes read from the archive (one archive may be copied from in several parts, one per entry).
     *
     * @throws FileSteps.Refused before writing the byte that would pass a limit
     */
    void copy(InputStream content, CountingInputStream compressed, OutputStream out) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = content.read(buffer)) > 0) {
            written += n;
            check(compressed.count());
            out.write(buffer, 0, n);
        }
    }

    private void check(long read) {
        if (maxSize > 0 && written > maxSize) {
            throw new FileSteps.Refused(doing + " \"" + source + "\" was stopped: its content is larger than "
                    + maxSize + " bytes (config 'maxoutputsize'); nothing was written.");
        }
        if (maxRatio > 0 && written > RATIO_GRACE && written / maxRatio > Math.max(read, 1)) {
            throw new FileSteps.Refused(doing + " \"" + source + "\" was stopped: it expands more than "
                    + maxRatio + " times its compressed size (config 'maxratio'); nothing was written.");
        }
    }

    /** Counts the bytes read through it. */
    static final class CountingInputStream extends FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }
}
