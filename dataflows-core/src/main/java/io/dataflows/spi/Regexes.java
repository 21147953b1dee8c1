package io.dataflows.spi;

import io.dataflows.internal.expr.BoundedRegex;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Compiles the regular expressions used in flows: Java patterns, and PHP (PCRE) patterns with delimiters and
 * flags such as {@code /world/i} or {@code #^a#}, which flows exported from tool_dataflows contain.
 *
 * <p>For a delimited pattern the flags {@code i m s x u} map to Java's; {@code D} is accepted (Java's {@code $}
 * already behaves close enough); {@code A} anchors at the start; {@code (?P<name>...)} becomes
 * {@code (?<name>...)}. Compiled patterns are cached. Thread-safe.
 *
 * <h2>Matching user patterns</h2>
 * Java's regex engine backtracks without limit: {@code (.*){1,32000}[bc]} against thirty characters never ends.
 * Match patterns that come from a flow with {@link #find} or {@link #matches}, which give up after a number of
 * steps (characters the engine reads, backtracking included), as PHP gives up at {@code pcre.backtrack_limit}. Use
 * {@link StepContext#regexStepLimit()} as the limit, so that the engine's setting applies.
 */
public final class Regexes {

    /**
     * The default step limit of a match: 100 million character reads. A linear scan of a 16 Mi character text needs
     * fewer than 20 million; a catastrophically backtracking pattern reaches the limit in about a second.
     */
    public static final long DEFAULT_STEP_LIMIT = 100_000_000L;

    private static final int CACHE_LIMIT = 512;
    private static final Map<String, Pattern> CACHE = new ConcurrentHashMap<>();

    private Regexes() {}

    /**
     * Compiles {@code pattern}.
     *
     * @throws IllegalArgumentException naming the pattern when it is not a valid regular expression, or uses a PCRE
     *     flag Java lacks ({@code U})
     */
    public static Pattern compile(String pattern) {
        Pattern p = CACHE.get(pattern);
        if (p == null) {
            p = doCompile(pattern);
            if (CACHE.size() < CACHE_LIMIT) {
                CACHE.put(pattern, p);
            }
        }
        return p;
    }

    /**
     * Finds the first match of {@code pattern} in {@code text}, reading at most {@code stepLimit} characters.
     *
     * @return the matcher, positioned on the match (for {@link Matcher#group(String)}), or null when there is none
     * @throws IllegalArgumentException naming the pattern when the limit is reached, or when Java's regex engine
     *     recursed too deeply on the text
     */
    public static @Nullable Matcher find(Pattern pattern, CharSequence text, long stepLimit) {
        Matcher m = BoundedRegex.matcher(pattern, text, stepLimit);
        return BoundedRegex.find(m) ? m : null;
    }

    /**
     * Whether {@code pattern} matches the whole of {@code text}, reading at most {@code stepLimit} characters.
     *
     * @throws IllegalArgumentException naming the pattern when the limit is reached, or when Java's regex engine
     *     recursed too deeply on the text
     */
    public static boolean matches(Pattern pattern, CharSequence text, long stepLimit) {
        return BoundedRegex.matches(pattern, text, stepLimit);
    }

    private static Pattern doCompile(String pattern) {
        String body = pattern;
        int flags = 0;
        boolean anchored = false;
        if (pattern.length() >= 2) {
            char open = pattern.charAt(0);
            if (!Character.isLetterOrDigit(open) && open != '\\' && !Character.isWhitespace(open)) {
                char close = closing(open);
                int end = pattern.lastIndexOf(close);
                if (end > 0) {
                    String modifiers = pattern.substring(end + 1);
                    if (modifiers.matches("[imsxuADSXJn]*")) {
                        body = pattern.substring(1, end);
                        for (char m : modifiers.toCharArray()) {
                            switch (m) {
                                case 'i': flags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE; break;
                                case 'm': flags |= Pattern.MULTILINE; break;
                                case 's': flags |= Pattern.DOTALL; break;
                                case 'x': flags |= Pattern.COMMENTS; break;
                                case 'u': flags |= Pattern.UNICODE_CASE; break;
                                case 'A': anchored = true; break;
                                default: break;
                            }
                        }
                    } else if (modifiers.indexOf('U') >= 0 && modifiers.matches("[imsxuADSUXJn]*")) {
                        throw new IllegalArgumentException("Regular expression " + pattern
                                + " uses the PCRE flag 'U' (ungreedy), which is not supported;"
                                + " write lazy quantifiers such as .*? instead");
                    }
                }
            }
        }
        body = body.replace("(?P<", "(?<").replaceAll("\\(\\?P=(\\w+)\\)", "\\\\k<$1>");
        if (anchored) {
            body = "\\A(?:" + body + ")";
        }
        return BoundedRegex.compile(body, flags, pattern);
    }

    private static char closing(char open) {
        switch (open) {
            case '(': return ')';
            case '[': return ']';
            case '{': return '}';
            case '<': return '>';
            default: return open;
        }
    }
}
