package io.dataflows.steps.internal.file;

/**
 * PHP's {@code haval<bits>,<passes>}: HAVAL (Zheng, Pieprzyk and Seberry) with 128 to 256 bits and 3 to 5 passes,
 * 1024-bit blocks of little-endian words, padded with {@code 0x01}, zeros, the version, passes and digest length,
 * and the length in bits; the shorter digests are folded from the 256-bit state. No maintained Java library has
 * HAVAL.
 */
final class Haval extends BlockHasher {

    /** The initial state and the constants of passes 2 to 5: the fraction of pi, word after word. */
    private static final int[] D0 = {
        0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344, 0xA4093822, 0x299F31D0, 0x082EFA98, 0xEC4E6C89,
    };

    private static final int[][] K = {
        null,
        {
            0x452821E6, 0x38D01377, 0xBE5466CF, 0x34E90C6C, 0xC0AC29B7, 0xC97C50DD, 0x3F84D5B5, 0xB5470917,
            0x9216D5D9, 0x8979FB1B, 0xD1310BA6, 0x98DFB5AC, 0x2FFD72DB, 0xD01ADFB7, 0xB8E1AFED, 0x6A267E96,
            0xBA7C9045, 0xF12C7F99, 0x24A19947, 0xB3916CF7, 0x0801F2E2, 0x858EFC16, 0x636920D8, 0x71574E69,
            0xA458FEA3, 0xF4933D7E, 0x0D95748F, 0x728EB658, 0x718BCD58, 0x82154AEE, 0x7B54A41D, 0xC25A59B5,
        },
        {
            0x9C30D539, 0x2AF26013, 0xC5D1B023, 0x286085F0, 0xCA417918, 0xB8DB38EF, 0x8E79DCB0, 0x603A180E,
            0x6C9E0E8B, 0xB01E8A3E, 0xD71577C1, 0xBD314B27, 0x78AF2FDA, 0x55605C60, 0xE65525F3, 0xAA55AB94,
            0x57489862, 0x63E81440, 0x55CA396A, 0x2AAB10B6, 0xB4CC5C34, 0x1141E8CE, 0xA15486AF, 0x7C72E993,
            0xB3EE1411, 0x636FBC2A, 0x2BA9C55D, 0x741831F6, 0xCE5C3E16, 0x9B87931E, 0xAFD6BA33, 0x6C24CF5C,
        },
        {
            0x7A325381, 0x28958677, 0x3B8F4898, 0x6B4BB9AF, 0xC4BFE81B, 0x66282193, 0x61D809CC, 0xFB21A991,
            0x487CAC60, 0x5DEC8032, 0xEF845D5D, 0xE98575B1, 0xDC262302, 0xEB651B88, 0x23893E81, 0xD396ACC5,
            0x0F6D6FF3, 0x83F44239, 0x2E0B4482, 0xA4842004, 0x69C8F04A, 0x9E1F9B5E, 0x21C66842, 0xF6E96C9A,
            0x670C9C61, 0xABD388F0, 0x6A51A0D2, 0xD8542F68, 0x960FA728, 0xAB5133A3, 0x6EEF0B6C, 0x137A3BE4,
        },
        {
            0xBA3BF050, 0x7EFB2A98, 0xA1F1651D, 0x39AF0176, 0x66CA593E, 0x82430E88, 0x8CEE8619, 0x456F9FB4,
            0x7D84A5C3, 0x3B8B5EBE, 0xE06F75D8, 0x85C12073, 0x401A449F, 0x56C16AA6, 0x4ED3AA62, 0x363F7706,
            0x1BFEDF72, 0x429B023D, 0x37D0D724, 0xD00A1248, 0xDB0FEAD3, 0x49F1C09B, 0x075372C9, 0x80991B7B,
            0x25D479D8, 0xF6E8DEF7, 0xE3FE501A, 0xB6794C3B, 0x976CE0BD, 0x04C006BA, 0xC1A94FB6, 0x409F60C4,
        },
    };

