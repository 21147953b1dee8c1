package io.dataflows.steps.internal.file;

import io.dataflows.spi.StepContext;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Expands a file glob as PHP's {@code glob()} with {@code GLOB_BRACE}: {@code *}, {@code ?}, {@code [...]} and
 * {@code {a,b}} inside one path segment ({@code *} does not match {@code /}); results sorted by path.
 */
final class Glob {

    private Glob() {}

    /** True when {@code text} has glob syntax. */
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
     * The existing paths matching {@code pattern} (absolute and normalised), files and directories alike,
     * symlinks not followed while descending, listed through {@link StepContext#files()}.
     */
    static List<Path> expand(StepContext ctx, Path pattern) throws IOException {
        Path base = pattern.getRoot();
        int first = -1;
        for (int i = 0; i < pattern.getNameCount(); i++) {
            if (isGlob(pattern.getName(i).toString())) {
                first = i;
                break;
            }
            base = base.resolve(pattern.getName(i));
        }
        if (first < 0) {
            return FileSteps.existsNoFollow(ctx, pattern) ? List.of(pattern) : List.of();
        }
        if (!FileSteps.isDirectory(ctx, base)) {
            return List.of();
        }
        Path rest = pattern.subpath(first, pattern.getNameCount());
        int depth = rest.toString().contains("**") ? Integer.MAX_VALUE : rest.getNameCount();
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + rest);
        Path root = base;
        List<Path> out = new ArrayList<>();
        for (Path p : ctx.files().list(root, depth)) {
            if (matcher.matches(root.relativize(p))) {
                out.add(p);
            }
        }
        out.sort(Comparator.comparing(Path::toString));
        return out;
    }
}
