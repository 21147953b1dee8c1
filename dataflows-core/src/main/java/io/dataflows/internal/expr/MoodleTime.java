package io.dataflows.internal.expr;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.time.temporal.IsoFields;
import java.time.temporal.WeekFields;
import java.util.Locale;

/**
 * {@code format_time()} and {@code userdate()}, the two Moodle time functions flows written for tool_dataflows call:
 * a duration in words ({@code 2 days 3 hours}) and a timestamp as a date in the host's zone and language, with
 * Moodle's default format ({@code Thursday, 3 December 2026, 2:29 AM}) or a {@code strftime()} format.
 */
final class MoodleTime {

    private static final long MINUTE = 60;
    private static final long HOUR = 3600;
    private static final long DAY = 86_400;
    private static final long YEAR = 365 * DAY;

    /** Moodle's default {@code userdate()} format (its language pack's {@code strftimedaydatetime}). */
    static final String DEFAULT_FORMAT = "%A, %d %B %Y, %I:%M %p";

    private MoodleTime() {}

    /**
     * A duration in seconds as Moodle writes it: the two largest non-zero units of years, days, hours, minutes and
     * seconds ({@code 1 year 2 days}, {@code 3 hours 1 min}, {@code 5 secs}), or {@code now} for zero. The sign is
     * dropped; fractions of seconds are kept as PHP prints them.
     */
    static String formatTime(double totalSeconds) {
        double total = Math.abs(totalSeconds);
        double years = Math.floor(total / YEAR);
        double days = Math.floor((total - years * YEAR) / DAY);
        // Hours count from what is left after whole days of the total, as Moodle computes it; with years the hours
        // are never shown, so the result is the same.
        double remainder = total - days * DAY;
        double hours = Math.floor(remainder / HOUR);
        remainder -= hours * HOUR;
        double mins = Math.floor(remainder / MINUTE);
        double secs = remainder - mins * MINUTE;
        String y = part(years, "year", "years");
        String d = part(days, "day", "days");
        String h = part(hours, "hour", "hours");
        String m = part(mins, "min", "mins");
        String s = part(secs, "sec", "secs");
        if (years != 0) {
            return (y + " " + d).strip();
        }
        if (days != 0) {
            return (d + " " + h).strip();
        }
        if (hours != 0) {
            return (h + " " + m).strip();
        }
        if (mins != 0) {
            return (m + " " + s).strip();
        }
        if (secs != 0) {
            return s;
        }
        return "now";
    }

    private static String part(double n, String one, String many) {
        return n == 0 ? "" : Php.doubleText(n) + " " + (n == 1 ? one : many);
    }

    /**
     * A timestamp as Moodle's {@code userdate()} shows it: the {@code strftime()} {@code format} (Moodle's default
     * when empty) in {@code zone}, with day names, month names and AM/PM in {@code locale}. With {@code fixDay},
     * {@code %d} loses its leading zero; with {@code fixHour}, {@code %I} does.
     */
    static String userdate(long epochSeconds, String format, ZoneId zone, Locale locale, boolean fixDay,
            boolean fixHour) {
        String f = format == null || format.isEmpty() ? DEFAULT_FORMAT : format;
        return strftime(f, Instant.ofEpochSecond(epochSeconds).atZone(zone), locale, fixDay, fixHour);
    }

    /** The conversions of C's {@code strftime()} that PHP documented; an unknown one is kept as written. */
    static String strftime(String format, ZonedDateTime t, Locale locale, boolean fixDay, boolean fixHour) {
        StringBuilder sb = new StringBuilder(format.length() + 16);
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 == format.length()) {
                sb.append(c);
                continue;
            }
            char k = format.charAt(++i);
            int hour12 = t.getHour() % 12 == 0 ? 12 : t.getHour() % 12;
            switch (k) {
                case 'a': sb.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, locale)); break;
                case 'A': sb.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, locale)); break;
                case 'd': sb.append(fixDay ? String.valueOf(t.getDayOfMonth()) : two(t.getDayOfMonth())); break;
                case 'e': sb.append(t.getDayOfMonth() < 10 ? " " : "").append(t.getDayOfMonth()); break;
                case 'j': sb.append(String.format(Locale.ROOT, "%03d", t.getDayOfYear())); break;
                case 'u': sb.append(t.getDayOfWeek().getValue()); break;
                case 'w': sb.append(t.getDayOfWeek().getValue() % 7); break;
                case 'U': sb.append(two(t.get(WeekFields.SUNDAY_START.weekOfYear()))); break;
                case 'V': sb.append(two(t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR))); break;
                case 'W': sb.append(two(t.get(WeekFields.of(java.time.DayOfWeek.MONDAY, 7).weekOfYear()))); break;
                case 'b': case 'h': sb.append(t.getMonth().getDisplayName(TextStyle.SHORT, locale)); break;
                case 'B': sb.append(t.getMonth().getDisplayName(TextStyle.FULL, locale)); break;
                case 'm': sb.append(two(t.getMonthValue())); break;
                case 'y': sb.append(two(Math.floorMod(t.getYear(), 100))); break;
                case 'Y': sb.append(t.getYear()); break;
                case 'G': sb.append(t.get(IsoFields.WEEK_BASED_YEAR)); break;
                case 'g': sb.append(two(Math.floorMod(t.get(IsoFields.WEEK_BASED_YEAR), 100))); break;
                case 'H': sb.append(two(t.getHour())); break;
                case 'k': sb.append(t.getHour() < 10 ? " " : "").append(t.getHour()); break;
                case 'I': sb.append(fixHour ? String.valueOf(hour12) : two(hour12)); break;
                case 'l': sb.append(hour12 < 10 ? " " : "").append(hour12); break;
                case 'M': sb.append(two(t.getMinute())); break;
                case 'p': sb.append(t.getHour() < 12 ? "AM" : "PM"); break;
                case 'P': sb.append(t.getHour() < 12 ? "am" : "pm"); break;
                case 'r': sb.append(strftime("%I:%M:%S %p", t, locale, false, false)); break;
                case 'R': sb.append(strftime("%H:%M", t, locale, false, false)); break;
                case 'S': sb.append(two(t.getSecond())); break;
                case 'T': case 'X': sb.append(strftime("%H:%M:%S", t, locale, false, false)); break;
                case 'D': case 'x': sb.append(strftime("%m/%d/%y", t, locale, false, false)); break;
                case 'F': sb.append(strftime("%Y-%m-%d", t, locale, false, false)); break;
                case 'c': sb.append(strftime("%a %b %e %H:%M:%S %Y", t, locale, false, false)); break;
                case 'z': sb.append(PhpDates.format("O", t.toEpochSecond(), t.getZone())); break;
                case 'Z': sb.append(t.getZone().getDisplayName(TextStyle.SHORT, Locale.ENGLISH)); break;
                case 's': sb.append(t.toEpochSecond()); break;
                case 'n': sb.append('\n'); break;
                case 't': sb.append('\t'); break;
                case '%': sb.append('%'); break;
                default: sb.append('%').append(k);
            }
        }
        return sb.toString();
    }

    private static String two(int n) {
        return n < 10 ? "0" + n : String.valueOf(n);
    }
}
