package io.dataflows.steps.internal.file;

/**
 * A hash that consumes fixed-size blocks: keeps the bytes of an unfinished block between updates and counts the
 * length, for the block hashes of this package ({@link Tiger}, {@link Snefru}, {@link Haval}).
 */
abstract class BlockHasher implements Hasher {

    private final byte[] block;
    private int filled;
    private long length;

    BlockHasher(int blockSize) {
        this.block = new byte[blockSize];
    }

    /** Processes the block of {@code b} at {@code off}. */
    abstract void process(byte[] b, int off);

    /** The bytes given so far. */
    final long length() {
        return length;
    }

    /** How many bytes of an unfinished block are waiting. */
    final int filled() {
        return filled;
    }

    @Override
    public final void update(byte[] bytes, int off, int len) {
        length += len;
        int end = off + len;
        int i = off;
        if (filled > 0) {
            int n = Math.min(block.length - filled, len);
            System.arraycopy(bytes, off, block, filled, n);
            filled += n;
            i += n;
            if (filled < block.length) {
                return;
            }
            process(block, 0);
            filled = 0;
        }
        for (; end - i >= block.length; i += block.length) {
            process(bytes, i);
        }
        System.arraycopy(bytes, i, block, 0, end - i);
        filled = end - i;
    }

    static int le32(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }

    static int be32(byte[] b, int i) {
        return (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
    }

    static long le64(byte[] b, int i) {
        return (le32(b, i) & 0xFFFFFFFFL) | (long) le32(b, i + 4) << 32;
    }

    /** {@code words} as hex of their little-endian bytes, the first {@code bytes} bytes. */
    static String hexLittleEndian(long[] words, int wordBytes, int bytes) {
        StringBuilder sb = new StringBuilder(bytes * 2);
        for (int i = 0; i < bytes; i++) {
            int b = (int) (words[i / wordBytes] >>> (8 * (i % wordBytes))) & 0xFF;
            sb.append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return sb.toString();
    }
}
