package io.klaxon.logging.provider;

import java.time.Instant;
import java.util.List;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;

/**
 * One event to write. The context fields come from the MDC; any may be null.
 *
 * @param keyValues pairs from SLF4J's fluent API ({@code addKeyValue}), in call order
 */
record LogLine(Instant time, Level level, String logger, String message,
               String requestId, String alertId, String alertKey,
               List<KeyValuePair> keyValues, Throwable error) {
}
