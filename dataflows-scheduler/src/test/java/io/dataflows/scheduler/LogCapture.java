package io.dataflows.scheduler;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Collects what is logged under a logger (at DEBUG and above) while open. Test classes run in parallel, so a test
 * filters the lines by what it owns (its dataflows' names).
 */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final Logger logger;
    private final Level before;
    private final List<ILoggingEvent> events = Collections.synchronizedList(new ArrayList<>());

    private LogCapture(String name) {
        logger = (Logger) LoggerFactory.getLogger(name);
        before = logger.getLevel();
        setContext(logger.getLoggerContext());
        start();
        logger.addAppender(this);
        logger.setLevel(Level.DEBUG);
    }

    /** Captures {@code name} and the loggers under it. */
    static LogCapture of(String name) {
        return new LogCapture(name);
    }

    @Override
    protected void append(ILoggingEvent event) {
        events.add(event);
    }

    /** The formatted messages, with their level: {@code "WARN Dataflow 'x' is invalid: ..."}. */
    List<String> lines() {
        synchronized (events) {
            return events.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
        }
    }

    /** The lines that contain {@code text}. */
    List<String> lines(String text) {
        return lines().stream().filter(l -> l.contains(text)).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        logger.setLevel(before);
        stop();
    }
}
