package io.dataflows.internal.vars;

import io.dataflows.spi.Values;
import java.time.Instant;
import java.util.Map;

/**
 * The times under {@code states}: expressions see seconds since the epoch with microseconds (a {@code Double}, as
 * PHP's {@code microtime(true)}), so that {@code date('Y-m-d', dataflow.states.processing)} and differences of two
 * states work; exported run states and {@code RunResult} variables show ISO-8601 text with milliseconds.
 */
public final class StateTimes {

    private StateTimes() {}

    /** {@code time} as seconds since the epoch, to the microsecond. */
    public static Double of(Instant time) {
        return time.getEpochSecond() + (time.getNano() / 1_000) / 1e6;
    }

    /** An exported {@code states} map with its times as ISO-8601 text; other values stay as they are. */
    static void toText(Object states) {
        if (!(states instanceof Map)) {
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) states;
        map.replaceAll((label, v) -> v instanceof Double ? text((Double) v) : v);
    }

    private static String text(double seconds) {
        long micros = Math.round(seconds * 1e6);
        return Values.timestamp(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                Math.floorMod(micros, 1_000_000L) * 1_000L));
    }
}
