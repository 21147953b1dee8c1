package io.dataflows.internal.util;

/**
 * Keeps a problem on one line: a line break inside a message (from a multi-line expression or a quoted value) is
 * written as {@code \n}, so every problem stays one line of standard error.
 */
public final class OneLine {

    private OneLine() {}

    /** {@code text} with CR LF, LF and CR written as {@code \n} and {@code \r}. */
    public static String of(String text) {
        if (text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\r");
    }
}
