package io.dataflows.internal.util;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.UncheckedIOException;

/**
 * The JSON conventions of the library: compact output, UTF-8 without {@code \}u escapes, {@code /} not escaped,
 * integers read as {@link Long}, maps read in document order.
 */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private Json() {}

    /** The shared mapper (thread-safe; do not reconfigure). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Compact JSON of a JSON-like value. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Compact JSON of a JSON-like value, or null when it would be longer than {@code maxChars} characters. Writing
     * stops as soon as the limit is passed, so a value whose text would not fit in memory (a list holding the same
     * large list many times) costs no more than the limit.
     *
     * @throws IllegalArgumentException when the value nests deeper than JSON may (1,000 levels)
     */
    public static String write(Object value, int maxChars) {
        LimitedWriter out = new LimitedWriter(maxChars);
        try {
            MAPPER.writeValue(out, value);
            return out.toString();
        } catch (LimitedWriter.Full full) {
            return null;
        } catch (StreamConstraintsException e) {
            throw new IllegalArgumentException("Cannot write the value as JSON: " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof LimitedWriter.Full) {
                return null;
            }
            if (e.getCause() instanceof StreamConstraintsException) {
                throw new IllegalArgumentException("Cannot write the value as JSON: "
                        + ((StreamConstraintsException) e.getCause()).getOriginalMessage(), e);
            }
            throw new UncheckedIOException(e);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A text buffer that refuses to grow past a number of characters. */
    private static final class LimitedWriter extends java.io.Writer {
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

    /**
     * Parses JSON text into JSON-like values ({@code LinkedHashMap}, {@code ArrayList}, {@code Long}, {@code Double},
     * {@code String}, {@code Boolean}, {@code null}).
     *
     * @throws IllegalArgumentException with the parser's message (line and column) when the text is not JSON
     */
    public static Object read(String text) {
        try (JsonParser parser = MAPPER.createParser(text)) {
            Object value = MAPPER.readValue(parser, Object.class);
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("unexpected content after the JSON value at "
                        + location(parser));
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage() + " at " + location(e), e);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String location(JsonParser parser) {
        return "line " + parser.currentLocation().getLineNr() + ", column " + parser.currentLocation().getColumnNr();
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "unknown position"
                : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }
}
