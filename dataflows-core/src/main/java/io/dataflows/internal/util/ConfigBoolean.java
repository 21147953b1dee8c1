package io.dataflows.internal.util;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * The one reading of a boolean written in configuration: the dataflow's {@code enabled} and
 * {@code concurrencyenabled}, and every step config field of type boolean. Validation accepts exactly the values
 * {@link #parse} reads and the run reads them the same way, so what validates is what runs.
 *
 * <p>True: {@code true}, the number 1, the text {@code true}, {@code 1}, {@code yes}, {@code on}. False:
 * {@code false}, null, the number 0, the text {@code false}, {@code 0}, {@code no}, {@code off} and the empty text.
 * Text is compared ignoring case and surrounding blanks. Anything else is not a boolean. This is deliberately not
 * the truthiness of expression values (where any text but {@code ''} and {@code '0'} is true): in a configuration,
 * {@code enabled: no} means no. docs/config-booleans.md says the same for users.
 */
public final class ConfigBoolean {

    /** The accepted spellings, for messages. */
    public static final String SPELLINGS = "true/false, 1/0, yes/no, on/off or empty for false";

    private ConfigBoolean() {}

    /** The boolean {@code value} spells, or null when it is not one of the accepted spellings. */
    public static Boolean parse(Object value) {
        if (value == null) {
            return Boolean.FALSE;
        }
        if (value instanceof Boolean) {
            return (Boolean) value;
        }
        if (value instanceof BigDecimal) {
            BigDecimal d = (BigDecimal) value;
            return d.signum() == 0 ? Boolean.FALSE : d.compareTo(BigDecimal.ONE) == 0 ? Boolean.TRUE : null;
        }
        if (value instanceof Number) {
            double d = ((Number) value).doubleValue();
            return d == 0 ? Boolean.FALSE : d == 1 ? Boolean.TRUE : null;
        }
        if (value instanceof String) {
            switch (((String) value).strip().toLowerCase(Locale.ROOT)) {
                case "true":
                case "1":
                case "yes":
                case "on":
                    return Boolean.TRUE;
                case "false":
                case "0":
                case "no":
                case "off":
                case "":
                    return Boolean.FALSE;
                default:
                    return null;
            }
        }
        return null;
    }

    /** True when {@code value} is one of the accepted spellings. */
    public static boolean isBoolean(Object value) {
        return parse(value) != null;
    }
}
