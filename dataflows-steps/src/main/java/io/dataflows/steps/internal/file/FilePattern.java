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
 * and {@code {a,b}} alternatives as {@code glob()}'s {@code GLOB_BRACE}. The whole path must match, and a name
 * starting with a dot only through a pattern segment starting with a dot ({@link #matchesPath}). Two flavours:
 * {@link #glob} as PHP's {@code glob()} (wildcards stay within one path segment: {@code *.csv} does not match
 * {@code out/a.csv}, and {@code **} is the same as {@code *}), which the local file steps use for listing
 * ({@code directory_file_list}) and for copying ({@code copy_file}, through {@link #expand}), and {@link #fnmatch} as
 * PHP's {@code fnmatch()} without flags ({@code *} also matches {@code /}), which tool_dataflows applied to remote
 * listings. docs/file-patterns.md describes the same for users.
 */
final class FilePattern {

    /** More alternatives than this ({@code {a,b}{c,d}...}) and dot files fall back to the whole-pattern rule. */
    private static final int MAX_ALTERNATIVES = 256;

    private final String source;
    private final Pattern regex;
    private final boolean pathname;
    /**
     * For {@link #glob}: the brace alternatives split into segments, each a pattern; null until needed, empty when
     * there are too many.
     */
    private volatile List<Pattern[]> segments;

    private FilePattern(String source, Pattern regex, boolean pathname) {
        this.source = source;
        this.regex = regex;
        this.pathname = pathname;
    }

    /** As {@code glob()}: wildcards do not cross {@code /}. */
    static FilePattern glob(String pattern) {
        return new FilePattern(pattern, Pattern.compile(toRegex(pattern, true), Pattern.DOTALL), true);
    }

    /** As {@code fnmatch()} without flags: {@code *} and {@code ?} match {@code /} too. */
    static FilePattern fnmatch(String pattern) {
        return new FilePattern(pattern, Pattern.compile(toRegex(pattern, false), Pattern.DOTALL), false);
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
     * Whether an entry at the {@code /}-separated {@code relative} path is matched: the whole path matches, and each
     * of its segments that starts with a dot ({@code .env}, the {@code .git} of {@code .git/config}) is matched by a
     * pattern segment that starts with a dot, as PHP's {@code glob()} does: {@code *} alone never lists dot files.
     * (A {@link #fnmatch} pattern, and a glob with more than 256 brace alternatives, lets dot files through when the
     * pattern names a dot anywhere.)
     */
    boolean matchesPath(String relative) {
        if (!matches(relative)) {
            return false;
        }
        if (!isHidden(relative)) {
            return true;
        }
        List<Pattern[]> alternatives = pathname ? alternatives() : null;
        if (alternatives == null) {
            return namesDotFiles();
        }
        // As glob(): a segment starting with '.' is matched only by a pattern segment that starts with '.' itself,
        // in one of the brace alternatives ({.env,*.csv} lists .env; .git/* does not list .git/.keep).
        String[] parts = relative.split("/", -1);
        for (Pattern[] alternative : alternatives) {
            if (alternative.length == parts.length && matchesSegments(alternative, parts)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesSegments(Pattern[] alternative, String[] parts) {
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].startsWith(".") && !alternative[i].pattern().startsWith(DOT)) {
                return false;
            }
            if (!Regexes.matches(alternative[i], parts[i], Regexes.DEFAULT_STEP_LIMIT)) {
                return false;
            }
        }
        return true;
    }

    /** {@code Pattern.quote(".")}: how a segment pattern that names a dot first starts. */
    private static final String DOT = Pattern.quote(".");

    /** The brace alternatives of this glob, each split into segment patterns; null when there are too many. */
    private List<Pattern[]> alternatives() {
        List<Pattern[]> s = segments;
        if (s != null && s.isEmpty()) {
            return null;
        }
        if (s == null) {
            List<String> expanded = new ArrayList<>();
            if (!expandBraces(source, expanded)) {
                segments = List.of();
                return null;
            }
            s = new ArrayList<>();
            for (String alternative : expanded) {
                String[] parts = alternative.split("/", -1);
                Pattern[] compiled = new Pattern[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    compiled[i] = Pattern.compile(toRegex(parts[i], true), Pattern.DOTALL);
                }
                s.add(compiled);
            }
            segments = s;
        }
        return s;
    }

    /**
     * Adds the alternatives of {@code p} with its braces expanded, as {@code GLOB_BRACE} does before globbing;
     * false when there would be more than {@link #MAX_ALTERNATIVES}.
     */
    private static boolean expandBraces(String p, List<String> out) {
        int open = -1;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                int end = classEnd(p, i);
                i = end < 0 ? i : end;
            } else if (c == '{') {
                open = i;
                break;
            }
        }
        int close = open < 0 ? -1 : braceEnd(p, open);
        if (close < 0) {
            if (out.size() >= MAX_ALTERNATIVES) {
                return false;
            }
            out.add(p);
            return true;
        }
        String prefix = p.substring(0, open);
        String suffix = p.substring(close + 1);
        int depth = 0;
        int start = open + 1;
        for (int i = open + 1; i <= close; i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && depth > 0) {
                depth--;
            } else if ((c == ',' && depth == 0) || i == close) {
                if (!expandBraces(prefix + p.substring(start, i) + suffix, out)) {
                    return false;
                }
                start = i + 1;
            }
        }
        return true;
    }

    /** The index of the closing brace that matches the one opened at {@code open}, or -1. */
    private static int braceEnd(String p, int open) {
        int depth = 0;
        for (int i = open; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
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
