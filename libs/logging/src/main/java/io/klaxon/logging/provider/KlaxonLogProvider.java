package io.klaxon.logging.provider;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Klaxon's SLF4J provider (registered in {@code META-INF/services}): one JSON object per line on
 * standard output, which Lambda sends to CloudWatch Logs. Not logback or log4j2, because every
 * alert meets cold functions: start-up here reads three environment variables and nothing else (no
 * configuration file, no reflection, no appender graph). See {@link LogSettings}.
 */
public final class KlaxonLogProvider implements SLF4JServiceProvider {

    /** The SLF4J API generation this provider implements. */
    public static final String REQUESTED_API_VERSION = "2.0.99";

    private final MDCAdapter mdc = new ThreadMdc();
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private volatile ILoggerFactory loggers;

    @Override
    public void initialize() {
        LogSettings settings = LogSettings.from(System.getenv());
        Layout layout = settings.format() == LogSettings.Format.TEXT ? new TextLayout() : new JsonLayout();
        Factory factory = new Factory(settings, new LineWriter(layout, mdc));
        loggers = factory;
        Logger self = factory.getLogger(KlaxonLogProvider.class.getName());
        settings.problems().forEach(self::warn);
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return REQUESTED_API_VERSION;
    }

    private static final class Factory implements ILoggerFactory {
        private final LogSettings settings;
        private final LineWriter writer;
        private final Map<String, Logger> loggers = new ConcurrentHashMap<>();

        Factory(LogSettings settings, LineWriter writer) {
            this.settings = settings;
            this.writer = writer;
        }

        @Override
        public Logger getLogger(String name) {
            return loggers.computeIfAbsent(name, n -> new LineLogger(n, settings.thresholdFor(n), writer));
        }
    }
}