    /** The order in which each pass reads the 32 message words (pass 1 reads them in order). */
    private static final int[][] ORDER = {
        null,
        {5, 14, 26, 18, 11, 28, 7, 16, 0, 23, 20, 22, 1, 10, 4, 8, 30, 3, 21, 9, 17, 24, 29, 6, 19, 12, 15, 13, 2, 25,
            31, 27},
        {19, 9, 4, 20, 28, 17, 8, 22, 29, 14, 25, 12, 24, 30, 16, 26, 31, 15, 7, 3, 1, 0, 18, 27, 13, 6, 21, 10, 23, 11,
            5, 2},
        {24, 4, 0, 14, 2, 7, 28, 23, 26, 6, 30, 20, 18, 25, 19, 3, 22, 11, 31, 21, 8, 27, 12, 9, 1, 29, 5, 15, 17, 10,
            16, 13},
        {27, 3, 21, 26, 17, 11, 20, 29, 19, 0, 12, 7, 13, 8, 31, 10, 5, 9, 14, 30, 18, 6, 28, 24, 2, 23, 16, 22, 4, 1,
            25, 15},
    };

    /**
     * For 3, 4 and 5 passes, for each pass: which state words, counted back from the step's, are the arguments
     * {@code x6 .. x0} of its Boolean function (the permutations phi of the specification).
     */
    private static final int[][][] PHI = {
        {{1, 0, 3, 5, 6, 2, 4}, {4, 2, 1, 0, 5, 3, 6}, {6, 1, 2, 3, 4, 5, 0}},
        {{2, 6, 1, 4, 5, 3, 0}, {3, 5, 2, 0, 1, 6, 4}, {1, 4, 3, 6, 0, 2, 5}, {6, 4, 0, 5, 2, 1, 3}},
        {{3, 4, 1, 0, 5, 2, 6}, {6, 2, 1, 0, 3, 4, 5}, {2, 6, 0, 4, 3, 1, 5}, {1, 5, 3, 2, 0, 4, 6},
            {2, 5, 0, 6, 4, 3, 1}},
    };

    private final int bits;
    private final int passes;
    private final int[] state = D0.clone();
    private final int[] x = new int[32];
    private final int[] e = new int[8];

    /**
     * @param bits 128, 160, 192, 224 or 256
     * @param passes 3, 4 or 5
     */
    Haval(int bits, int passes) {
        super(128);
        this.bits = bits;
        this.passes = passes;
    }

    private static int f(int n, int x6, int x5, int x4, int x3, int x2, int x1, int x0) {
        switch (n) {
            case 1:
                return (x1 & x4) ^ (x2 & x5) ^ (x3 & x6) ^ (x0 & x1) ^ x0;
            case 2:
                return (x1 & x2 & x3) ^ (x2 & x4 & x5) ^ (x1 & x2) ^ (x1 & x4) ^ (x2 & x6) ^ (x3 & x5) ^ (x4 & x5)
                        ^ (x0 & x2) ^ x0;
            case 3:
                return (x1 & x2 & x3) ^ (x1 & x4) ^ (x2 & x5) ^ (x3 & x6) ^ (x0 & x3) ^ x0;
            case 4:
                return (x1 & x2 & x3) ^ (x2 & x4 & x5) ^ (x3 & x4 & x6) ^ (x1 & x4) ^ (x2 & x6) ^ (x3 & x4)
                        ^ (x3 & x5) ^ (x3 & x6) ^ (x4 & x5) ^ (x4 & x6) ^ (x0 & x4) ^ x0;
            default:
                return (x1 & x4) ^ (x2 & x5) ^ (x3 & x6) ^ (x0 & x1 & x2 & x3) ^ (x0 & x5) ^ x0;
        }
    }

    @Override
    void process(byte[] block, int off) {
        for (int i = 0; i < 32; i++) {
            x[i] = le32(block, off + 4 * i);
        }
        System.arraycopy(state, 0, e, 0, 8);
        int[][] phi = PHI[passes - 3];
        for (int pass = 0; pass < passes; pass++) {
            int[] p = phi[pass];
            for (int i = 0; i < 32; i++) {
                int t = f(pass + 1, e[(p[0] - i) & 7], e[(p[1] - i) & 7], e[(p[2] - i) & 7], e[(p[3] - i) & 7],
                        e[(p[4] - i) & 7], e[(p[5] - i) & 7], e[(p[6] - i) & 7]);
                int word = pass == 0 ? x[i] : x[ORDER[pass][i]] + K[pass][i];
                e[7 - (i & 7)] = Integer.rotateRight(t, 7) + Integer.rotateRight(e[(7 - i) & 7], 11) + word;
            }
        }
        for (int i = 0; i < 8; i++) {
            state[i] += e[i];
        }
    }

