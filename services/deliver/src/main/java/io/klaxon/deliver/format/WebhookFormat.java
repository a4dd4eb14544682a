package io.klaxon.deliver.format;

import io.klaxon.deliver.Destination;
import io.klaxon.deliver.Notice;
import io.klaxon.deliver.Outbound;
import io.klaxon.deliver.sign.Signatures;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A generic webhook: the bus event as it was on the bus, as the body. Signed like Slack signs
 * Klaxon's own requests, so a receiver can check it came from Klaxon and is fresh (README:
 * "Destinations" shows the check, with a 5-minute window). {@code X-Klaxon-Delivery} names the change
 * the event tells ({@link #deliveryId}), for receivers that drop repeats: the same on every retry of
 * one event and for one change put on the bus twice, which arrives under two EventBridge event ids
 * (ADR 0012).
 */
public final class WebhookFormat implements Format {

    @Override
    public Outbound render(Destination destination, Notice notice, Instant now) {
        String body = notice.raw();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("X-Klaxon-Delivery", deliveryId(notice));
        if (destination.secret() != null && !destination.secret().isBlank()) {
            long ts = now.getEpochSecond();
            headers.put("X-Klaxon-Timestamp", Long.toString(ts));
            headers.put("X-Klaxon-Signature", Signatures.webhook(destination.secret(), ts, body));
        }
        return new Outbound(destination.url(), headers, body);
    }

    /**
     * The first 32 hex digits of SHA-256 over {@link Notice#changeKey()}: stable per change, and a header
     * value whatever the alert id in the event holds (it came off the bus, so it is not trusted to be one).
     */
    public static String deliveryId(Notice notice) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(notice.changeKey().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
