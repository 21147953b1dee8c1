package io.dataflows.steps.internal.file;

/**
 * PHP's {@code murmur3c}: MurmurHash3 x86_128 with seed 0, printed as its four 32-bit words {@code h1..h4}, each
 * big-endian. The 32-bit and x64_128 variants ({@code murmur3a}, {@code murmur3f}) come from hash4j, which has no
 * x86_128; no other maintained library streams it.
 */
final class Murmur3x86x128 implements Hasher {

    private static final int C1 = 0x239b961b;
    private static final int C2 = 0xab0e9789;
    private static final int C3 = 0x38b34ae5;
    private static final int C4 = 0xa1e38b93;

    private int h1;
    private int h2;
    private int h3;
    private int h4;
    /** The bytes of an unfinished 16-byte block. */
    private final byte[] pending = new byte[16];
    private int pendingLength;
    private long length;

    @Override
    public void update(byte[] bytes, int off, int len) {
        length += len;
        int i = off;
        int end = off + len;
        if (pendingLength > 0) {
            int n = Math.min(16 - pendingLength, len);
            System.arraycopy(bytes, off, pending, pendingLength, n);
            pendingLength += n;
            i += n;
            if (pendingLength < 16) {
                return;
            }
            block(pending, 0);
            pendingLength = 0;
        }
        for (; end - i >= 16; i += 16) {
            block(bytes, i);
        }
        System.arraycopy(bytes, i, pending, 0, end - i);
        pendingLength = end - i;
    }

    private static int le(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }

    private void block(byte[] b, int i) {
        h1 ^= mix1(le(b, i));
        h1 = Integer.rotateLeft(h1, 19) + h2;
        h1 = h1 * 5 + 0x561ccd1b;
        h2 ^= mix2(le(b, i + 4));
        h2 = Integer.rotateLeft(h2, 17) + h3;
        h2 = h2 * 5 + 0x0bcaa747;
        h3 ^= mix3(le(b, i + 8));
        h3 = Integer.rotateLeft(h3, 15) + h4;
        h3 = h3 * 5 + 0x96cd1c35;
        h4 ^= mix4(le(b, i + 12));
        h4 = Integer.rotateLeft(h4, 13) + h1;
        h4 = h4 * 5 + 0x32ac3b17;
    }

    private static int mix1(int k) {
        return Integer.rotateLeft(k * C1, 15) * C2;
    }

    private static int mix2(int k) {
        return Integer.rotateLeft(k * C2, 16) * C3;
    }

    private static int mix3(int k) {
        return Integer.rotateLeft(k * C3, 17) * C4;
    }

    private static int mix4(int k) {
        return Integer.rotateLeft(k * C4, 18) * C1;
    }

    private static int fmix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }

    @Override
    public String hex() {
        int[] k = new int[4];
        for (int j = 0; j < pendingLength; j++) {
            k[j >> 2] |= (pending[j] & 0xFF) << (8 * (j & 3));
        }
        // a word the tail does not reach is 0 and mixes to 0: applying all four is the reference's switch
        int a = h1 ^ mix1(k[0]);
        int b = h2 ^ mix2(k[1]);
        int c = h3 ^ mix3(k[2]);
        int d = h4 ^ mix4(k[3]);
        int len = (int) length; // the reference mixes in the length as a 32-bit word
        a ^= len;
        b ^= len;
        c ^= len;
        d ^= len;
        a += b + c + d;
        b += a;
        c += a;
        d += a;
        a = fmix(a);
        b = fmix(b);
        c = fmix(c);
        d = fmix(d);
        a += b + c + d;
        b += a;
        c += a;
        d += a;
        StringBuilder sb = new StringBuilder(32);
        for (int w : new int[] {a, b, c, d}) {
            sb.append(Hasher.hex(Integer.toUnsignedLong(w), 8));
        }
        return sb.toString();
    }
}
