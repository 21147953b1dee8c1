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
import java.io.UncheckedIOException;

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
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
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
