package io.dataflows.steps.internal;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one JSON value into the values records hold, keeping every number's value: whole numbers as {@code Long},
 * or beyond 64 bits as {@code BigInteger}; decimals as {@code Double} when the double reads back as the same number
 * ({@code 0.1}, {@code 1.5e300}, {@code -0.0}), else as {@code BigDecimal}
 * ({@code 0.1000000000000000055511151231257827}, {@code 1e400}), so that writers write them back as they were read.
 * A decimal kept as {@code BigDecimal} that would be written with more than {@value #MAX_EXPONENT} digits after the
 * decimal point, or more than that many zeros before it ({@code 1e999999999}), is refused rather than written out. Objects are {@link LinkedHashMap}s in document order (a repeated name
 * keeps its first place and its last value, as PHP's {@code json_decode}), arrays {@link ArrayList}s.
 */
public final class JsonTree {

    /** The largest scale, either way, of a decimal kept as {@code BigDecimal}. */
    static final int MAX_EXPONENT = 1000;

    private JsonTree() {}

    /**
     * The next value of {@code parser}, which must then be at its end.
     *
     * @return the value, or {@link #NONE} when the input holds no value
     * @throws JsonParseException for malformed JSON, content after the value, or a number out of range
     */
    public static Object readDocument(JsonParser parser) throws IOException {
        if (parser.nextToken() == null) {
            return NONE;
        }
        Object value = read(parser);
        if (parser.nextToken() != null) {
            throw new JsonParseException(parser, "unexpected content after the JSON value");
        }
        return value;
    }

    /** What {@link #readDocument} returns for input without a value. */
    public static final Object NONE = new Object();

    /**
     * The value at the parser's current token. Iterative rather than recursive, so that a document nested as deep
     * as the parser's limit allows cannot exhaust the thread's stack.
     */
    @SuppressWarnings("unchecked")
    private static Object read(JsonParser p) throws IOException {
        Deque<Object> open = new ArrayDeque<>(); // the objects and arrays being filled, innermost first
        Deque<String> names = new ArrayDeque<>(); // for each of them, its name in the enclosing object
        String name = "";
        for (JsonToken t = p.currentToken(); ; t = p.nextToken()) {
            if (t == null) {
                throw new JsonParseException(p, "unexpected end of the JSON text");
            }
            Object value;
            switch (t) {
                case FIELD_NAME:
                    name = p.currentName();
                    continue;
                case START_OBJECT:
                    open.push(new LinkedHashMap<String, Object>());
                    names.push(name);
                    continue;
                case START_ARRAY:
                    open.push(new ArrayList<Object>());
                    names.push(name);
                    continue;
                case END_OBJECT:
                case END_ARRAY:
                    value = open.pop();
                    name = names.pop();
                    break;
                case VALUE_STRING:
                    value = p.getText();
                    break;
                case VALUE_NUMBER_INT:
                    value = p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue()
                            : (Object) p.getLongValue();
                    break;
                case VALUE_NUMBER_FLOAT:
                    value = decimal(p);
                    break;
                case VALUE_TRUE:
                    value = Boolean.TRUE;
                    break;
                case VALUE_FALSE:
                    value = Boolean.FALSE;
                    break;
                case VALUE_NULL:
                    value = null;
                    break;
                default:
                    throw new JsonParseException(p, "unexpected JSON token " + t);
            }
            Object parent = open.peek();
            if (parent == null) {
                return value;
            }
            if (parent instanceof Map) {
                ((Map<String, Object>) parent).put(name, value);
            } else {
                ((List<Object>) parent).add(value);
            }
        }
    }

    private static Object decimal(JsonParser p) throws IOException {
        String text = p.getText();
        BigDecimal exact = new BigDecimal(text);
        double d = Double.parseDouble(text);
        if (Double.isFinite(d) && new BigDecimal(Double.toString(d)).compareTo(exact) == 0) {
            return d;
        }
        if (Math.abs((long) exact.scale()) > MAX_EXPONENT) {
            throw new JsonParseException(p, "the number " + text + " is out of range");
        }
        return exact;
    }
}
