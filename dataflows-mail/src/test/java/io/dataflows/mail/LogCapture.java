package io.dataflows.mail;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Collects what is logged under a logger while open, at the levels logback-test.xml sets (DEBUG for
 * {@code io.dataflows.mail}); it never changes a level, which classes running at the same time would see. Test
 * classes run in parallel, so a test filters the lines by what it owns (its dataflow's name, its addresses) or looks
 * for text only it could produce.
 */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final Logger logger;
    private final List<ILoggingEvent> events = Collections.synchronizedList(new ArrayList<>());

    private LogCapture(String name) {
        logger = (Logger) LoggerFactory.getLogger(name);
        setContext(logger.getLoggerContext());
        start();
        logger.addAppender(this);
    }

    /** Captures {@code name} and the loggers under it ({@code Logger.ROOT_LOGGER_NAME} for everything). */
    static LogCapture of(String name) {
        return new LogCapture(name);
    }

    @Override
    protected void append(ILoggingEvent event) {
        events.add(event);
    }

    /** The formatted messages with their level and, if any, the messages of the exception and its causes. */
    List<String> lines() {
        synchronized (events) {
            List<String> out = new ArrayList<>();
            for (ILoggingEvent e : events) {
                StringBuilder sb = new StringBuilder(e.getLevel() + " " + e.getFormattedMessage());
                for (var t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                    sb.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
                }
                out.add(sb.toString());
            }
            return out;
        }
    }

    /** The lines that contain {@code text}. */
    List<String> lines(String text) {
        return lines().stream().filter(l -> l.contains(text)).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        stop();
    }
}
