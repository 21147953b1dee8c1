package io.dataflows.steps.internal.file;

/**
 * PHP's {@code joaat}: Bob Jenkins' one-at-a-time hash, 32 bits, its final mixing applied once at the end (so a file
 * read in chunks hashes as the whole text does).
 */
final class Joaat implements Hasher {

    private int hash;

    @Override
    public void update(byte[] bytes, int off, int len) {
        int h = hash;
        for (int i = off; i < off + len; i++) {
            h += bytes[i] & 0xFF;
            h += h << 10;
            h ^= h >>> 6;
        }
        hash = h;
    }

    @Override
    public String hex() {
        int h = hash;
        h += h << 3;
        h ^= h >>> 11;
        h += h << 15;
        return Hasher.hex(Integer.toUnsignedLong(h), 8);
    }
}
