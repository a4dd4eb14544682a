package io.klaxon.interact.testing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs test requests the way Slack does — HMAC-SHA256 over {@code v0:<timestamp>:<body>} — written
 * independently of the SDK the production code uses, so the two check each other.
 */
public final class SlackRequestSigner {

    private final String secret;

    public SlackRequestSigner(String secret) {
        this.secret = secret;
    }

    public String signature(String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8));
            return "v0=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The two signature headers for {@code body} sent at {@code at}, named as Slack sends them. */
    public Map<String, String> headers(String body, Instant at) {
        String ts = Long.toString(at.getEpochSecond());
        return Map.of("X-Slack-Request-Timestamp", ts, "X-Slack-Signature", signature(ts, body),
                "Content-Type", "application/x-www-form-urlencoded");
    }
}
