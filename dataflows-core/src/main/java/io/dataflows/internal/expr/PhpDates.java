package io.dataflows.internal.expr;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PHP's {@code date()} formats and the commonly used part of {@code strtotime()}. */
final class PhpDates {

    private PhpDates() {}

    static String format(String format, long epochSeconds, ZoneId zone) {
        ZonedDateTime t = Instant.ofEpochSecond(epochSeconds).atZone(zone);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            switch (c) {
                case 'd': sb.append(two(t.getDayOfMonth())); break;
                case 'D': sb.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH)); break;
                case 'j': sb.append(t.getDayOfMonth()); break;
                case 'l': sb.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH)); break;
                case 'N': sb.append(t.getDayOfWeek().getValue()); break;
                case 'S': sb.append(ordinalSuffix(t.getDayOfMonth())); break;
                case 'w': sb.append(t.getDayOfWeek().getValue() % 7); break;
                case 'z': sb.append(t.getDayOfYear() - 1); break;
                case 'W': sb.append(two(t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR))); break;
                case 'F': sb.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH)); break;
                case 'm': sb.append(two(t.getMonthValue())); break;
                case 'M': sb.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH)); break;
                case 'n': sb.append(t.getMonthValue()); break;
                case 't': sb.append(t.toLocalDate().lengthOfMonth()); break;
                case 'L': sb.append(t.toLocalDate().isLeapYear() ? 1 : 0); break;
                case 'o': sb.append(t.get(IsoFields.WEEK_BASED_YEAR)); break;
                case 'Y': sb.append(t.getYear()); break;
                case 'y': sb.append(two(Math.floorMod(t.getYear(), 100))); break;
                case 'a': sb.append(t.getHour() < 12 ? "am" : "pm"); break;
                case 'A': sb.append(t.getHour() < 12 ? "AM" : "PM"); break;
                case 'g': sb.append(t.getHour() % 12 == 0 ? 12 : t.getHour() % 12); break;
                case 'G': sb.append(t.getHour()); break;
                case 'h': sb.append(two(t.getHour() % 12 == 0 ? 12 : t.getHour() % 12)); break;
                case 'H': sb.append(two(t.getHour())); break;
                case 'i': sb.append(two(t.getMinute())); break;
                case 's': sb.append(two(t.getSecond())); break;
                case 'u': sb.append("000000"); break;
                case 'v': sb.append("000"); break;
                case 'e': sb.append(zone.getId()); break;
                case 'I': sb.append(zone.getRules().isDaylightSavings(t.toInstant()) ? 1 : 0); break;
                case 'O': sb.append(offset(t.getOffset(), false)); break;
                case 'P': sb.append(offset(t.getOffset(), true)); break;
                case 'p': sb.append(t.getOffset().getTotalSeconds() == 0 ? "Z" : offset(t.getOffset(), true)); break;
                case 'T': sb.append(t.getZone().getDisplayName(TextStyle.SHORT, Locale.ENGLISH)); break;
                case 'Z': sb.append(t.getOffset().getTotalSeconds()); break;
                case 'c': sb.append(format("Y-m-d\\TH:i:sP", epochSeconds, zone)); break;
                case 'r': sb.append(format("D, d M Y H:i:s O", epochSeconds, zone)); break;
                case 'U': sb.append(epochSeconds); break;
                case '\\':
                    if (i + 1 < format.length()) {
                        sb.append(format.charAt(++i));
                    }
                    break;
                default: sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String two(int v) {
        return v < 10 ? "0" + v : Integer.toString(v);
    }

    private static String ordinalSuffix(int day) {
        if (day >= 11 && day <= 13) {
            return "th";
        }
        switch (day % 10) {
            case 1: return "st";
            case 2: return "nd";
            case 3: return "rd";
            default: return "th";
        }
    }

    private static String offset(ZoneOffset offset, boolean colon) {
        int total = offset.getTotalSeconds();
        int abs = Math.abs(total);
        return (total < 0 ? "-" : "+") + two(abs / 3600) + (colon ? ":" : "") + two((abs / 60) % 60);
    }

    private static final Pattern RELATIVE = Pattern.compile(
            "([+-]?\\s*\\d+|next|last|a|an)\\s*(sec|secs|second|seconds|min|mins|minute|minutes|hour|hours|day|days"
                    + "|week|weeks|fortnight|fortnights|month|months|year|years)\\b(\\s+ago)?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DATE = Pattern.compile(
            "^(\\d{4})[-/](\\d{1,2})[-/](\\d{1,2})(?:[Tt ]+(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d+))?)?"
                    + "\\s*(z|[+-]\\d{2}:?\\d{2})?)?");

    /** Seconds since the epoch, or {@code Boolean.FALSE} when the text is not understood (as PHP). */
    static Object strtotime(String text, long nowSeconds, ZoneId zone) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.isEmpty()) {
            return Boolean.FALSE;
        }
        if (s.startsWith("@")) {
            try {
                return Long.parseLong(s.substring(1).trim());
            } catch (NumberFormatException e) {
                return Boolean.FALSE;
            }
        }
        ZonedDateTime base = Instant.ofEpochSecond(nowSeconds).atZone(zone);
        Matcher date = DATE.matcher(s);
        if (date.find()) {
            try {
                LocalDate d = LocalDate.of(Integer.parseInt(date.group(1)), Integer.parseInt(date.group(2)),
                        Integer.parseInt(date.group(3)));
                LocalTime time = date.group(4) == null ? LocalTime.MIDNIGHT
                        : LocalTime.of(Integer.parseInt(date.group(4)), Integer.parseInt(date.group(5)),
                                date.group(6) == null ? 0 : Integer.parseInt(date.group(6)));
                ZoneId z = zone;
                if (date.group(8) != null) {
                    z = date.group(8).equals("z") ? ZoneOffset.UTC : ZoneOffset.of(normaliseOffset(date.group(8)));
                }
                base = LocalDateTime.of(d, time).atZone(z);
            } catch (RuntimeException e) {
                return Boolean.FALSE;
            }
            s = s.substring(date.end()).trim();
        } else {
            String[] words = {"now", "today", "midnight", "noon", "tomorrow", "yesterday"};
            boolean matched = true;
            while (matched) {
                matched = false;
                for (String w : words) {
                    if (s.startsWith(w) && (s.length() == w.length() || !Character.isLetter(s.charAt(w.length())))) {
                        base = applyWord(w, base);
                        s = s.substring(w.length()).trim();
                        matched = true;
                    }
                }
            }
        }
        int pos = 0;
        Matcher m = RELATIVE.matcher(s);
        while (pos < s.length()) {
            if (!m.find(pos) || m.start() != pos) {
                return Boolean.FALSE;
            }
            String amount = m.group(1).replace(" ", "");
            long n = amount.equals("next") || amount.equals("a") || amount.equals("an") ? 1
                    : amount.equals("last") ? -1 : Long.parseLong(amount.startsWith("+") ? amount.substring(1) : amount);
            if (m.group(3) != null) {
                n = -n;
            }
            base = plus(base, n, m.group(2));
            pos = m.end();
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }
        return base.toEpochSecond();
    }

    private static String normaliseOffset(String o) {
        return o.length() == 5 ? o.substring(0, 3) + ":" + o.substring(3) : o;
    }

    private static ZonedDateTime applyWord(String w, ZonedDateTime t) {
        switch (w) {
            case "today":
            case "midnight":
                return t.truncatedTo(ChronoUnit.DAYS);
            case "noon":
                return t.truncatedTo(ChronoUnit.DAYS).withHour(12);
            case "tomorrow":
                return t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
            case "yesterday":
                return t.truncatedTo(ChronoUnit.DAYS).minusDays(1);
            default:
                return t;
        }
    }

    private static ZonedDateTime plus(ZonedDateTime t, long n, String unit) {
        String u = unit.toLowerCase(Locale.ROOT);
        if (u.startsWith("sec")) {
            return t.plusSeconds(n);
        }
        if (u.startsWith("min")) {
            return t.plusMinutes(n);
        }
        if (u.startsWith("hour")) {
            return t.plusHours(n);
        }
        if (u.startsWith("day")) {
            return t.plusDays(n);
        }
        if (u.startsWith("fortnight")) {
            return t.plusWeeks(2 * n);
        }
        if (u.startsWith("week")) {
            return t.plusWeeks(n);
        }
        if (u.startsWith("month")) {
            return t.plusMonths(n);
        }
        return t.plusYears(n);
    }

}
