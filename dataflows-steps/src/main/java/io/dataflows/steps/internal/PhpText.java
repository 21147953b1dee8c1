package io.dataflows.steps.internal;

import io.dataflows.DataRecord;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.Map;

/**
 * The text of a value as PHP's string conversion gives it, which is also how templates interpolate values: null and
 * false are {@code ''}, true is {@code '1'}, floats with 14 significant digits ({@code 0.1 + 0.2} is {@code 0.3}),
 * lists and maps as compact JSON. Used for CSV fields, log lines and sort keys.
 */
public final class PhpText {

    private PhpText() {}

    /** The text of {@code v}. */
    public static String of(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof String) {
            return (String) v;
        }
        if (v instanceof Boolean) {
            return (Boolean) v ? "1" : "";
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return v.toString();
        }
        if (v instanceof Double || v instanceof Float) {
            return doubleText(((Number) v).doubleValue());
        }
        if (v instanceof BigDecimal) {
            return ((BigDecimal) v).toPlainString();
        }
        if (v instanceof DataRecord || v instanceof Map || v instanceof Collection) {
            return JsonWriter.compact(v);
        }
        return v.toString();
    }

    /** PHP's float to string conversion (precision 14). */
    static String doubleText(double d) {
        if (Double.isNaN(d)) {
            return "NAN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "INF" : "-INF";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        BigDecimal bd = new BigDecimal(d).round(new MathContext(14, RoundingMode.HALF_EVEN)).stripTrailingZeros();
        int exponent = bd.precision() - bd.scale() - 1;
        if (exponent < -5 || exponent >= 15) {
            String m = bd.movePointLeft(exponent).stripTrailingZeros().toPlainString();
            if (!m.contains(".")) {
                m = m + ".0";
            }
            return m + "E" + (exponent < 0 ? "-" : "+") + Math.abs(exponent);
        }
        return bd.toPlainString();
    }
}
