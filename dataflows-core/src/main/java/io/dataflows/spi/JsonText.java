package io.dataflows.spi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import io.dataflows.DataRecord;
import io.dataflows.RecordLayout;
import java.io.Flushable;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * JSON text as users see it — {@code writer_stream}'s {@code json} and {@code jsonl}, the {@code toJSON()} expression
 * function, {@link DataRecord#toJson()}, lists and maps put into templates, debug output — written by one encoder
 * with one set of rules, those of PHP's {@code json_encode} with {@code JSON_UNESCAPED_UNICODE |
 * JSON_UNESCAPED_SLASHES}:
 *
 * <ul>
 *   <li>text is written as it is (non-ASCII and {@code /} included); only {@code "}, {@code \} and characters below
 *       U+0020 are escaped, as {@code \"}, {@code \\}, {@code \n}, {@code \r}, {@code \t}, {@code \b}, {@code \f} or
 *       {@code \}{@code u00XX} with lower-case hex digits;</li>
 *   <li>whole numbers as they are; decimals ({@link BigDecimal}) in plain notation; doubles as the shortest text
 *       that reads back to the same value, with {@code .0} on whole values and exponent notation outside
 *       {@code [1e-5, 1e15)}: {@code 1.0}, {@code 0.1}, {@code 1.0e+25}, {@code 1.5e-7} ({@link #doubleText});
 *       NaN and infinities cannot be written;</li>
 *   <li>compact: no spaces ({@code {"a":1}}); pretty: {@code JSON_PRETTY_PRINT}'s layout, 4 spaces per level,
 *       {@code "key": value}, {@code []} and {@code {}} for empties.</li>
 * </ul>
 *
 * Values are JSON-like: null, {@link String}, {@link Boolean}, numbers, {@link DataRecord}, {@link Map} (keys as
 * text), {@link Collection}. Anything else, NaN, infinities and values nested deeper than 1,000 levels are refused with
 * an {@link IllegalArgumentException}. Thread-safe; Jackson's generator does the writing.
 */
public final class JsonText {

    private static final JsonFactory FACTORY = new JsonFactoryBuilder().characterEscapes(new PhpEscapes()).build();

    private JsonText() {}

    /** Compact JSON of {@code value}. */
    public static String compact(Object value) {
        StringWriter out = new StringWriter();
        write(out, value, false);
        return out.toString();
    }

    /** Pretty-printed JSON of {@code value} (no trailing newline). */
    public static String pretty(Object value) {
        StringWriter out = new StringWriter();
        write(out, value, true);
        return out.toString();
    }

    /**
     * Compact JSON of {@code value}, or empty when it would be longer than {@code maxChars} characters. Writing stops
     * as soon as the limit is passed, so a value whose text would not fit in memory costs no more than the limit.
     */
    public static Optional<String> compact(Object value, int maxChars) {
        LimitedWriter out = new LimitedWriter(maxChars);
        try {
            write(out, value, false);
            return Optional.of(out.toString());
        } catch (LimitedWriter.Full full) {
            return Optional.empty();
        } catch (UncheckedIOException e) {
            if (e.getCause() != null && e.getCause().getCause() instanceof LimitedWriter.Full) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static void write(Writer writer, Object value, boolean pretty) {
        try {
            Output out = new Output(writer, pretty, 0);
            out.value(value);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An encoder writing JSON values one after another to {@code out}, for a stream of records: no separator is
     * added between values (write it with {@link Output#raw}). Values start at indentation {@code level} when
     * pretty-printed. Nothing reaches {@code out} before {@link Output#flush}; the writer is not closed.
     */
    public static Output output(Writer out, boolean pretty, int level) {
        try {
            return new Output(out, pretty, level);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Like {@link #output(Writer, boolean, int)}, encoding UTF-8 bytes to {@code out} directly: about a quarter faster
     * than characters through a {@code Writer} for a stream of records (see docs/performance.md). The stream is not
     * closed.
     */
    public static Output output(java.io.OutputStream out, boolean pretty, int level) {
        try {
            return new Output(FACTORY.createGenerator(out), pretty, level);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One output of JSON values; not thread-safe. */
    public static final class Output implements Flushable {
        /** Layouts whose names this output keeps encoded, at most; records of any others are written as well. */
        private static final int NAMED_LAYOUTS = 64;

        private final JsonGenerator generator;
        /**
         * Per record layout met, its field names as the generator writes them, quoted and encoded once (null for a
         * layout whose names are written the usual way): a stream of records repeats a few layouts.
         */
        private final Map<RecordLayout, SerializableString[]> names = new IdentityHashMap<>();
        private RecordLayout lastLayout;
        private SerializableString[] lastNames;

        private Output(Writer out, boolean pretty, int level) throws IOException {
            this(FACTORY.createGenerator(out), pretty, level);
        }

        private Output(JsonGenerator generator, boolean pretty, int level) throws IOException {
            this.generator = generator;
            generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            generator.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
            generator.setRootValueSeparator(null);
            if (pretty) {
                generator.setPrettyPrinter(new PhpPrettyPrinter(level));
            }
        }

        /**
         * Writes {@code value}.
         *
         * @throws IllegalArgumentException for NaN, infinities, values nested too deeply and values that are not
         *     JSON-like
         */
        public void value(Object value) throws IOException {
            try {
                write(value);
            } catch (StreamConstraintsException e) {
                throw new IllegalArgumentException("Cannot write the value as JSON: " + e.getOriginalMessage(), e);
            }
        }

        /** Writes {@code text} as it is (a separator between values). */
        public void raw(String text) throws IOException {
            generator.writeRaw(text);
        }

        /** Writes what is buffered to the writer (without flushing the writer itself). */
        @Override
        public void flush() throws IOException {
            generator.flush();
        }

        private void write(Object v) throws IOException {
            if (v == null) {
                generator.writeNull();
            } else if (v instanceof String) {
                generator.writeString((String) v);
            } else if (v instanceof Boolean) {
                generator.writeBoolean((Boolean) v);
            } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
                generator.writeNumber(((Number) v).longValue());
            } else if (v instanceof Double || v instanceof Float) {
                generator.writeNumber(doubleText(((Number) v).doubleValue()));
            } else if (v instanceof BigDecimal) {
                generator.writeNumber(((BigDecimal) v).toPlainString());
            } else if (v instanceof Number) {
                generator.writeNumber(v.toString());
            } else if (v instanceof DataRecord && ((DataRecord) v).isValue()) {
                write(((DataRecord) v).valueAt(0));
            } else if (v instanceof DataRecord) {
                DataRecord r = (DataRecord) v;
                SerializableString[] encoded = namesOf(r);
                generator.writeStartObject();
                if (encoded != null) {
                    for (int i = 0, n = r.size(); i < n; i++) {
                        generator.writeFieldName(encoded[i]);
                        write(r.valueAt(i));
                    }
                } else {
                    List<String> fields = r.fields();
                    for (int i = 0, n = r.size(); i < n; i++) {
                        generator.writeFieldName(fields.get(i));
                        write(r.valueAt(i));
                    }
                }
                generator.writeEndObject();
            } else if (v instanceof Map) {
                generator.writeStartObject();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    generator.writeFieldName(String.valueOf(e.getKey()));
                    write(e.getValue());
                }
                generator.writeEndObject();
            } else if (v instanceof Collection) {
                generator.writeStartArray();
                for (Object o : (Collection<?>) v) {
                    write(o);
                }
                generator.writeEndArray();
            } else {
                throw new IllegalArgumentException("cannot write a " + v.getClass().getName() + " as JSON");
            }
        }

        /**
         * The encoded names of {@code r}'s layout, or null when they are to be written the usual way: a name with a
         * character outside printable ASCII (whose escape Jackson's quoting would write differently), or a layout
         * beyond the first {@value #NAMED_LAYOUTS}.
         */
        private SerializableString[] namesOf(DataRecord r) {
            RecordLayout layout = r.layout();
            if (layout == lastLayout) {
                return lastNames;
            }
            SerializableString[] encoded = names.get(layout);
            if (encoded == null && !names.containsKey(layout) && names.size() < NAMED_LAYOUTS) {
                encoded = encode(layout.fields());
                names.put(layout, encoded);
            }
            lastLayout = layout;
            lastNames = encoded;
            return encoded;
        }

        private static SerializableString[] encode(List<String> fields) {
            SerializableString[] encoded = new SerializableString[fields.size()];
            for (int i = 0; i < encoded.length; i++) {
                String name = fields.get(i);
                for (int c = 0; c < name.length(); c++) {
                    if (name.charAt(c) < 0x20 || name.charAt(c) > 0x7e) {
                        return null;
                    }
                }
                encoded[i] = new SerializedString(name);
            }
            return encoded;
        }
    }

    /**
     * PHP's {@code json_encode} text of a double ({@code serialize_precision = -1}): the shortest round-trip digits,
     * {@code 1.0} for whole numbers, exponent notation ({@code 1.0e+25}) outside {@code [1e-5, 1e15)}.
     *
     * @throws IllegalArgumentException for NaN and infinities, which have no JSON form
     */
    public static String doubleText(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("cannot write " + d + " as JSON (NaN and infinity have no JSON form)");
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        int exponent = bd.precision() - bd.scale() - 1;
        if (exponent < -5 || exponent >= 15) {
            String digits = bd.unscaledValue().abs().toString();
            StringBuilder sb = new StringBuilder();
            if (bd.signum() < 0) {
                sb.append('-');
            }
            sb.append(digits.charAt(0)).append('.');
            sb.append(digits.length() > 1 ? digits.substring(1) : "0");
            sb.append('e').append(exponent < 0 ? '-' : '+').append(Math.abs(exponent));
            return sb.toString();
        }
        String plain = bd.toPlainString();
        return plain.indexOf('.') < 0 ? plain + ".0" : plain;
    }

    /** Jackson's escapes with PHP's lower-case hex digits for control characters without a short form. */
    private static final class PhpEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private static final int[] ASCII = standardAsciiEscapesForJSON();
        private static final SerializableString[] CONTROL = new SerializableString[0x20];

        static {
            for (int c = 0; c < 0x20; c++) {
                if (ASCII[c] == ESCAPE_STANDARD) {
                    ASCII[c] = ESCAPE_CUSTOM;
                    CONTROL[c] = new SerializedString(String.format("\\u%04x", c));
                }
            }
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ASCII;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch < 0x20 ? CONTROL[ch] : null;
        }
    }

    /** {@code JSON_PRETTY_PRINT}'s layout, starting at a given indentation level. */
    private static final class PhpPrettyPrinter implements PrettyPrinter {
        private static final String INDENT = "    ";
        private int level;

        PhpPrettyPrinter(int level) {
            this.level = level;
        }

        private void newline(JsonGenerator g) throws IOException {
            g.writeRaw('\n');
            for (int i = 0; i < level; i++) {
                g.writeRaw(INDENT);
            }
        }

        @Override
        public void writeRootValueSeparator(JsonGenerator g) {
        }

        @Override
        public void writeStartObject(JsonGenerator g) throws IOException {
            g.writeRaw('{');
            level++;
        }

        @Override
        public void beforeObjectEntries(JsonGenerator g) throws IOException {
            newline(g);
        }

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            g.writeRaw(',');
            newline(g);
        }

        @Override
        public void writeEndObject(JsonGenerator g, int entries) throws IOException {
            level--;
            if (entries > 0) {
                newline(g);
            }
            g.writeRaw('}');
        }

        @Override
        public void writeStartArray(JsonGenerator g) throws IOException {
            g.writeRaw('[');
            level++;
        }

        @Override
        public void beforeArrayValues(JsonGenerator g) throws IOException {
            newline(g);
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(',');
            newline(g);
        }

        @Override
        public void writeEndArray(JsonGenerator g, int values) throws IOException {
            level--;
            if (values > 0) {
                newline(g);
            }
            g.writeRaw(']');
        }
    }

    /** A text buffer that refuses to grow past a number of characters. */
    private static final class LimitedWriter extends Writer {
        private final StringBuilder sb = new StringBuilder();
        private final int max;

        LimitedWriter(int max) {
            this.max = max;
        }

        /** Thrown when the buffer is full; without a stack trace, it only unwinds the writer. */
        static final class Full extends RuntimeException {
            private static final long serialVersionUID = 1L;

            Full() {
                super(null, null, false, false);
            }
        }

        @Override
        public void write(char[] cbuf, int off, int len) {
            if ((long) sb.length() + len > max) {
                throw new Full();
            }
            sb.append(cbuf, off, len);
        }

        @Override
        public void write(String str, int off, int len) {
            if ((long) sb.length() + len > max) {
                throw new Full();
            }
            sb.append(str, off, off + len);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return sb.toString();
        }
    }
}
