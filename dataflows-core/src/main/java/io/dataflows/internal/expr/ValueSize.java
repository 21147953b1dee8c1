package io.dataflows.internal.expr;

import io.dataflows.DataRecord;
import io.dataflows.ExpressionException;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;

/**
 * Measures a value as a whole: its items (list items and map entries, nested ones included), its characters of text
 * and its depth. Without recursion, and stopping as soon as a limit is passed, so measuring a value costs no more
 * than the limits however large the value claims to be (a list holding the same list a thousand times is measured
 * as a thousand lists, but never walked further than the limit).
 */
public final class ValueSize {

    /**
     * How deeply lists and maps may nest in a value a variable holds: as deep as JSON reading and writing allow, so
     * that every variable can be written to the state store and read back.
     */
    public static final int MAX_DEPTH = 1000;

    private ValueSize() {}

    /** The number of items in {@code value}, nested ones included; {@code stopAfter + 1} when there are more. */
    static long items(Object value, long stopAfter) {
        long items = 0;
        Deque<Object> pending = new ArrayDeque<>();
        pending.push(value);
        while (!pending.isEmpty() && items <= stopAfter) {
            Collection<?> children = children(pending.pop());
            if (children != null) {
                items += children.size();
                for (Object child : children) {
                    if (isContainer(child)) {
                        pending.push(child);
                    }
                }
            }
        }
        return Math.min(items, stopAfter + 1);
    }

    /**
     * Checks that {@code value} stays within the limits of a variable: at most {@code maxListSize} items and
     * {@code maxStringLength} characters of text in total, and at most {@link #MAX_DEPTH} levels of lists and maps.
     *
     * @param path the variable, for the message; or, with {@code stepVar}, the alias of the step whose variable
     *     {@code stepVar} it is (so that the per-record check of step variables builds no path)
     * @throws ExpressionException naming the variable and the limit when the value is too large
     */
    public static void checkVariable(Object value, ExpressionLimits limits, String path, String stepVar) {
        try {
            check(value, limits);
        } catch (TooLarge e) {
            String variable = stepVar == null ? path : "steps." + path + ".vars." + stepVar;
            throw new ExpressionException("Variable '" + variable + "' would hold " + e.getMessage(), null);
        }
    }

    /** Why a value is too large for a variable; the message completes "would hold ...". */
    private static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLarge(String message) {
            super(message, null, false, false);
        }
    }

    private static void check(Object value, ExpressionLimits limits) {
        if (!isContainer(value)) {
            // The common case, per record for step variables: no walk and no allocation.
            if (value instanceof String && ((String) value).length() > limits.maxStringLength()) {
                throw tooMuchText(limits);
            }
            return;
        }
        long items = 0;
        long chars = 0;
        Deque<Object> pending = new ArrayDeque<>();
        Deque<Integer> depths = new ArrayDeque<>();
        pending.push(value);
        depths.push(0);
        while (!pending.isEmpty()) {
            Object v = pending.pop();
            int depth = depths.pop();
            if (v instanceof String) {
                chars += ((String) v).length();
                if (chars > limits.maxStringLength()) {
                    throw tooMuchText(limits);
                }
                continue;
            }
            Collection<?> children = children(v);
            if (children == null) {
                continue;
            }
            if (depth >= MAX_DEPTH) {
                throw new TooLarge("lists or maps nested more than " + MAX_DEPTH + " levels deep");
            }
            items += children.size();
            if (items > limits.maxListSize()) {
                throw new TooLarge("more than " + limits.maxListSize()
                        + " items of lists and maps in total (maxListSize)");
            }
            if (v instanceof Map) {
                for (Object key : ((Map<?, ?>) v).keySet()) {
                    chars += String.valueOf(key).length();
                }
            }
            for (Object child : children) {
                if (child instanceof String || isContainer(child)) {
                    pending.push(child);
                    depths.push(depth + 1);
                }
            }
        }
    }

    private static TooLarge tooMuchText(ExpressionLimits limits) {
        return new TooLarge("more than " + limits.maxStringLength() + " characters of text in total (maxStringLength)");
    }

    private static boolean isContainer(Object v) {
        return v instanceof Collection || v instanceof Map || v instanceof DataRecord;
    }

    private static Collection<?> children(Object v) {
        if (v instanceof Collection) {
            return (Collection<?>) v;
        }
        if (v instanceof Map) {
            return ((Map<?, ?>) v).values();
        }
        if (v instanceof DataRecord) {
            return ((DataRecord) v).asMap().values();
        }
        return null;
    }
}
