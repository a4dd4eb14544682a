package io.klaxon.deliver.send;

import io.klaxon.deliver.DestinationType;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;

/**
 * Reads a destination's HTTP answer. The China-region robots answer HTTP 200 for their own errors,
 * with a code in the body, so the status alone does not say whether a message was taken.
 */
public final class Answers {

    /** DingTalk "send too fast" (130101), WeCom "api freq out of limit" (45009), Feishu rate limits. */
    private static final Set<Long> VENDOR_TOO_FAST = Set.of(130101L, 45009L, 9499L, 11232L);

    private final JsonMapper json;

    public Answers(JsonMapper json) {
        this.json = json;
    }

    public Answer read(DestinationType type, int status, @Nullable String retryAfter, String body, Instant now) {
        if (status == 429 || status >= 500) {
            return new Answer.Retry("HTTP " + status, retryAfter(retryAfter, now));
        }
        if (status >= 400) {
            return new Answer.Refused("HTTP " + status);
        }
        if (status < 200 || status >= 300) {
            return new Answer.Retry("HTTP " + status, null);
        }
        Long code = vendorCode(type, body);
        if (code == null || code == 0) {
            return new Answer.Delivered(status);
        }
        return VENDOR_TOO_FAST.contains(code)
                ? new Answer.Retry(type.wire() + " error " + code, null)
                : new Answer.Refused(type.wire() + " error " + code);
    }

    /** The error code in a 200 body, for the vendors that put one there; null: none to read. */
    @Nullable
    private Long vendorCode(DestinationType type, String body) {
        String field = switch (type) {
            case DINGTALK, WECOM -> "errcode";
            case FEISHU -> "code";
            default -> null;
        };
        if (field == null || body == null || body.isBlank()) {
            return null;
        }
        try {
            Map<String, Object> parsed = json.readValue(body, Argument.mapOf(String.class, Object.class));
            // Older Feishu endpoints answer StatusCode instead of code.
            Object value = parsed.containsKey(field) ? parsed.get(field) : parsed.get("StatusCode");
            return value instanceof Number n ? n.longValue() : null;
        } catch (IOException | RuntimeException notJson) {
            return null;
        }
    }

    /** {@code Retry-After} as seconds or an HTTP date (RFC 9110); null when absent or unreadable. */
    @Nullable
    static Duration retryAfter(@Nullable String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
