package io.dataflows.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * What the directory-listing steps of tool_dataflows do to a listing, local or remote: leave out {@code .} and
 * {@code ..}, directories unless they are asked for, and entries the pattern does not match; give each entry as its
 * base name, its path relative to a base, or its absolute path; sort; skip {@code offset} entries and keep at most
 * {@code limit}.
 *
 * <pre>{@code
 * List<ListConstraints.Entry> entries = List.of(new ListConstraints.Entry("b10.csv", "/in/b10.csv", false),
 *         new ListConstraints.Entry("b9.csv", "/in/b9.csv", false), new ListConstraints.Entry("old", "/in/old", true));
 * ListConstraints.apply(entries, ListConstraints.BASENAME, ListConstraints.NATURAL, 0, 0, false, "", null);
 * // [b9.csv, b10.csv]
 * }</pre>
 *
 * <p>The sort orders: {@link #ALPHA} by UTF-16 code units ({@code sort}), {@link #ALPHA_REVERSE} the reverse, and
 * {@link #NATURAL} PHP's {@code natsort}: {@link NaturalOrder#CASE_SENSITIVE}, upper case before lower case
 * ({@code File10.txt a.csv file2.txt file10.txt}); entries it finds equal, such as {@code 007} and {@code 7}, keep
 * their alphabetical order, as PHP's stable sort keeps the sorted order of {@code glob}. Pure and thread-safe.
 */
public final class ListConstraints {

    /** Return value: the entry's base name. */
    public static final String BASENAME = "basename";
    /** Return value: the entry's path relative to the base path. */
    public static final String RELATIVEPATH = "relativepath";
    /** Return value: the entry's absolute path. */
    public static final String ABSOLUTEPATH = "absolutepath";

    /** Sort order: alphabetical. */
    public static final String ALPHA = "alpha";
    /** Sort order: reverse alphabetical. */
    public static final String ALPHA_REVERSE = "alpha_reverse";
    /** Sort order: PHP's {@code natsort}. */
    public static final String NATURAL = "natural";

    /**
     * One listed entry.
     *
     * @param path the path relative to the listed directory, {@code /}-separated ({@code output/a.csv}); not empty
     * @param absolute the absolute path
     * @param directory whether it is a directory
     */
    public record Entry(String path, String absolute, boolean directory) {
        /**
         * Checks the path.
         *
         * @throws IllegalArgumentException if {@code path} is empty
         */
        public Entry {
            if (path.isEmpty()) {
                throw new IllegalArgumentException("empty entry");
            }
        }

        /** The last segment of the path. */
        public String basename() {
            int slash = path.lastIndexOf('/');
            return slash < 0 ? path : path.substring(slash + 1);
        }
    }

    private ListConstraints() {}

    /**
     * The listing, constrained.
     *
     * @param entries the listing
     * @param returnValue {@link #BASENAME}, {@link #RELATIVEPATH} or {@link #ABSOLUTEPATH}
     * @param sort {@link #ALPHA}, {@link #ALPHA_REVERSE} or {@link #NATURAL} (any case); anything else sorts as
     *     {@link #ALPHA}
     * @param offset entries skipped after sorting
     * @param limit at most this many entries; 0 means no limit
     * @param includeDirectories keep directory entries
     * @param basePath relative paths are given relative to this prefix of the entry paths ({@code ""}: as listed)
     * @param pattern matched against each entry's path; null matches everything
     * @return a new, modifiable list
     */
    public static List<String> apply(List<Entry> entries, String returnValue, String sort, long offset, long limit,
            boolean includeDirectories, @Nullable String basePath, @Nullable Predicate<String> pattern) {
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
            if (pattern != null && !pattern.test(e.path())) {
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

    /** The order of a {@code sort} value (any case); anything else is {@link #ALPHA}'s. */
    public static Comparator<String> comparator(String sort) {
        switch (sort.toLowerCase(Locale.ROOT)) {
            case ALPHA_REVERSE:
                return Comparator.<String>naturalOrder().reversed();
            case NATURAL:
                return NaturalOrder.CASE_SENSITIVE.thenComparing(Comparator.naturalOrder());
            default:
                return Comparator.naturalOrder();
        }
    }
}
