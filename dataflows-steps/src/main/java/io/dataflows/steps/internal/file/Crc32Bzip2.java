package io.dataflows.steps.internal.file;

/**
 * PHP's {@code crc32} hash algorithm (not its {@code crc32()} function, which is {@code crc32b}): the CRC-32 of
 * bzip2 — polynomial {@code 0x04C11DB7} shifted in most significant bit first, initial value and final XOR all ones —
 * printed with its four bytes in reverse order, as PHP has always printed it ({@code "abc"} → {@code 73bb8c64}, whose
 * bzip2 CRC is {@code 0x648cbb73}). {@code java.util.zip} has only the reflected CRC-32 ({@code crc32b}).
 */
final class Crc32Bzip2 implements Hasher {

    private static final int[] TABLE = table();

    private int crc = 0xFFFFFFFF;

    private static int[] table() {
        int[] t = new int[256];
        for (int i = 0; i < 256; i++) {
            int c = i << 24;
            for (int bit = 0; bit < 8; bit++) {
                c = (c & 0x80000000) != 0 ? (c << 1) ^ 0x04C11DB7 : c << 1;
            }
            t[i] = c;
        }
        return t;
    }

    @Override
    public void update(byte[] bytes, int off, int len) {
        int c = crc;
        for (int i = off; i < off + len; i++) {
            c = (c << 8) ^ TABLE[((c >>> 24) ^ bytes[i]) & 0xFF];
        }
        crc = c;
    }

    @Override
    public String hex() {
        return Hasher.hex(Integer.toUnsignedLong(Integer.reverseBytes(~crc)), 8);
    }
}
