package io.klaxon.logging.provider;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;

/**
 * One named logger. Its threshold is fixed when it is created (settings never change after
 * start-up), so a disabled call costs one comparison. {@link AbstractLogger} has already split a
 * trailing throwable from the arguments when {@link #handleNormalizedLoggingCall} runs.
 */
final class LineLogger extends AbstractLogger implements LoggingEventAware {

    private final int threshold;
    private final transient LineWriter writer;

    LineLogger(String name, Level threshold, LineWriter writer) {
        this.name = name;
        this.threshold = threshold.toInt();
        this.writer = writer;
    }

    private boolean enabled(Level level) {
        return level.toInt() >= threshold;
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isTraceEnabled(Marker marker) {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isDebugEnabled(Marker marker) {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isInfoEnabled(Marker marker) {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isWarnEnabled(Marker marker) {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    @Override
    public boolean isErrorEnabled(Marker marker) {
        return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern, Object[] arguments,
                                               Throwable throwable) {
        writer.write(level, name, MessageFormatter.basicArrayFormat(messagePattern, arguments), null, throwable);
    }

    /** The fluent API ({@code log.atInfo().addKeyValue(…)}): key-value pairs become fields. */
    @Override
    public void log(LoggingEvent event) {
        if (!enabled(event.getLevel())) {
            return;
        }
        Object[] arguments = event.getArgumentArray();
        Throwable error = event.getThrowable();
        if (error == null) {
            Throwable candidate = MessageFormatter.getThrowableCandidate(arguments);
            if (candidate != null) {
                error = candidate;
                arguments = MessageFormatter.trimmedCopy(arguments);
            }
        }
        writer.write(event.getLevel(), name, MessageFormatter.basicArrayFormat(event.getMessage(), arguments),
                event.getKeyValuePairs(), error);
    }
}
