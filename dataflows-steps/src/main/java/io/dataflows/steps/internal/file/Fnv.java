package io.dataflows.steps.internal.file;

/**
 * The Fowler–Noll–Vo hashes of PHP: {@code fnv132}, {@code fnv1a32}, {@code fnv164} and {@code fnv1a64} (FNV-1 and
 * FNV-1a with the standard offset bases and primes). A few lines that no library this module uses offers.
 */
final class Fnv implements Hasher {

    private final boolean wide;
    private final boolean alternate;
    private long hash;

    /**
     * @param wide 64-bit rather than 32-bit
     * @param alternate FNV-1a (XOR, then multiply) rather than FNV-1 (multiply, then XOR)
     */
    Fnv(boolean wide, boolean alternate) {
        this.wide = wide;
        this.alternate = alternate;
        this.hash = wide ? 0xCBF29CE484222325L : 0x811C9DC5L;
    }

    @Override
    public void update(byte[] bytes, int off, int len) {
        long prime = wide ? 0x100000001B3L : 0x01000193L;
        long h = hash;
        for (int i = off; i < off + len; i++) {
            if (alternate) {
                h = (h ^ (bytes[i] & 0xFF)) * prime;
            } else {
                h = (h * prime) ^ (bytes[i] & 0xFF);
            }
            if (!wide) {
                h &= 0xFFFFFFFFL;
            }
        }
        hash = h;
    }

    @Override
    public String hex() {
        return Hasher.hex(hash, wide ? 16 : 8);
    }
}
