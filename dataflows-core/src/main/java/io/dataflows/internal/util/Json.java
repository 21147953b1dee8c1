package io.dataflows.internal.util;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/**
 * JSON the library stores and reads back (run records, state, definitions) and reads from users: compact output,
 * integers read as {@link Long}, maps read in document order. JSON text a user sees is written by
 * {@link io.dataflows.spi.JsonText}.
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
        String plain = writePlain(value);
        if (plain != null) {
            return plain;
        }
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The mapper's JSON of {@code value} when it is a plain tree — maps with text keys, collections, text, numbers
     * of the JDK, booleans and nulls, as the run records and state the engine writes at every run are — written with
     * the mapper's own generator, so the text is the same; null for anything else. The mapper would first build a
     * serializer for each class it meets, which takes some 20 ms of the first run in a fresh JVM.
     */
    private static String writePlain(Object value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = MAPPER.createGenerator(out)) {
            if (!writePlain(g, value)) {
                return null;
            }
        } catch (IOException | RuntimeException e) {
            return null; // the mapper says what is wrong
        }
        return out.toString();
    }

    private static boolean writePlain(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String) {
            g.writeString((String) v);
        } else if (v instanceof Boolean) {
            g.writeBoolean((Boolean) v);
        } else if (v instanceof Long) {
            g.writeNumber((long) (Long) v);
        } else if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).intValue());
        } else if (v instanceof Double) {
            g.writeNumber((double) (Double) v);
        } else if (v instanceof Float) {
            g.writeNumber((float) (Float) v);
        } else if (v instanceof BigDecimal) {
            g.writeNumber((BigDecimal) v);
        } else if (v instanceof BigInteger) {
            g.writeNumber((BigInteger) v);
        } else if (v instanceof Map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                if (!(e.getKey() instanceof String)) {
                    return false;
                }
                g.writeFieldName((String) e.getKey());
                if (!writePlain(g, e.getValue())) {
                    return false;
                }
            }
            g.writeEndObject();
        } else if (v instanceof Collection) {
            g.writeStartArray();
            for (Object o : (Collection<?>) v) {
                if (!writePlain(g, o)) {
                    return false;
                }
            }
            g.writeEndArray();
        } else {
            return false;
        }
        return true;
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
        } catch (IOException e) {
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
