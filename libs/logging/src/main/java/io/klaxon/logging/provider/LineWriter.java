package io.klaxon.logging.provider;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.spi.MDCAdapter;

/**
 * Renders a line and writes it to standard output in one call, so lines from concurrent threads
 * never interleave. {@code System.out} is looked up per line, not kept: a test (or a tool) that
 * replaces it sees every line.
 */
final class LineWriter {

    /** The MDC keys a line carries; nothing else from the MDC is written. */
    static final String REQUEST_ID = "requestId";
    static final String ALERT_ID = "alertId";
    static final String ALERT_KEY = "alertKey";

    private final Layout layout;
    private final MDCAdapter mdc;

    LineWriter(Layout layout, MDCAdapter mdc) {
        this.layout = layout;
        this.mdc = mdc;
    }

    void write(Level level, String logger, String message, List<KeyValuePair> keyValues, Throwable error) {
        LogLine line = new LogLine(Instant.now(), level, logger, message,
                mdc.get(REQUEST_ID), mdc.get(ALERT_ID), mdc.get(ALERT_KEY), keyValues, error);
        StringBuilder out = new StringBuilder(256);
        layout.append(out, line);
        out.append('\n');
        byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
        PrintStream stdout = System.out;
        stdout.write(bytes, 0, bytes.length);
        stdout.flush();
    }
}
