package io.klaxon.deliver.format;

import io.klaxon.deliver.Destination;
import io.klaxon.deliver.Notice;
import io.klaxon.deliver.Outbound;
import io.klaxon.deliver.sign.Signatures;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A generic webhook: the bus event as it was on the bus, as the body. Signed like Slack signs
 * Klaxon's own requests, so a receiver can check it came from Klaxon and is fresh (README:
 * "Destinations" shows the check, with a 5-minute window). {@code X-Klaxon-Delivery} is the
 * EventBridge event id: the same on every retry of one event, for receivers that drop repeats.
 */
public final class WebhookFormat implements Format {

    @Override
    public Outbound render(Destination destination, Notice notice, Instant now) {
        String body = notice.raw();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("X-Klaxon-Delivery", notice.eventId());
        if (destination.secret() != null && !destination.secret().isBlank()) {
            long ts = now.getEpochSecond();
            headers.put("X-Klaxon-Timestamp", Long.toString(ts));
            headers.put("X-Klaxon-Signature", Signatures.webhook(destination.secret(), ts, body));
        }
        return new Outbound(destination.url(), headers, body);
    }
}
