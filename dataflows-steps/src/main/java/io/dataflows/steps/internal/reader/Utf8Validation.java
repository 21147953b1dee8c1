package io.dataflows.steps.internal.reader;

/**
 * Finds malformed UTF-8 as the JDK's decoder defines it: overlong forms, surrogates, code points above U+10FFFF,
 * stray continuation bytes and sequences cut short are malformed.
 */
final class Utf8Validation {

    private Utf8Validation() {}

    /** The index of the first byte of the first malformed sequence in {@code b[from, to)}; -1 when there is none. */
    static int firstMalformed(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int length;
            int low = 0x80;
            int high = 0xBF;
            if (c >= 0xC2 && c <= 0xDF) {
                length = 2;
            } else if (c >= 0xE0 && c <= 0xEF) {
                length = 3;
                if (c == 0xE0) {
                    low = 0xA0; // shorter forms are overlong
                } else if (c == 0xED) {
                    high = 0x9F; // U+D800..U+DFFF are surrogates
                }
            } else if (c >= 0xF0 && c <= 0xF4) {
                length = 4;
                if (c == 0xF0) {
                    low = 0x90;
                } else if (c == 0xF4) {
                    high = 0x8F; // beyond U+10FFFF
                }
            } else {
                return i;
            }
            if (i + length > to) {
                return i;
            }
            int second = b[i + 1] & 0xFF;
            if (second < low || second > high) {
                return i;
            }
            for (int k = 2; k < length; k++) {
                int next = b[i + k] & 0xFF;
                if (next < 0x80 || next > 0xBF) {
                    return i;
                }
            }
            i += length;
        }
        return -1;
    }
}
