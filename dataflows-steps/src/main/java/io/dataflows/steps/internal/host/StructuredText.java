package io.dataflows.steps.internal.host;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.dataflows.DataflowException;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A config map given as JSON or YAML text, as tool_dataflows exports the {@code parameters} of
 * {@code flow_web_service} and the {@code fields} of the update-user steps. YAML is read as a superset of JSON, with
 * limits on size, line length, nesting and tokens, and without aliases, so a definition cannot make the parser
 * expand or run long.
 */
final class StructuredText {

    /** The longest text accepted, in characters: parameters of one call, not documents. */
    static final int MAX_CHARS = 64 * 1024;
    /** The deepest nesting of maps and lists. */
    static final int MAX_DEPTH = 32;
    /** The most tokens (keys, scalars, starts and ends of maps and lists). */
    static final int MAX_TOKENS = 10_000;

    private static final YAMLFactory YAML = YAMLFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxTokenCount(MAX_TOKENS)
                    .maxNumberLength(100)
                    .maxStringLength(MAX_CHARS + 1)
                    .maxNameLength(MAX_CHARS + 1)
                    .maxDocumentLength(MAX_CHARS + 1)
                    .build())
            // yes, no, on and off are text, as in the definitions (and in Symfony YAML)
            .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
            .build();

    private StructuredText() {}

    /**
     * The map {@code value} holds: {@code value} itself when it is a map, else the map its JSON or YAML text
     * describes (empty text: an empty map).
     *
     * @param label the field's name, for messages
     * @throws DataflowException {@code Config '<label>' is invalid: ...} when the text is not a map or too large
     */
    static Map<String, Object> map(Object value, String label) {
        if (value == null) {
            return Map.of();
        }
        if (value instanceof Map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<?, ?>) value).forEach((k, v) -> copy.put(String.valueOf(k), v));
            return Collections.unmodifiableMap(copy);
        }
        if (!(value instanceof String)) {
            throw invalid(label, "it must be a map, or JSON or YAML text of a map");
        }
        String text = (String) value;
        if (text.isBlank()) {
            return Map.of();
        }
        if (text.length() > MAX_CHARS) {
            throw invalid(label, "its text of " + text.length() + " characters is longer than the limit of "
                    + MAX_CHARS);
        }
        Object parsed;
        try (JsonParser p = YAML.createParser(text)) {
            if (p.nextToken() == null) {
                return Map.of();
            }
            parsed = value(p, label);
            if (p.nextToken() != null) {
                throw invalid(label, "the text holds more than one document");
            }
        } catch (StreamConstraintsException e) {
            String message = String.valueOf(e.getOriginalMessage());
            throw invalid(label, message.contains("nesting depth") ? "it is nested deeper than " + MAX_DEPTH
                    + " levels" : message.contains("oken count") ? "it has more than " + MAX_TOKENS
                    + " keys and values" : "it is too large: " + firstLine(message));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 1 ? ""
                    : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            String hint = text.contains("${{") ? " (write each ${{ }} inside a quoted text value)" : "";
            throw invalid(label, "it is not valid JSON or YAML" + where + ": " + firstLine(e.getOriginalMessage())
                    + hint);
        } catch (IOException e) {
            throw invalid(label, "it could not be read: " + e.getMessage());
        }
        if (parsed == null) {
            return Map.of();
        }
        if (!(parsed instanceof Map)) {
            throw invalid(label, "it must be a map, or JSON or YAML text of a map");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) parsed;
        return map;
    }

    private static Object value(JsonParser p, String label) throws IOException {
        if (p instanceof YAMLParser && ((YAMLParser) p).isCurrentAlias()) {
            throw invalid(label, "YAML aliases are not supported: write the value out in full");
        }
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    if (map.containsKey(key)) {
                        throw invalid(label, "the key '" + key + "' appears twice");
                    }
                    p.nextToken();
                    map.put(key, value(p, label));
                }
                return Collections.unmodifiableMap(map);
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(p, label));
                }
                return Collections.unmodifiableList(list);
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? new BigDecimal(p.getBigIntegerValue()) : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw invalid(label, "unexpected " + t);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).strip();
    }

    private static DataflowException invalid(String label, String why) {
        return new DataflowException("Config '" + label + "' is invalid: " + why + ".");
    }
}
