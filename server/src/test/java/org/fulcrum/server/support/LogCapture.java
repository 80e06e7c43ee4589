package org.fulcrum.server.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Keeps what the app logs at WARN or above from any thread while open, for tests that a step logs
 * no warning or error; closing it detaches it from the root logger.
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    private LogCapture() {}

    /** Starts keeping warnings and errors logged from now on. */
    public static LogCapture warnings() {
        LogCapture capture = new LogCapture();
        capture.setContext(capture.root.getLoggerContext());
        capture.setName("test-warnings");
        capture.start();
        capture.root.addAppender(capture);
        return capture;
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
            event.prepareForDeferredProcessing();
            events.add(event);
        }
    }

    /** What was kept, one line each: level, logger, message and the cause's message. */
    public List<String> lines() {
        return events.stream()
                .map(e -> e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage()
                        + (e.getThrowableProxy() == null
                                ? ""
                                : ": " + e.getThrowableProxy().getMessage()))
                .toList();
    }

    @Override
    public void close() {
        root.detachAppender(this);
        stop();
    }
}
