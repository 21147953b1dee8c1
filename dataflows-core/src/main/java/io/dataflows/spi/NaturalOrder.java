package io.dataflows.spi;

import java.util.Comparator;

/**
 * PHP's "natural order" string comparison: {@code strnatcmp} ({@link #CASE_SENSITIVE}, the order of {@code natsort})
 * and {@code strnatcasecmp} ({@link #CASE_INSENSITIVE}, the order of {@code natcasesort}). Runs of digits compare as
 * numbers ({@code img2 < img10}), runs starting with {@code 0} compare digit by digit as fractions
 * ({@code 1.002 < 1.010 < 1.1}), leading zeros at the start and whitespace are skipped, other characters compare by
 * their code, ASCII letters folded to upper case by the case-insensitive order only (as PHP, which folds no other
 * letter).
 *
 * <pre>{@code
 * List<String> names = new ArrayList<>(List.of("file10.txt", "a.csv", "File10.txt", "file2.txt"));
 * names.sort(NaturalOrder.CASE_SENSITIVE);   // File10.txt, a.csv, file2.txt, file10.txt
 * names.sort(NaturalOrder.CASE_INSENSITIVE); // a.csv, file2.txt, file10.txt, File10.txt (equal to file10.txt)
 * }</pre>
 *
 * <p>Texts that differ only in what the order skips or folds compare as equal ({@code "007"} and {@code "7"}), so
 * for a deterministic order chain a tie-breaker ({@code thenComparing(Comparator.naturalOrder())}). Thread-safe.
 */
public final class NaturalOrder implements Comparator<String> {

    /** PHP's {@code strnatcmp}: the order of {@code natsort}; upper-case letters sort before lower-case ones. */
    public static final NaturalOrder CASE_SENSITIVE = new NaturalOrder(false);

    /** PHP's {@code strnatcasecmp}: the order of {@code natcasesort}; ASCII letters compare ignoring case. */
    public static final NaturalOrder CASE_INSENSITIVE = new NaturalOrder(true);

    private final boolean foldCase;

    private NaturalOrder(boolean foldCase) {
        this.foldCase = foldCase;
    }

    @Override
    public int compare(String a, String b) {
        int aLen = a.length();
        int bLen = b.length();
        if (aLen == 0 || bLen == 0) {
            return aLen == bLen ? 0 : (aLen > bLen ? 1 : -1);
        }
        int ai = 0;
        int bi = 0;
        boolean leading = true;
        while (true) {
            char ca = charAt(a, ai);
            char cb = charAt(b, bi);
            // skip over leading zeros
            while (leading && ca == '0' && ai + 1 < aLen && isDigit(a.charAt(ai + 1))) {
                ca = charAt(a, ++ai);
            }
            while (leading && cb == '0' && bi + 1 < bLen && isDigit(b.charAt(bi + 1))) {
                cb = charAt(b, ++bi);
            }
            leading = false;
            // skip consecutive whitespace
            while (isSpace(ca)) {
                ca = charAt(a, ++ai);
            }
            while (isSpace(cb)) {
                cb = charAt(b, ++bi);
            }
            // process a run of digits
            if (isDigit(ca) && isDigit(cb)) {
                boolean fractional = ca == '0' || cb == '0';
                int[] pos = {ai, bi};
                int result = fractional ? compareLeft(a, b, pos) : compareRight(a, b, pos);
                ai = pos[0];
                bi = pos[1];
                if (result != 0) {
                    return result;
                } else if (ai >= aLen && bi >= bLen) {
                    return 0;
                } else if (ai >= aLen) {
                    return -1;
                } else if (bi >= bLen) {
                    return 1;
                }
                ca = charAt(a, ai);
                cb = charAt(b, bi);
            }
            if (foldCase) {
                ca = upper(ca);
                cb = upper(cb);
            }
            if (ca < cb) {
                return -1;
            } else if (ca > cb) {
                return 1;
            }
            ai++;
            bi++;
            if (ai >= aLen && bi >= bLen) {
                return 0;
            } else if (ai >= aLen) {
                return -1;
            } else if (bi >= bLen) {
                return 1;
            }
        }
    }

    /** Longest run of digits wins; equal lengths: the first difference decides. */
    private static int compareRight(String a, String b, int[] pos) {
        int bias = 0;
        for (;; pos[0]++, pos[1]++) {
            boolean aEnd = !isDigit(charAt(a, pos[0]));
            boolean bEnd = !isDigit(charAt(b, pos[1]));
            if (aEnd && bEnd) {
                return bias;
            } else if (aEnd) {
                return -1;
            } else if (bEnd) {
                return 1;
            }
            char ca = a.charAt(pos[0]);
            char cb = b.charAt(pos[1]);
            if (ca < cb) {
                if (bias == 0) {
                    bias = -1;
                }
            } else if (ca > cb) {
                if (bias == 0) {
                    bias = 1;
                }
            }
        }
    }

    /** Digit by digit: the first difference decides. */
    private static int compareLeft(String a, String b, int[] pos) {
        for (;; pos[0]++, pos[1]++) {
            boolean aEnd = !isDigit(charAt(a, pos[0]));
            boolean bEnd = !isDigit(charAt(b, pos[1]));
            if (aEnd && bEnd) {
                return 0;
            } else if (aEnd) {
                return -1;
            } else if (bEnd) {
                return 1;
            }
            char ca = a.charAt(pos[0]);
            char cb = b.charAt(pos[1]);
            if (ca < cb) {
                return -1;
            } else if (ca > cb) {
                return 1;
            }
        }
    }

    /** PHP folds bytes with the C library's {@code toupper} in the C locale: ASCII letters only. */
    private static char upper(char c) {
        return c >= 'a' && c <= 'z' ? (char) (c - ('a' - 'A')) : c;
    }

    private static char charAt(String s, int i) {
        return i < s.length() ? s.charAt(i) : '\0';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\u000b' || c == '\f';
    }
}
