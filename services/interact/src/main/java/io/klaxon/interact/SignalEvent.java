package io.klaxon.interact;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.klaxon.domain.signal.AlertSignal;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/**
 * An EventBridge event as a rule target receives it, carrying a bus contract v1 signal in
 * {@code detail}.
 *
 * @param id the EventBridge event id (for logs; the signal's own {@code signalId} identifies redeliveries)
 */
@Serdeable
public record SignalEvent(
        @Nullable String version,
        @Nullable String id,
        @JsonProperty("detail-type") String detailType,
        String source,
        @Nullable String account,
        @Nullable Instant time,
        @Nullable String region,
        @Nullable List<String> resources,
        AlertSignal detail) {
}
