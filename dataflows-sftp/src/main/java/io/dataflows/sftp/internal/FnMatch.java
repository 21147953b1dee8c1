package io.dataflows.sftp.internal;

import java.util.regex.Pattern;

/**
 * A pattern as PHP's {@code fnmatch} reads it without flags, which tool_dataflows' SFTP listing uses: {@code *} matches
 * any text ({@code /} and leading dots included), {@code ?} one character, {@code [abc]}, {@code [a-z]} and
 * {@code [!abc]} (or {@code [^abc]}) one character of (not of) a set; a backslash makes the next character literal.
 * The whole name must match. Immutable.
 */
final class FnMatch {

    private final Pattern regex;

    private FnMatch(Pattern regex) {
        this.regex = regex;
    }

    /** Compiles {@code pattern}; an unclosed {@code [} is a literal {@code [}, as in {@code fnmatch}. */
    static FnMatch compile(String pattern) {
        StringBuilder out = new StringBuilder();
        int n = pattern.length();
        for (int i = 0; i < n; i++) {
            char c = pattern.charAt(i);
            switch (c) {
                case '*':
                    out.append(".*");
                    break;
                case '?':
                    out.append('.');
                    break;
                case '\\':
                    if (i + 1 < n) {
                        out.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
                    } else {
                        out.append(Pattern.quote("\\"));
                    }
                    break;
                case '[':
                    int end = closing(pattern, i);
                    if (end < 0) {
                        out.append(Pattern.quote("["));
                    } else {
                        out.append(bracket(pattern.substring(i + 1, end)));
                        i = end;
                    }
                    break;
                default:
                    out.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return new FnMatch(Pattern.compile(out.toString(), Pattern.DOTALL));
    }

    /** The index of the {@code ]} closing the bracket opened at {@code open}; -1 when there is none. */
    private static int closing(String pattern, int open) {
        int i = open + 1;
        if (i < pattern.length() && (pattern.charAt(i) == '!' || pattern.charAt(i) == '^')) {
            i++;
        }
        if (i < pattern.length() && pattern.charAt(i) == ']') {
            i++; // a ] first in the set is a member
        }
        for (; i < pattern.length(); i++) {
            if (pattern.charAt(i) == ']') {
                return i;
            }
        }
        return -1;
    }

    private static String bracket(String body) {
        StringBuilder out = new StringBuilder("[");
        int i = 0;
        if (!body.isEmpty() && (body.charAt(0) == '!' || body.charAt(0) == '^')) {
            out.append('^');
            i = 1;
        }
        for (; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '-' && i > 0 && i + 1 < body.length() && out.length() > 1) {
                out.append('-');
            } else if (Character.isLetterOrDigit(c)) {
                out.append(c);
            } else {
                out.append('\\').append(c);
            }
        }
        return out.append(']').toString();
    }

    /** True when all of {@code name} matches. */
    boolean matches(String name) {
        return regex.matcher(name).matches();
    }
}
