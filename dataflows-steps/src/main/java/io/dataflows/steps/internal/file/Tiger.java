package io.dataflows.steps.internal.file;

/**
 * Tiger (Anderson and Biham) with a chosen number of passes, for PHP's {@code tiger*,3} and {@code tiger*,4}
 * (Bouncy Castle's Tiger has three passes only, and needs Bouncy Castle): PHP's fourth pass is one more key schedule
 * and pass with multiplier 9, after which the three registers rotate. Padding is Tiger's original ({@code 0x01}); the digest is printed in the byte order of
 * the reference implementation, and {@code tiger128}/{@code tiger160} are its first bytes.
 */
final class Tiger extends BlockHasher {

    private static final long[] SBOXES = HexTable.read("tiger-sboxes.txt", 1024);

    private final int passes;
    private final int bytes;
    /** The registers a, b, c. */
    private final long[] r = {0x0123456789ABCDEFL, 0xFEDCBA9876543210L, 0xF096A5B4C3B2E187L};
    private final long[] x = new long[8];

    /**
     * @param bits 128, 160 or 192
     * @param passes 3 or more
     */
    Tiger(int bits, int passes) {
        super(64);
        this.bytes = bits / 8;
        this.passes = passes;
    }

    @Override
    void process(byte[] block, int off) {
        for (int i = 0; i < 8; i++) {
            x[i] = le64(block, off + 8 * i);
        }
        long aa = r[0];
        long bb = r[1];
        long cc = r[2];
        pass(0, 1, 2, 5);
        schedule();
        pass(2, 0, 1, 7);
        schedule();
        pass(1, 2, 0, 9);
        for (int p = 3; p < passes; p++) {
            schedule();
            pass(0, 1, 2, 9);
            long t = r[0];
            r[0] = r[2];
            r[2] = r[1];
            r[1] = t;
        }
        r[0] ^= aa;
        r[1] -= bb;
        r[2] += cc;
    }

    /** Eight rounds, the registers taking turns, as named by their indexes in {@link #r}. */
    private void pass(int a, int b, int c, long mul) {
        round(a, b, c, 0, mul);
        round(b, c, a, 1, mul);
        round(c, a, b, 2, mul);
        round(a, b, c, 3, mul);
        round(b, c, a, 4, mul);
        round(c, a, b, 5, mul);
        round(a, b, c, 6, mul);
        round(b, c, a, 7, mul);
    }

    private void round(int a, int b, int c, int i, long mul) {
        long v = r[c] ^ x[i];
        r[c] = v;
        r[a] -= SBOXES[(int) v & 0xFF] ^ SBOXES[256 + ((int) (v >>> 16) & 0xFF)]
                ^ SBOXES[512 + ((int) (v >>> 32) & 0xFF)] ^ SBOXES[768 + ((int) (v >>> 48) & 0xFF)];
        r[b] += SBOXES[768 + ((int) (v >>> 8) & 0xFF)] ^ SBOXES[512 + ((int) (v >>> 24) & 0xFF)]
                ^ SBOXES[256 + ((int) (v >>> 40) & 0xFF)] ^ SBOXES[(int) (v >>> 56) & 0xFF];
        r[b] *= mul;
    }

    private void schedule() {
        x[0] -= x[7] ^ 0xA5A5A5A5A5A5A5A5L;
        x[1] ^= x[0];
        x[2] += x[1];
        x[3] -= x[2] ^ ((~x[1]) << 19);
        x[4] ^= x[3];
        x[5] += x[4];
        x[6] -= x[5] ^ ((~x[4]) >>> 23);
        x[7] ^= x[6];
        x[0] += x[7];
        x[1] -= x[0] ^ ((~x[7]) << 19);
        x[2] ^= x[1];
        x[3] += x[2];
        x[4] -= x[3] ^ ((~x[2]) >>> 23);
        x[5] ^= x[4];
        x[6] += x[5];
        x[7] -= x[6] ^ 0x0123456789ABCDEFL;
    }

    @Override
    public String hex() {
        long bits = length() * 8;
        byte[] tail = new byte[1 + Math.floorMod(55 - filled(), 64) + 8];
        tail[0] = 0x01;
        for (int i = 0; i < 8; i++) {
            tail[tail.length - 8 + i] = (byte) (bits >>> (8 * i));
        }
        update(tail, 0, tail.length);
        return hexLittleEndian(r, 8, bytes);
    }
}
