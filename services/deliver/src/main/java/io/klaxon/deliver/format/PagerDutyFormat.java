package io.klaxon.deliver.format;

import io.klaxon.deliver.Destination;
import io.klaxon.deliver.Notice;
import io.klaxon.deliver.Outbound;
import io.klaxon.domain.lifecycle.LifecycleEvent;
import io.klaxon.domain.signal.Severity;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PagerDuty Events API v2. One incident per alert occurrence: {@code dedup_key} is the alert id, so
 * trigger (opened, escalated), acknowledge (claimed) and resolve (resolved) all reach the same one.
 * Only a trigger carries a payload; acknowledge and resolve name the incident and nothing else.
 */
public final class PagerDutyFormat implements Format {

    /** PagerDuty's limits: a dedup_key up to 255 characters, a summary up to 1024. */
    private static final int MAX_SUMMARY = 1024;

    @Override
    public Outbound render(Destination destination, Notice notice, Instant now) {
        LifecycleEvent e = notice.event();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("routing_key", destination.routingKey());
        body.put("event_action", action(notice));
        body.put("dedup_key", dedupKey(e));
        if (action(notice).equals("trigger")) {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("summary", summary(e));
            payload.put("source", e.alertKey());
            payload.put("severity", severity(e.severity()));
            payload.put("timestamp", e.at().toString());
            payload.put("component", e.sourceKind());
            if (e.route() != null) {
                payload.put("group", e.route());
            }
            payload.put("class", notice.type().detailType());
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("alertId", e.alertId());
            details.put("state", e.state().name());
            details.put("escalationLevel", e.escalationLevel());
            details.put("refireCount", e.refireCount());
            payload.put("custom_details", details);
            body.put("payload", payload);
            if (!e.links().isEmpty()) {
                body.put("links", e.links().stream().filter(l -> l.url().startsWith("https://"))
                        .map(l -> Map.of("href", l.url(), "text", l.label())).toList());
            }
            body.put("client", "Klaxon");
        }
        return new Outbound(destination.url(), Map.of("Content-Type", "application/json"), Json.write(body));
    }

    /** The incident of one alert occurrence. */
    public static String dedupKey(LifecycleEvent event) {
        return "klaxon-" + event.alertId();
    }

    static String action(Notice notice) {
        return switch (notice.type()) {
            case CLAIMED -> "acknowledge";
            case RESOLVED -> "resolve";
            default -> "trigger";
        };
    }

    static String severity(Severity severity) {
        return switch (severity) {
            case CRITICAL -> "critical";
            case HIGH -> "error";
            case WARNING -> "warning";
            case INFO -> "info";
        };
    }

    private static String summary(LifecycleEvent e) {
        String summary = e.title() == null || e.title().isBlank() ? e.alertKey() : e.title();
        return summary.length() <= MAX_SUMMARY ? summary : summary.substring(0, MAX_SUMMARY - 1) + "…";
    }
}