    @Override
    public String hex() {
        long count = length() * 8;
        byte[] tail = new byte[10];
        tail[0] = (byte) (1 | (passes & 7) << 3 | (bits & 3) << 6);
        tail[1] = (byte) (bits >> 2);
        for (int i = 0; i < 8; i++) {
            tail[2 + i] = (byte) (count >>> (8 * i));
        }
        int index = (int) (length() & 0x7F);
        byte[] pad = new byte[index < 118 ? 118 - index : 246 - index];
        pad[0] = 1;
        update(pad, 0, pad.length);
        update(tail, 0, tail.length);
        fold();
        long[] words = new long[bits / 32];
        for (int i = 0; i < words.length; i++) {
            words[i] = state[i] & 0xFFFFFFFFL;
        }
        return hexLittleEndian(words, 4, bits / 8);
    }

    /** Folds the eight state words into the first {@code bits / 32}. */
    private void fold() {
        int[] s = state;
        switch (bits) {
            case 128:
                s[3] += (s[7] & 0xFF000000) | (s[6] & 0x00FF0000) | (s[5] & 0x0000FF00) | (s[4] & 0x000000FF);
                s[2] += (((s[7] & 0x00FF0000) | (s[6] & 0x0000FF00) | (s[5] & 0x000000FF)) << 8)
                        | ((s[4] & 0xFF000000) >>> 24);
                s[1] += (((s[7] & 0x0000FF00) | (s[6] & 0x000000FF)) << 16)
                        | (((s[5] & 0xFF000000) | (s[4] & 0x00FF0000)) >>> 16);
                s[0] += ((s[7] & 0x000000FF) << 24)
                        | (((s[6] & 0xFF000000) | (s[5] & 0x00FF0000) | (s[4] & 0x0000FF00)) >>> 8);
                break;
            case 160:
                s[4] += ((s[7] & 0xFE000000) | (s[6] & 0x01F80000) | (s[5] & 0x0007F000)) >>> 12;
                s[3] += ((s[7] & 0x01F80000) | (s[6] & 0x0007F000) | (s[5] & 0x00000FC0)) >>> 6;
                s[2] += (s[7] & 0x0007F000) | (s[6] & 0x00000FC0) | (s[5] & 0x0000003F);
                s[1] += Integer.rotateRight((s[7] & 0x00000FC0) | (s[6] & 0x0000003F) | (s[5] & 0xFE000000), 25);
                s[0] += Integer.rotateRight((s[7] & 0x0000003F) | (s[6] & 0xFE000000) | (s[5] & 0x01F80000), 19);
                break;
            case 192:
                s[5] += ((s[7] & 0xFC000000) | (s[6] & 0x03E00000)) >>> 21;
                s[4] += ((s[7] & 0x03E00000) | (s[6] & 0x001F0000)) >>> 16;
                s[3] += ((s[7] & 0x001F0000) | (s[6] & 0x0000FC00)) >>> 10;
                s[2] += ((s[7] & 0x0000FC00) | (s[6] & 0x000003E0)) >>> 5;
                s[1] += (s[7] & 0x000003E0) | (s[6] & 0x0000001F);
                s[0] += Integer.rotateRight((s[7] & 0x0000001F) | (s[6] & 0xFC000000), 26);
                break;
            case 224:
                s[6] += s[7] & 0x0000000F;
                s[5] += (s[7] >>> 4) & 0x0000001F;
                s[4] += (s[7] >>> 9) & 0x0000000F;
                s[3] += (s[7] >>> 13) & 0x0000001F;
                s[2] += (s[7] >>> 18) & 0x0000000F;
                s[1] += (s[7] >>> 22) & 0x0000001F;
                s[0] += (s[7] >>> 27) & 0x0000001F;
                break;
            default:
                break;
        }
    }
}
