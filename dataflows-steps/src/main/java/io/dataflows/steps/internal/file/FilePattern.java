package io.dataflows.steps.internal.file;

import io.dataflows.spi.Regexes;
import io.dataflows.spi.StepContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The file-name patterns of every file step: {@code *} any text, {@code ?} one character, {@code [abc]},
 * {@code [a-z]}, {@code [!abc]} (or {@code [^abc]}) one character of (not of) a set, {@code \x} a literal {@code x},
 * and {@code {a,b}} alternatives as {@code glob()}'s {@code GLOB_BRACE}. The whole path must match, and a dot file
 * (or an entry below a dot directory) only when the pattern itself names one ({@link #matchesPath}). Two flavours:
 * {@link #glob} as PHP's {@code glob()} (wildcards stay within one path segment: {@code *.csv} does not match
 * {@code out/a.csv}, and {@code **} is the same as {@code *}), which the local file steps use for listing
 * ({@code directory_file_list}) and for copying ({@code copy_file}, through {@link #expand}), and {@link #fnmatch} as
 * PHP's {@code fnmatch()} without flags ({@code *} also matches {@code /}), which tool_dataflows applied to remote
 * listings. docs/file-patterns.md describes the same for users.
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

    /**
     * Whether an entry at the {@code /}-separated {@code relative} path is matched: the whole path matches, and when
     * the entry or one of its parents is a dot file ({@code .env}, {@code .git/config}) the pattern names dot files
     * too. As PHP's {@code glob()}, {@code *} alone never lists dot files.
     */
    boolean matchesPath(String relative) {
        return matches(relative) && (!isHidden(relative) || namesDotFiles());
    }

    /** True when the {@code /}-separated relative path or one of its parents is a dot file. */
    static boolean isHidden(String path) {
        return path.startsWith(".") || path.contains("/.");
    }

    /** True when {@code text} has pattern syntax. */
    static boolean isGlob(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '{') {
                return true;
            }
        }
        return false;
    }

    /**
     * The existing paths matching {@code pattern} (absolute and normalised) as {@link #glob} and {@link #matchesPath}
     * read it, files and directories alike, sorted by path; symlinks are not followed while descending, and the
     * listing goes through {@link StepContext#files()}.
     */
    static List<Path> expand(StepContext ctx, Path pattern) throws IOException {
        Path base = pattern.getRoot();
        int first = -1;
        for (int i = 0; i < pattern.getNameCount(); i++) {
            if (isGlob(pattern.getName(i).toString())) {
                first = i;
                break;
            }
            base = base == null ? pattern.getName(i) : base.resolve(pattern.getName(i));
        }
        if (first < 0) {
            return FileSteps.existsNoFollow(ctx, pattern) ? List.of(pattern) : List.of();
        }
        if (base == null || !FileSteps.isDirectory(ctx, base)) {
            return List.of();
        }
        StringBuilder rest = new StringBuilder();
        for (int i = first; i < pattern.getNameCount(); i++) {
            rest.append(i > first ? "/" : "").append(pattern.getName(i));
        }
        FilePattern matcher = glob(rest.toString());
        List<Path> out = new ArrayList<>();
        for (Path p : ctx.files().list(base, matcher.depth())) {
            if (matcher.matchesPath(slashes(base.relativize(p)))) {
                out.add(p);
            }
        }
        out.sort(Comparator.comparing(Path::toString));
        return out;
    }

    private static String slashes(Path relative) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < relative.getNameCount(); i++) {
            sb.append(i > 0 ? "/" : "").append(relative.getName(i));
        }
        return sb.toString();
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
