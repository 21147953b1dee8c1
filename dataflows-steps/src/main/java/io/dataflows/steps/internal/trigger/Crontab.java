package io.dataflows.steps.internal.trigger;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The schedule of a {@code trigger_cron} step as its config gives it: the five crontab fields {@code minute},
 * {@code hour}, {@code day}, {@code month} and {@code dayofweek} (each {@code *} when absent), or the five in one
 * {@code schedule} text, never both; and its {@code timezone}. Read the same way by validation and by the scheduler.
 * Every field is checked by cron-utils, alone, so that a problem names the field.
 */
final class Crontab {

    /** The five fields, in crontab order. */
    static final List<String> FIELDS = List.of("minute", "hour", "day", "month", "dayofweek");

    /** The message of any invalid schedule, on the key {@code crontab} as tool_dataflows reports it. */
    static final String INVALID = "Schedule configuration is invalid.";

    static final String BOTH = "Give either 'schedule' or the five fields minute, hour, day, month and dayofweek, "
            + "not both.";

    /** Longer fields are refused before they are parsed. */
    static final int MAX_FIELD_LENGTH = 100;

    static final int MAX_SCHEDULE_LENGTH = 5 * MAX_FIELD_LENGTH + 4;

    /** A problem with the schedule: the config key it is about, and what is wrong. */
    record Problem(String field, String message) {}

    /** What the config says: the five-field expression, or null with the problems. */
    record Reading(String expression, List<Problem> problems) {}

    private Crontab() {}

    /** Reads the schedule of {@code config} (values of the fields that hold expressions must be evaluated). */
    static Reading read(Map<String, ?> config) {
        List<Problem> problems = new ArrayList<>();
        Object schedule = config.get("schedule");
        boolean hasSchedule = isGiven(schedule);
        List<String> given = new ArrayList<>();
        for (String f : FIELDS) {
            if (isGiven(config.get(f))) {
                given.add(f);
            }
        }
        if (hasSchedule && !given.isEmpty()) {
            problems.add(new Problem("schedule", BOTH));
            return new Reading(null, problems);
        }
        if (hasSchedule) {
            String text = schedule instanceof String ? String.join(" ", ((String) schedule).trim().split("\\s+"))
                    : null;
            String reason = text == null ? "it must be text" : text.length() > MAX_SCHEDULE_LENGTH
                    ? "it is longer than " + MAX_SCHEDULE_LENGTH + " characters" : check(text);
            if (reason != null) {
                problems.add(new Problem("crontab", INVALID));
                problems.add(new Problem("schedule", "Config 'schedule' is invalid: " + sentence(reason)));
                return new Reading(null, problems);
            }
            return new Reading(text, problems);
        }
        List<String> parts = new ArrayList<>();
        List<Problem> fieldProblems = new ArrayList<>();
        for (int i = 0; i < FIELDS.size(); i++) {
            String name = FIELDS.get(i);
            Object v = config.get(name);
            String text = isGiven(v) ? fieldText(v) : "*";
            String reason;
            if (text == null) {
                reason = "it must be text or a whole number";
            } else if (text.length() > MAX_FIELD_LENGTH) {
                reason = "it is longer than " + MAX_FIELD_LENGTH + " characters";
            } else if (text.isEmpty() || text.chars().anyMatch(Character::isWhitespace)) {
                reason = "it must be one crontab field, without spaces";
            } else {
                reason = check(alone(i, text));
            }
            if (reason != null) {
                fieldProblems.add(new Problem(name, "Config '" + name + "' is invalid: " + sentence(reason)));
            }
            parts.add(text);
        }
        if (!fieldProblems.isEmpty()) {
            problems.add(new Problem("crontab", INVALID));
            problems.addAll(fieldProblems);
            return new Reading(null, problems);
        }
        return new Reading(String.join(" ", parts), problems);
    }

    /** The zone the {@code timezone} value names; {@code fallback} when it is absent. */
    static ZoneId zone(Object value, ZoneId fallback) {
        if (!isGiven(value)) {
            return fallback;
        }
        String text = value instanceof String ? ((String) value).trim() : null;
        try {
            if (text != null && text.length() <= MAX_FIELD_LENGTH) {
                return ZoneId.of(text);
            }
        } catch (DateTimeException e) {
            // reported below
        }
        throw new IllegalArgumentException(badZone(value));
    }

    static String badZone(Object value) {
        String shown = String.valueOf(value);
        return "Config 'timezone' is invalid: '" + (shown.length() > MAX_FIELD_LENGTH
                ? shown.substring(0, MAX_FIELD_LENGTH) + "…" : shown)
                + "' is not a time zone. Give an IANA time zone id such as Europe/Berlin, or UTC.";
    }

    /** Absent: null or empty text. */
    static boolean isGiven(Object v) {
        return v != null && !(v instanceof String && ((String) v).isBlank());
    }

    private static String fieldText(Object v) {
        if (v instanceof String) {
            return ((String) v).trim();
        }
        if (v instanceof Long || v instanceof Integer) {
            return v.toString();
        }
        return null;
    }

    private static String sentence(String reason) {
        return reason.endsWith(".") ? reason : reason + ".";
    }

    /** The expression with {@code text} at position {@code index} and {@code *} elsewhere. */
    private static String alone(int index, String text) {
        List<String> parts = new ArrayList<>(List.of("*", "*", "*", "*", "*"));
        parts.set(index, text);
        return String.join(" ", parts);
    }

    /** Why cron-utils refuses {@code expression}, or null when it accepts it. */
    private static String check(String expression) {
        try {
            CrontabSchedule.parseCron(expression);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
