package io.dataflows.steps.internal.trigger;

/** A whole-number config value of a trigger, as defined or as an expression gave it. */
final class WholeNumber {

    private WholeNumber() {}

    /**
     * {@code value} as a whole number; {@code absent} when it is null or empty text; null when it is not a whole
     * number (a fraction, text that is not digits, a number beyond 18 digits).
     */
    static Long of(Object value, long absent) {
        if (value == null || value instanceof String && ((String) value).isBlank()) {
            return absent;
        }
        if (value instanceof Long || value instanceof Integer) {
            return ((Number) value).longValue();
        }
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e18) {
            return d.longValue();
        }
        if (value instanceof String && ((String) value).trim().matches("[+-]?\\d{1,18}")) {
            return Long.parseLong(((String) value).trim());
        }
        return null;
    }
}
