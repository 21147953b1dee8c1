package io.dataflows.internal.util;

/**
 * Shortens text quoted in messages, so that a hostile definition (an alias or type of a hundred thousand
 * characters) cannot turn one problem line into a hundred kilobytes.
 */
public final class ShortText {

    /** Text up to this length is quoted whole. */
    public static final int MAX_QUOTED = 255;
    private static final int KEPT = 60;

    private ShortText() {}

    /** {@code text} itself when at most {@link #MAX_QUOTED} characters, else its first 60 followed by {@code …}. */
    public static String of(String text) {
        return of(text, MAX_QUOTED);
    }

    /** {@code text} itself when at most {@code max} characters, else its first 60 followed by {@code …}. */
    public static String of(String text, int max) {
        if (text == null || text.length() <= Math.max(max, KEPT)) {
            return text;
        }
        int end = KEPT;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }
}
