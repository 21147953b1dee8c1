package io.dataflows.steps.internal.file;

/**
 * PHP's {@code snefru} and {@code snefru256}: Merkle's Snefru with eight passes and a 256-bit output. Each 512-bit
 * step takes the 8-word state and 8 message words (big-endian); the message is zero-padded to a whole block and
 * followed by a block that ends with its length in bits. No maintained Java library has Snefru.
 */
final class Snefru extends BlockHasher {

    /** Two S-boxes of 256 words for each of the eight passes. */
    private static final long[] SBOXES = HexTable.read("snefru-sboxes.txt", 16 * 256);

    /** The rotation after each of the four sweeps of a pass. */
    private static final int[] SHIFTS = {16, 8, 16, 24};

    private final int[] state = new int[8];
    private final int[] w = new int[16];

    Snefru() {
        super(32);
    }

    @Override
    void process(byte[] block, int off) {
        System.arraycopy(state, 0, w, 0, 8);
        for (int i = 0; i < 8; i++) {
            w[8 + i] = be32(block, off + 4 * i);
        }
        for (int pass = 0; pass < 8; pass++) {
            for (int shift : SHIFTS) {
                for (int i = 0; i < 16; i++) {
                    int box = 2 * pass + ((i >> 1) & 1);
                    int entry = (int) SBOXES[box * 256 + (w[i] & 0xFF)];
                    w[(i + 1) & 15] ^= entry;
                    w[(i + 15) & 15] ^= entry;
                }
                for (int i = 0; i < 16; i++) {
                    w[i] = Integer.rotateRight(w[i], shift);
                }
            }
        }
        for (int i = 0; i < 8; i++) {
            state[i] ^= w[15 - i];
        }
    }

    @Override
    public String hex() {
        long bits = length() * 8;
        if (filled() > 0) {
            update(new byte[32 - filled()], 0, 32 - filled());
        }
        byte[] last = new byte[32];
        for (int i = 0; i < 8; i++) {
            last[31 - i] = (byte) (bits >>> (8 * i));
        }
        update(last, 0, 32);
        StringBuilder sb = new StringBuilder(64);
        for (int word : state) {
            sb.append(Hasher.hex(Integer.toUnsignedLong(word), 8));
        }
        return sb.toString();
    }
}
