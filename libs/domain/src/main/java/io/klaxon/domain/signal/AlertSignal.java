package io.klaxon.domain.signal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The canonical alert signal: the {@code detail} of an "Alert Fired" or "Alert Recovered" event
 * (bus contract v1, see {@code docs/design.md} and {@code schemas/alert-signal.v1.json}).
 *
 * @param alertKey   stable id of the underlying problem, the same for FIRING and RECOVERED
 * @param signalId   unique per delivered source event; redeliveries share it
 * @param title      one line, plain text, at most {@link #MAX_TITLE} characters
 * @param summary    plain text, never pre-escaped for any channel
 * @param region     a region code such as {@code us-east-1}, never a display name; null when unknown
 * @param occurredAt time of the state change at the source
 * @param labels     routing labels, kept as a {@link SignalLabels}: unmodifiable, in the order given
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AlertSignal(
        String schemaVersion,
        String alertKey,
        String signalId,
        SignalStatus status,
        Severity severity,
        String title,
        String summary,
        String sourceKind,
        @Nullable String account,
        @Nullable String region,
        List<String> resources,
        Instant occurredAt,
        List<Link> links,
        Map<String, String> labels) {

    public static final int MAX_TITLE = 150;

    public AlertSignal {
        resources = resources == null ? List.of() : List.copyOf(resources);
        links = links == null ? List.of() : List.copyOf(links);
        // Unmodifiable and in the order given; a builder's SignalLabels is kept as it is, not copied again.
        labels = SignalLabels.copyOf(labels == null ? Map.of() : labels);
        summary = summary == null ? "" : summary;
    }
}
