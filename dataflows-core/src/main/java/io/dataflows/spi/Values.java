package io.dataflows.spi;

import io.dataflows.internal.expr.Php;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;

/**
 * The value semantics expressions use, for step types that compare or print values the same way: PHP 8 loose
 * equality and ordering ({@code '1' == 1}, numeric strings compare as numbers, other strings as text), PHP
 * truthiness ({@code false}, {@code null}, {@code 0}, {@code ''}, {@code '0'}, empty lists and maps are false) and
 * PHP's conversion to text ({@code true} is {@code "1"}, {@code 1.0} is {@code "1"}, lists and maps as JSON).
 */
public final class Values {

    /** Times as runs see them: ISO-8601 in UTC with three digits of milliseconds. */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Values() {}

    /**
     * A time as runs see times ({@code run.startedat}, an event's {@code publishedat}, a cron run's
     * {@code run.trigger.scheduledat}): ISO-8601 in UTC, always with three digits of milliseconds,
     * {@code 2026-11-29T22:12:52.100Z}.
     */
    public static String timestamp(Instant time) {
        return TIMESTAMP.format(time);
    }

    /** PHP truthiness of a value, as conditions use it ({@code docs/semantics.md}, "Truthiness of values"). */
    public static boolean truthy(Object value) {
        return Php.truthy(value);
    }

    /** The value as text, as an expression would interpolate it. */
    public static String text(Object value) {
        return Php.text(value);
    }

    /** PHP 8 {@code ==}. */
    public static boolean looseEquals(Object a, Object b) {
        return Php.looseEquals(a, b);
    }

    /**
     * PHP 8 {@code <=>}: negative, zero or positive.
     *
     * @throws io.dataflows.ExpressionException when the values cannot be ordered
     */
    public static int compare(Object a, Object b) {
        return Php.compare(a, b);
    }

    /** The number a PHP numeric string stands for (a Long or Double), or null when the text is not numeric. */
    public static @Nullable Number parseNumber(String text) {
        return Php.parseNumeric(text);
    }
}
