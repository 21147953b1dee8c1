package io.dataflows.internal.expr;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Runs user-supplied regular expressions with a step budget, as PCRE's {@code pcre.backtrack_limit} does for PHP.
 * Java's regex engine backtracks without bound, so {@code (.*){1,32000}[bc]} against thirty characters would run
 * for longer than the universe has existed. Every character the engine reads goes through {@link CountingText},
 * which fails the match once a budget of reads is spent; a normal match pays one decrement per character read.
 *
 * <p>Java's engine also recurses once per repetition of some constructs ({@code (a|b)*}), so a long text can
 * overflow the stack. That {@link StackOverflowError} is caught here, where it is known to come from the regex
 * engine alone (which holds no locks and no shared state), and becomes an error naming the pattern.
 */
public final class BoundedRegex {

    /** A pattern that is invalid, or a match that gave up; the message names the pattern. */
    public static final class Failure extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private BoundedRegex() {}

    /** A matcher of {@code pattern} over {@code text} that gives up after {@code stepLimit} character reads. */
    public static Matcher matcher(Pattern pattern, CharSequence text, long stepLimit) {
        return pattern.matcher(new CountingText(text, pattern, stepLimit));
    }

    /**
     * {@link Matcher#find()} for a matcher from {@link #matcher}.
     *
     * @throws IllegalArgumentException naming the pattern when the step budget is spent or the engine recursed too
     *     deeply
     */
    public static boolean find(Matcher m) {
        try {
            return m.find();
        } catch (StackOverflowError e) {
            throw tooDeep(m);
        }
    }

    /** Whether {@code pattern} matches the whole of {@code text}, within the step budget. */
    public static boolean matches(Pattern pattern, CharSequence text, long stepLimit) {
        Matcher m = matcher(pattern, text, stepLimit);
        try {
            return m.matches();
        } catch (StackOverflowError e) {
            throw tooDeep(m);
        }
    }

    /**
     * Compiles a pattern in Java's syntax.
     *
     * @throws IllegalArgumentException naming the pattern when it is invalid or nests too deeply to compile
     */
    public static Pattern compileJava(String regex) {
        return compile(regex, 0, regex);
    }

    /** Compiles {@code body} with {@code flags}; {@code source} names the pattern as written in messages. */
    public static Pattern compile(String body, int flags, String source) {
        try {
            return Pattern.compile(body, flags);
        } catch (PatternSyntaxException e) {
            throw new Failure("Invalid regular expression " + source + ": " + e.getDescription(), e);
        } catch (StackOverflowError e) {
            throw new Failure("Regular expression " + abbreviate(source) + " nests too deeply to compile", null);
        }
    }

    private static Failure tooDeep(Matcher m) {
        return new Failure("Regular expression " + abbreviate(m.pattern().pattern()) + " recursed too deeply on a"
                + " text of " + m.regionEnd() + " characters; a repeated group with alternatives such as (a|b)*"
                + " recurses once per repetition in Java: use a character class ([ab]*) or a possessive quantifier"
                + " ((a|b)*+)", null);
    }

    static String abbreviate(String pattern) {
        return pattern.length() <= 100 ? pattern : pattern.substring(0, 97) + "...";
    }

    /** The text a matcher reads, counting the reads. */
    private static final class CountingText implements CharSequence {
        private final CharSequence text;
        private final Pattern pattern;
        private final long limit;
        private long remaining;

        CountingText(CharSequence text, Pattern pattern, long limit) {
            this.text = text;
            this.pattern = pattern;
            this.limit = limit;
            this.remaining = limit;
        }

        @Override
        public char charAt(int index) {
            if (--remaining < 0) {
                throw new Failure("Regular expression " + abbreviate(pattern.pattern()) + " gave up after " + limit
                        + " steps on a text of " + text.length() + " characters (catastrophic backtracking);"
                        + " simplify the pattern or raise regexStepLimit", null);
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
