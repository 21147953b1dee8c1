package io.dataflows.internal.expr;

/** How expressions are quoted in messages. */
public final class ExpressionText {

    /** Longer expressions are cut in messages: a message quoting a 400 KB expression helps nobody. */
    static final int MAX_QUOTED = 200;

    private ExpressionText() {}

    /**
     * {@code 'expression'} in quotes, or {@code 'its beginning...' (n characters)} when it is longer than 200
     * characters.
     */
    public static String quote(String expression) {
        if (expression.length() <= MAX_QUOTED) {
            return "'" + expression + "'";
        }
        return "'" + expression.substring(0, MAX_QUOTED) + "...' (" + expression.length() + " characters)";
    }
}
