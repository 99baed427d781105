package io.olimpus.server.api;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/** What one logger (and the loggers under it) writes while this is open, at the levels the log is configured for. */
public final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public LogCapture(Class<?> c) { this(c.getName()); }

    /** {@code name}: a logger's name, or {@link org.slf4j.Logger#ROOT_LOGGER_NAME} for everything the server logs. */
    public LogCapture(String name) {
        logger = (Logger) LoggerFactory.getLogger(name);
        appender.start();
        logger.addAppender(appender);
    }

    /** Every line with its stack trace, as an admin reads the log. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        java.util.List<ILoggingEvent> seen;
        synchronized (appender) { seen = java.util.List.copyOf(appender.list); }   // appends hold the appender's lock
        for (ILoggingEvent e : seen) {
            sb.append(e.getFormattedMessage()).append('\n');
            if (e.getThrowableProxy() != null) sb.append(ThrowableProxyUtil.asString(e.getThrowableProxy())).append('\n');
        }
        return sb.toString();
    }

    @Override public void close() { logger.detachAppender(appender); }
}
