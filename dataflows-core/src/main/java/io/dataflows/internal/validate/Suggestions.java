package io.dataflows.internal.validate;

import java.util.Collection;

/** "Did you mean" for names: the known name closest to a misspelt one. */
final class Suggestions {

    /** Names further apart than this many edits are not suggested. */
    private static final int MAX_EDITS = 2;

    private Suggestions() {}

    /**
     * The known name at most two edits away from {@code name}, and at most half its length (one letter of two is
     * no typo), or null; the first of the closest.
     */
    static String closest(String name, Collection<?> known) {
        String best = null;
        int bestDistance = MAX_EDITS + 1;
        for (Object k : known) {
            String candidate = String.valueOf(k);
            // The distance is at least the difference in length: skip the quadratic comparison when it is too big.
            if (Math.abs(candidate.length() - name.length()) >= bestDistance) {
                continue;
            }
            int d = distance(name, candidate);
            if (d < bestDistance && d <= name.length() / 2) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best;
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
