package io.dataflows.steps.internal.connector;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * The Monolog (PSR-3) levels of tool_dataflows' log steps, by name or number, and the SLF4J level each maps to:
 * debug 100 → DEBUG; info 200 and notice 250 → INFO; warning 300 → WARN; error 400, critical 500, alert 550 and
 * emergency 600 → ERROR.
 */
enum LogLevel {
    DEBUG(100, Level.DEBUG),
    INFO(200, Level.INFO),
    NOTICE(250, Level.INFO),
    WARNING(300, Level.WARN),
    ERROR(400, Level.ERROR),
    CRITICAL(500, Level.ERROR),
    ALERT(550, Level.ERROR),
    EMERGENCY(600, Level.ERROR);

    private final int monolog;
    private final Level slf4j;

    LogLevel(int monolog, Level slf4j) {
        this.monolog = monolog;
        this.slf4j = slf4j;
    }

    /**
     * The level for a config value: a Monolog number ({@code 200}, {@code '200'}) or name ({@code info},
     * {@code INFO}); null when it is neither.
     */
    static LogLevel of(Object value) {
        if (value instanceof Number) {
            double d = ((Number) value).doubleValue();
            for (LogLevel l : values()) {
                if (l.monolog == d) {
                    return l;
                }
            }
            return null;
        }
        if (!(value instanceof String)) {
            return null;
        }
        String s = ((String) value).trim();
        if (s.matches("\\d{3}")) {
            return of(Integer.parseInt(s));
        }
        String upper = s.toUpperCase(Locale.ROOT);
        for (LogLevel l : values()) {
            if (l.name().equals(upper)) {
                return l;
            }
        }
        return null;
    }

    /** The accepted values, for messages. */
    static String accepted() {
        StringBuilder sb = new StringBuilder();
        for (LogLevel l : values()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(l.name().toLowerCase(Locale.ROOT)).append(" (").append(l.monolog).append(')');
        }
        return sb.toString();
    }

    boolean isEnabled(Logger logger) {
        return logger.isEnabledForLevel(slf4j);
    }

    void log(Logger logger, String message) {
        switch (slf4j) {
            case DEBUG:
                logger.debug("{}", message);
                break;
            case INFO:
                logger.info("{}", message);
                break;
            case WARN:
                logger.warn("{}", message);
                break;
            default:
                logger.error("{}", message);
                break;
        }
    }
}
