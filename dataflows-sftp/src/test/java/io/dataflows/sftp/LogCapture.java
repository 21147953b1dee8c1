package io.dataflows.sftp;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Collects what the root logger receives (DEBUG and above) while open; tests filter by what they own. */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final Logger logger;
    private final Level before;
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    LogCapture() {
        logger = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        before = logger.getLevel();
        setContext(logger.getLoggerContext());
        start();
        logger.addAppender(this);
        logger.setLevel(Level.DEBUG);
    }

    @Override
    protected void append(ILoggingEvent event) {
        lines.add(event.getLevel() + " " + event.getFormattedMessage()
                + (event.getThrowableProxy() == null ? "" : " " + event.getThrowableProxy().getMessage()));
    }

    String all() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        logger.setLevel(before);
        stop();
    }
}
