package io.dataflows.scheduler.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON object of a webhook or event body into JSON-like values (maps, lists, text, {@code Long},
 * {@code Double}, {@code BigDecimal}, booleans, null), with limits: nesting depth, number length, no duplicate
 * keys, nothing after the object.
 */
public final class JsonBodies {

    /** Deepest nesting accepted in a body. */
    public static final int MAX_DEPTH = 64;

    private static final JsonFactory FACTORY = new JsonFactoryBuilder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).maxNumberLength(100)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JsonBodies() {}

    /**
     * The JSON object in {@code body} (UTF-8).
     *
     * @throws IllegalArgumentException saying what is wrong, when the body is not one JSON object
     */
    public static Map<String, Object> object(byte[] body) {
        try (JsonParser p = FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("The body must be a JSON object.");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> value = (Map<String, Object>) read(p);
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("The body must be one JSON object, with nothing after it.");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("The body cannot be read: " + e.getMessage());
        }
    }

    private static Object read(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    p.nextToken();
                    map.put(key, read(p));
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(read(p));
                }
                return list;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                BigInteger big = p.getBigIntegerValue();
                return big.bitLength() < 64 ? (Object) big.longValue() : new BigDecimal(big);
            }
            case VALUE_NUMBER_FLOAT -> {
                double d = p.getDoubleValue();
                return Double.isFinite(d) ? (Object) d : p.getDecimalValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IllegalArgumentException("The body is not valid JSON: unexpected " + t);
        }
    }
}
