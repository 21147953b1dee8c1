package io.dataflows;

import com.google.common.base.Preconditions;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The ordered field names shared by many {@link DataRecord}s.
 *
 * <p>Readers that produce records with the same fields (every row of a CSV file, every row of a query) create one
 * layout and build each record from an array of values, so a record costs one array and no per-record map:
 *
 * <pre>{@code
 * RecordLayout layout = RecordLayout.of(List.of("id", "name"));
 * DataRecord r = layout.record("1", "Ann");
 * }</pre>
 *
 * <p>Layouts are immutable and thread-safe. A record that gains a field ({@link DataRecord#with}) moves to a derived
 * layout, which is cached, so a transformer that adds the same field to every record derives it once.
 */
public final class RecordLayout {

    private static final int LINEAR_SCAN_LIMIT = 8;
    static final RecordLayout EMPTY = new RecordLayout(new String[0]);
    /** The layout of value records ({@link DataRecord#ofValue}), told apart from other layouts by identity. */
    static final RecordLayout VALUE = new RecordLayout(new String[] {"0"});

    private final String[] names;
    private final Map<String, Integer> index;
    private final List<String> fieldList;
    private final Map<String, RecordLayout> extended = new ConcurrentHashMap<>();
    /** The last layout derived by {@link #plus}: a transformer adds the same field to every record. */
    private volatile Extension lastExtension;

    private record Extension(String field, RecordLayout layout) {}

    private RecordLayout(String[] names) {
        this.names = names;
        this.fieldList = Collections.unmodifiableList(Arrays.asList(names));
        if (names.length > LINEAR_SCAN_LIMIT) {
            Map<String, Integer> map = new HashMap<>(names.length * 2);
            for (int i = 0; i < names.length; i++) {
                map.put(names[i], i);
            }
            this.index = map;
        } else {
            this.index = null;
        }
    }

    /**
     * Returns a layout with the given field names, in order.
     *
     * @throws IllegalArgumentException if a name is repeated
     * @throws NullPointerException if a name is null
     */
    public static RecordLayout of(List<String> fields) {
        String[] names = new String[fields.size()];
        for (int i = 0; i < names.length; i++) {
            // Interned: field names in compiled expressions are interned too, so lookups compare references.
            String name = Objects.requireNonNull(fields.get(i), "field name").intern();
            for (int j = 0; j < i; j++) {
                if (names[j].equals(name)) {
                    throw new IllegalArgumentException("field name must be unique: " + name);
                }
            }
            names[i] = name;
        }
        return names.length == 0 ? EMPTY : new RecordLayout(names);
    }

    /** The field names, in order (unmodifiable). */
    public List<String> fields() {
        return fieldList;
    }

    /** Number of fields. */
    public int size() {
        return names.length;
    }

    /** Position of {@code field}, or -1 when the layout has no such field. */
    public int indexOf(String field) {
        if (index != null) {
            Integer i = index.get(field);
            return i == null ? -1 : i;
        }
        String[] n = names;
        for (int i = 0; i < n.length; i++) {
            if (n[i] == field) {
                return i;
            }
        }
        for (int i = 0; i < n.length; i++) {
            if (n[i].equals(field)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Builds a record with one value per field, in layout order. Values are checked and normalised as by
     * {@link DataRecord#of}; the array is copied.
     *
     * @throws IllegalArgumentException if the number of values differs from the number of fields, or a value has
     *     a type a record cannot hold
     */
    public DataRecord record(@Nullable Object... values) {
        if (values.length != names.length) {
            throw new IllegalArgumentException(
                    "expected " + names.length + " values for fields " + fieldList + " but got " + values.length);
        }
        Object[] copy = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            copy[i] = DataValues.normalize(values[i], names[i]);
        }
        return new DataRecord(this, copy);
    }

    /**
     * Builds a record of text values, one per field in layout order, as readers of text formats do per row. Text
     * needs no normalising, so this is cheaper than {@link #record}; the array is copied.
     *
     * @throws IllegalArgumentException if the number of values differs from the number of fields
     */
    public DataRecord recordOfText(String... values) {
        return recordOfStrings(values.clone());
    }

    /** Builds a record of text values without copying the array, which the caller must not modify afterwards. */
    DataRecord recordOfStrings(String[] values) {
        Preconditions.checkArgument(values.length == names.length, "expected %s values for fields %s but got %s",
                names.length, fieldList, values.length);
        return new DataRecord(this, values);
    }

    String name(int i) {
        return names[i];
    }

    /**
     * The layout last derived from this one by {@link #plus} when that was for {@code field} (compared by reference,
     * then by value), else null. {@code plus} is only called for a field this layout lacks.
     */
    RecordLayout extendedBy(String field) {
        Extension last = lastExtension;
        return last != null && (last.field == field || last.field.equals(field)) ? last.layout : null;
    }

    RecordLayout plus(String field) {
        RecordLayout last = extendedBy(field);
        if (last != null) {
            return last;
        }
        RecordLayout layout = extended.get(field);
        if (layout == null) {
            String[] more = Arrays.copyOf(names, names.length + 1);
            more[names.length] = field.intern();
            layout = new RecordLayout(more);
            // Bound the cache: records with ever-new field names must not grow memory without limit.
            if (extended.size() < 64) {
                extended.put(field, layout);
            }
        }
        lastExtension = new Extension(field, layout);
        return layout;
    }

    RecordLayout minus(int position) {
        String[] fewer = new String[names.length - 1];
        System.arraycopy(names, 0, fewer, 0, position);
        System.arraycopy(names, position + 1, fewer, position, names.length - position - 1);
        return fewer.length == 0 ? EMPTY : new RecordLayout(fewer);
    }

    @Override
    public String toString() {
        return "RecordLayout" + fieldList;
    }
}
