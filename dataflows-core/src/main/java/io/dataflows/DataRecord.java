package io.dataflows;

import io.dataflows.internal.util.Json;
import io.dataflows.spi.JsonText;
import java.math.BigDecimal;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One record of a stream: an immutable, ordered map from field names to JSON-like values.
 *
 * <p>Values are {@code null}, {@link String}, {@link Boolean}, {@link Long}, {@link Double}, {@link BigDecimal},
 * lists and maps of those (unmodifiable). Other integer and floating types are widened on construction
 * ({@code Integer} → {@code Long}, {@code Float} → {@code Double}); anything else is rejected with the field name in
 * the message. A field that is present with the value {@code null} differs from an absent field: {@link #has} tells
 * them apart.
 *
 * <pre>{@code
 * DataRecord r  = DataRecord.of("name", "Ann", "age", 41);            // age stored as Long
 * DataRecord r2 = r.with("email", "ann@example.org").without("age");    // new instances; r is unchanged
 * String name   = r.getString("name");
 * }</pre>
 *
 * <p>In expressions the record a step receives is {@code record}: {@code record.name}, {@code record["age"]}.
 *
 * <p>A <em>value record</em> ({@link #ofValue}) stands for one value that is not an object — a text, number, boolean,
 * null or list — as when {@code reader_json} iterates an array of texts: tool_dataflows passed such a value on as the
 * record itself. In expressions {@code record} is then that value ({@code ${{ record }}} is {@code Bob}); writers
 * write it as it is ({@code json}: {@code "Bob"}), and {@code csv}, as PHP's {@code fputcsv} writes
 * {@code (array) $record}, as one column named {@code 0} (a list: one column per item, named {@code 0}, {@code 1},
 * ...). Field by field it has one field, {@code 0}, holding the value; a value record given a further field
 * ({@link #with}) becomes an ordinary record with both.
 *
 * <p>Records are thread-safe. {@link #equals} compares fields in order and values; {@link #toString} is compact JSON.
 */
public final class DataRecord {

    private static final DataRecord EMPTY = new DataRecord(RecordLayout.EMPTY, new Object[0]);

    private final RecordLayout layout;
    private final Object[] values;

    DataRecord(RecordLayout layout, Object[] values) {
        this.layout = layout;
        this.values = values;
    }

    /** The record without fields. */
    public static DataRecord empty() {
        return EMPTY;
    }

    /**
     * Builds a record from alternating names and values: {@code of("a", 1, "b", "x")}.
     *
     * @throws IllegalArgumentException on an odd number of arguments, a repeated or non-string name, or a value of
     *     an unsupported type
     */
    public static DataRecord of(@Nullable Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("expected name/value pairs but got " + namesAndValues.length
                    + " arguments");
        }
        String[] names = new String[namesAndValues.length / 2];
        Object[] values = new Object[names.length];
        for (int i = 0; i < names.length; i++) {
            Object name = namesAndValues[2 * i];
            if (!(name instanceof String)) {
                throw new IllegalArgumentException("field name must be a string: " + name);
            }
            names[i] = (String) name;
            values[i] = DataValues.normalize(namesAndValues[2 * i + 1], names[i]);
        }
        return new DataRecord(RecordLayout.of(Arrays.asList(names)), values);
    }

    /**
     * Builds a record with the entries of {@code map}, in its iteration order.
     *
     * @throws IllegalArgumentException if a value has an unsupported type
     */
    public static DataRecord fromMap(Map<String, ?> map) {
        if (map.isEmpty()) {
            return EMPTY;
        }
        String[] names = new String[map.size()];
        Object[] values = new Object[names.length];
        int i = 0;
        for (Map.Entry<String, ?> e : map.entrySet()) {
            names[i] = Objects.requireNonNull(e.getKey(), "field name");
            values[i] = DataValues.normalize(e.getValue(), names[i]);
            i++;
        }
        return new DataRecord(RecordLayout.of(Arrays.asList(names)), values);
    }

    /**
     * A value record: one value that is not an object, passed on as the record itself (see the class description).
     *
     * @throws IllegalArgumentException if the value has an unsupported type
     */
    public static DataRecord ofValue(@Nullable Object value) {
        return new DataRecord(RecordLayout.VALUE, new Object[] {DataValues.normalize(value, "0")});
    }

    /** True for a value record ({@link #ofValue}). */
    public boolean isValue() {
        return layout == RecordLayout.VALUE;
    }

    /**
     * The record as one value: the value of a value record, else {@link #asMap()}. This is what {@code record} is in
     * expressions.
     */
    public @Nullable Object asValue() {
        return isValue() ? values[0] : asMap();
    }

    /** The layout (field names) of this record. */
    public RecordLayout layout() {
        return layout;
    }

    /** Number of fields. */
    public int size() {
        return values.length;
    }

    /** True when the record has no fields. */
    public boolean isEmpty() {
        return values.length == 0;
    }

    /** Field names in order (unmodifiable). */
    public List<String> fields() {
        return layout.fields();
    }

    /** True when the record has {@code field}, even if its value is {@code null}. */
    public boolean has(String field) {
        return layout.indexOf(field) >= 0;
    }

    /**
     * The value of {@code field} (possibly {@code null}).
     *
     * @throws IllegalArgumentException if the record has no such field; the message lists the fields it has
     */
    public @Nullable Object get(String field) {
        int i = layout.indexOf(field);
        if (i < 0) {
            throw new IllegalArgumentException(
                    "no field '" + field + "' in record (fields: " + String.join(", ", layout.fields()) + ")");
        }
        return values[i];
    }

    /** The value of {@code field}, or {@code defaultValue} when the record has no such field. */
    public @Nullable Object getOrDefault(String field, @Nullable Object defaultValue) {
        int i = layout.indexOf(field);
        return i < 0 ? defaultValue : values[i];
    }

    /** The value of {@code field}; empty when the field is absent or {@code null}. */
    public Optional<Object> find(String field) {
        int i = layout.indexOf(field);
        return i < 0 ? Optional.empty() : Optional.ofNullable(values[i]);
    }

    /**
     * The value of {@code field} as text: strings as they are, numbers and booleans in their JSON form.
     *
     * @throws IllegalArgumentException if the field is absent, or holds a list or map
     */
    public String getString(String field) {
        Object v = get(field);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        if (v instanceof List || v instanceof Map) {
            throw new IllegalArgumentException("field '" + field + "' is not text: " + Json.write(v));
        }
        return v instanceof BigDecimal ? ((BigDecimal) v).toPlainString() : v.toString();
    }

    /**
     * The value of {@code field} as a long; numeric text is parsed.
     *
     * @throws IllegalArgumentException if the field is absent or not an integer
     */
    public long getLong(String field) {
        Object v = get(field);
        if (v instanceof Long) {
            return (Long) v;
        }
        if (v instanceof Number) {
            Number n = (Number) v;
            if (n.doubleValue() == Math.rint(n.doubleValue())) {
                return n.longValue();
            }
        }
        if (v instanceof String) {
            try {
                return Long.parseLong(((String) v).trim());
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw new IllegalArgumentException("field '" + field + "' is not an integer: " + Json.write(v));
    }

    /**
     * The value of {@code field} as a double; numeric text is parsed.
     *
     * @throws IllegalArgumentException if the field is absent or not a number
     */
    public double getDouble(String field) {
        Object v = get(field);
        if (v instanceof Number) {
            return ((Number) v).doubleValue();
        }
        if (v instanceof String) {
            try {
                return Double.parseDouble(((String) v).trim());
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw new IllegalArgumentException("field '" + field + "' is not a number: " + Json.write(v));
    }

    /**
     * The value of {@code field} as a boolean.
     *
     * @throws IllegalArgumentException if the field is absent or not a boolean
     */
    public boolean getBoolean(String field) {
        Object v = get(field);
        if (v instanceof Boolean) {
            return (Boolean) v;
        }
        throw new IllegalArgumentException("field '" + field + "' is not a boolean: " + Json.write(v));
    }

    /**
     * Returns a record with {@code field} set to {@code value}: replaced in place when present, appended otherwise.
     *
     * @throws IllegalArgumentException if the value has an unsupported type
     */
    public DataRecord with(String field, @Nullable Object value) {
        Objects.requireNonNull(field, "field");
        Object v = DataValues.normalize(value, field);
        // A transformer adds the same new field to every record: the layout remembers the field it was last
        // extended by, which it therefore lacks, so the lookup (a full miss) is skipped.
        RecordLayout extended = layout.extendedBy(field);
        int i = extended != null ? -1 : layout.indexOf(field);
        // The copies are Object[] even when the values are a String[] (RecordLayout.recordOfStrings).
        if (i >= 0) {
            Object[] copy = Arrays.copyOf(values, values.length, Object[].class);
            copy[i] = v;
            return new DataRecord(layout, copy);
        }
        Object[] copy = Arrays.copyOf(values, values.length + 1, Object[].class);
        copy[values.length] = v;
        return new DataRecord(extended != null ? extended : layout.plus(field), copy);
    }

    /** Returns a record without {@code field} (this record when it has no such field). */
    public DataRecord without(String field) {
        int i = layout.indexOf(field);
        if (i < 0) {
            return this;
        }
        Object[] fewer = new Object[values.length - 1];
        System.arraycopy(values, 0, fewer, 0, i);
        System.arraycopy(values, i + 1, fewer, i, values.length - i - 1);
        return new DataRecord(layout.minus(i), fewer);
    }

    /** The value at position {@code index} (0-based, layout order). */
    public Object valueAt(int index) {
        return values[index];
    }

    /** An unmodifiable, ordered {@link Map} view of this record. */
    public Map<String, Object> asMap() {
        return new MapView();
    }

    /** A mutable copy as a {@link LinkedHashMap}. */
    public LinkedHashMap<String, Object> toMap() {
        LinkedHashMap<String, Object> map = new LinkedHashMap<>(values.length * 2);
        for (int i = 0; i < values.length; i++) {
            map.put(layout.name(i), values[i]);
        }
        return map;
    }

    /** Compact JSON, as {@link io.dataflows.spi.JsonText#compact(Object)} writes it. */
    public String toJson() {
        return JsonText.compact(this);
    }

    /** Fields and values compared in order; a value record equals only a value record. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DataRecord)) {
            return false;
        }
        DataRecord other = (DataRecord) o;
        if (other.values.length != values.length || other.isValue() != isValue()) {
            return false;
        }
        for (int i = 0; i < values.length; i++) {
            if (!layout.name(i).equals(other.layout.name(i)) || !Objects.equals(values[i], other.values[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = 0; i < values.length; i++) {
            h = 31 * h + layout.name(i).hashCode();
            h = 31 * h + Objects.hashCode(values[i]);
        }
        return h;
    }

    /** Compact JSON. */
    @Override
    public String toString() {
        return toJson();
    }

    private final class MapView extends AbstractMap<String, Object> {
        @Override
        public int size() {
            return values.length;
        }

        @Override
        public boolean containsKey(Object key) {
            return key instanceof String && layout.indexOf((String) key) >= 0;
        }

        @Override
        public Object get(Object key) {
            if (!(key instanceof String)) {
                return null;
            }
            int i = layout.indexOf((String) key);
            return i < 0 ? null : values[i];
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public int size() {
                    return values.length;
                }

                @Override
                public Iterator<Entry<String, Object>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < values.length;
                        }

                        @Override
                        public Entry<String, Object> next() {
                            if (next >= values.length) {
                                throw new NoSuchElementException();
                            }
                            int i = next++;
                            return new SimpleImmutableEntry<>(layout.name(i), values[i]);
                        }
                    };
                }
            };
        }
    }
}
