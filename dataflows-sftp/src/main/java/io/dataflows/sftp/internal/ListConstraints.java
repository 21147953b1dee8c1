package io.dataflows.sftp.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * tool_dataflows' {@code apply_list_constraints}: filters a directory listing by pattern and kind, maps each entry to
 * its base name, relative path or absolute path, sorts and slices it. Pure. The same rules as the local directory
 * listing of dataflows-steps, which keeps its copy internal; the pattern here is an {@link FnMatch}, as tool_dataflows'
 * SFTP listing matched with {@code fnmatch}.
 */
final class ListConstraints {

    /** The return values. */
    static final String BASENAME = "basename";
    static final String RELATIVEPATH = "relativepath";
    static final String ABSOLUTEPATH = "absolutepath";

    /** The sort orders. */
    static final String ALPHA = "alpha";
    static final String ALPHA_REVERSE = "alpha_reverse";
    static final String NATURAL = "natural";

    /**
     * One listed entry.
     *
     * @param path the path relative to the listed directory, {@code /}-separated ({@code output/a.csv})
     * @param absolute the absolute path
     * @param directory whether it is a directory
     */
    record Entry(String path, String absolute, boolean directory) {
        Entry {
            if (path.isEmpty()) {
                throw new IllegalArgumentException("empty entry");
            }
        }

        String basename() {
            int slash = path.lastIndexOf('/');
            return slash < 0 ? path : path.substring(slash + 1);
        }
    }

    private ListConstraints() {}

    /**
     * @param entries the listing
     * @param returnValue {@link #BASENAME}, {@link #RELATIVEPATH} or {@link #ABSOLUTEPATH}
     * @param sort {@link #ALPHA}, {@link #ALPHA_REVERSE} or {@link #NATURAL}
     * @param offset entries skipped after sorting
     * @param limit at most this many entries; 0 means no limit
     * @param includeDirectories keep directory entries
     * @param basePath relative paths are given relative to this prefix of the entry paths ({@code ""}: as listed)
     * @param pattern a {@link FnMatch} matched against each entry's path; null matches everything
     */
    static List<String> apply(List<Entry> entries, String returnValue, String sort, long offset, long limit,
            boolean includeDirectories, String basePath, FnMatch pattern) {
        List<String> out = new ArrayList<>();
        String prefix = basePath == null || basePath.isEmpty() ? ""
                : (basePath.endsWith("/") ? basePath : basePath + "/");
        for (Entry e : entries) {
            String name = e.basename();
            if (name.equals(".") || name.equals("..")) {
                continue;
            }
            if (e.directory() && !includeDirectories) {
                continue;
            }
            if (pattern != null && !pattern.matches(e.path())) {
                continue;
            }
            switch (returnValue) {
                case BASENAME:
                    out.add(name);
                    break;
                case ABSOLUTEPATH:
                    out.add(e.absolute());
                    break;
                default:
                    out.add(!prefix.isEmpty() && e.path().startsWith(prefix) ? e.path().substring(prefix.length())
                            : e.path());
            }
        }
        out.sort(comparator(sort));
        int from = (int) Math.min(Math.max(offset, 0), out.size());
        int to = limit > 0 && limit < out.size() - from ? from + (int) limit : out.size();
        return new ArrayList<>(out.subList(from, to));
    }

    static Comparator<String> comparator(String sort) {
        switch (sort.toLowerCase(Locale.ROOT)) {
            case ALPHA_REVERSE:
                return Comparator.<String>naturalOrder().reversed();
            case NATURAL:
                return NaturalOrder.CASE_INSENSITIVE.thenComparing(Comparator.naturalOrder());
            default:
                return Comparator.naturalOrder();
        }
    }
}
