package io.dataflows.steps.internal.file;

import io.dataflows.spi.Regexes;
import java.util.regex.Pattern;

/**
 * A file-name pattern: {@code *} any text, {@code ?} one character, {@code [abc]}, {@code [a-z]}, {@code [!abc]}
 * (or {@code [^abc]}) one character of (not of) a set, {@code \x} a literal {@code x}, and {@code {a,b}} alternatives
 * as {@code glob()}'s {@code GLOB_BRACE}. The whole text must match. Two flavours: {@link #glob} as PHP's
 * {@code glob()} (wildcards stay within one path segment: {@code *.csv} does not match {@code out/a.csv}), which the
 * local directory steps use, and {@link #fnmatch} as PHP's {@code fnmatch()} without flags ({@code *} also matches
 * {@code /}), which tool_dataflows applied to remote listings.
 */
final class FilePattern {

    private final String source;
    private final Pattern regex;

    private FilePattern(String source, Pattern regex) {
        this.source = source;
        this.regex = regex;
    }

    /** As {@code glob()}: wildcards do not cross {@code /}. */
    static FilePattern glob(String pattern) {
        return new FilePattern(pattern, Pattern.compile(toRegex(pattern, true), Pattern.DOTALL));
    }

    /** As {@code fnmatch()} without flags: {@code *} and {@code ?} match {@code /} too. */
    static FilePattern fnmatch(String pattern) {
        return new FilePattern(pattern, Pattern.compile(toRegex(pattern, false), Pattern.DOTALL));
    }

    /** How many path segments the pattern can span: one more than the {@code /} it contains. */
    int depth() {
        int n = 1;
        for (int i = 0; i < source.length(); i++) {
            if (source.charAt(i) == '/') {
                n++;
            }
        }
        return n;
    }

    /**
     * Whether the whole text matches. With a step budget: wildcards become {@code [^/]*}, and a pattern such as
     * {@code *a*a*a*a*a*a*b} backtracks polynomially on a long name.
     */
    boolean matches(String text) {
        try {
            return Regexes.matches(regex, text, Regexes.DEFAULT_STEP_LIMIT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("File name pattern '" + source + "' needs more than "
                    + Regexes.DEFAULT_STEP_LIMIT + " steps to match a name of " + text.length()
                    + " characters; use fewer wildcards", e);
        }
    }

    /** True when the pattern asks for dot files: it starts with {@code .} or has a segment that does. */
    boolean namesDotFiles() {
        return source.startsWith(".") || source.contains("/.");
    }

    static String toRegex(String p, boolean pathname) {
        String any = pathname ? "[^/]*" : ".*";
        String one = pathname ? "[^/]" : ".";
        StringBuilder sb = new StringBuilder();
        int braces = 0;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            switch (c) {
                case '*':
                    sb.append(any);
                    break;
                case '?':
                    sb.append(one);
                    break;
                case '\\':
                    if (i + 1 < p.length()) {
                        sb.append(Pattern.quote(String.valueOf(p.charAt(++i))));
                    } else {
                        sb.append("\\\\");
                    }
                    break;
                case '[': {
                    int end = classEnd(p, i);
                    if (end < 0) {
                        sb.append("\\[");
                        break;
                    }
                    sb.append('[');
                    int j = i + 1;
                    if (p.charAt(j) == '!' || p.charAt(j) == '^') {
                        sb.append('^');
                        if (pathname) {
                            sb.append('/');
                        }
                        j++;
                    }
                    for (; j < end; j++) {
                        char k = p.charAt(j);
                        if (k == '-' && j > i + 1 && j + 1 < end) {
                            sb.append('-');
                        } else if (Character.isLetterOrDigit(k)) {
                            sb.append(k);
                        } else {
                            sb.append('\\').append(k);
                        }
                    }
                    sb.append(']');
                    i = end;
                    break;
                }
                case '{':
                    braces++;
                    sb.append("(?:");
                    break;
                case '}':
                    if (braces > 0) {
                        braces--;
                        sb.append(')');
                    } else {
                        sb.append("\\}");
                    }
                    break;
                case ',':
                    sb.append(braces > 0 ? "|" : ",");
                    break;
                default:
                    sb.append(Pattern.quote(String.valueOf(c)));
            }
        }
        while (braces-- > 0) {
            sb.append(')');
        }
        return sb.toString();
    }

    /** The index of the {@code ]} closing the class opened at {@code start}, or -1. */
    private static int classEnd(String p, int start) {
        int j = start + 1;
        if (j < p.length() && (p.charAt(j) == '!' || p.charAt(j) == '^')) {
            j++;
        }
        if (j < p.length() && p.charAt(j) == ']') {
            j++; // a leading ] is a member
        }
        for (; j < p.length(); j++) {
            if (p.charAt(j) == ']') {
                return j;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return source;
    }
}
