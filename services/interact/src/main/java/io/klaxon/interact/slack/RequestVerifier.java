package io.klaxon.interact.slack;

import com.slack.api.app_backend.SlackSignature;
import io.micronaut.core.annotation.Nullable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;

/**
 * Checks Slack's v0 request signature: HMAC-SHA256 with the app's signing secret over
 * {@code v0:<timestamp>:<raw body>}, a timestamp within five minutes of now, and that the same
 * signed request was not already accepted within those five minutes (a replay).
 *
 * <p>The HMAC comes from the Slack SDK's {@link SlackSignature.Generator}. The SDK's own
 * {@code Verifier} is not used because its window only looks backwards (a timestamp from the future
 * passes), it compares with {@code String.equals} (timing leak) and at debug level it logs the
 * whole body.
 */
public final class RequestVerifier {

    /** Slack's recommended replay window, applied in both directions. */
    public static final Duration WINDOW = Duration.ofMinutes(5);

    /** Why a request was or was not accepted; logged, never shown to the caller. */
    public enum Verdict {
        VALID, NOT_CONFIGURED, MISSING_HEADERS, BAD_TIMESTAMP, OUTSIDE_WINDOW, BAD_SIGNATURE,
        /** Correctly signed, but this very request was already accepted: a replay. */
        REPLAYED;

        public boolean valid() {
            return this == VALID;
        }
    }

    @Nullable
    private final SlackSignature.Generator generator;
    private final Clock clock;
    private final ReplayGuard replays = new ReplayGuard(WINDOW.toSeconds());

    /**
     * @param signingSecret the app's signing secret; when blank every request is refused, so a
     *                      missing setting fails closed instead of opening the endpoint
     */
    public RequestVerifier(@Nullable String signingSecret, Clock clock) {
        this.generator = signingSecret == null || signingSecret.isBlank()
                ? null : new SlackSignature.Generator(signingSecret);
        this.clock = clock;
    }

    public boolean configured() {
        return generator != null;
    }

    /**
     * Verifies a request and, when it is valid, remembers its signature so that the same request
     * is {@link Verdict#REPLAYED} if it comes again within the window.
     *
     * @param timestamp the {@code X-Slack-Request-Timestamp} header (epoch seconds)
     * @param signature the {@code X-Slack-Signature} header ({@code v0=<hex>})
     * @param rawBody   the body exactly as received, before any decoding
     */
    public Verdict verify(@Nullable String timestamp, @Nullable String signature, String rawBody) {
        if (generator == null) {
            return Verdict.NOT_CONFIGURED;
        }
        if (timestamp == null || timestamp.isBlank() || signature == null || signature.isBlank()) {
            return Verdict.MISSING_HEADERS;
        }
        long sentAt;
        try {
            sentAt = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return Verdict.BAD_TIMESTAMP;
        }
        long now = clock.instant().getEpochSecond();
        long skew = Math.abs(now - sentAt);
        if (skew > WINDOW.toSeconds()) {
            return Verdict.OUTSIDE_WINDOW;
        }
        // Sign the header value exactly as sent: Slack signed that string, not a re-formatted number.
        String expected = generator.generate(timestamp, rawBody == null ? "" : rawBody);
        if (expected == null) {
            return Verdict.BAD_SIGNATURE;
        }
        boolean same = MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                signature.trim().getBytes(StandardCharsets.UTF_8));
        if (!same) {
            return Verdict.BAD_SIGNATURE;
        }
        // Only verified signatures are remembered, so a forger cannot fill the memory.
        return replays.firstUse(expected, sentAt, now) ? Verdict.VALID : Verdict.REPLAYED;
    }

    /**
     * Signs a body as Slack would, at the current time of this verifier's clock. Used to prime the
     * verifier before a SnapStart snapshot; never exposed over the wire.
     *
     * @return the timestamp and signature headers, or null when no secret is configured
     */
    @Nullable
    String[] signNow(String rawBody) {
        if (generator == null) {
            return null;
        }
        String ts = Long.toString(clock.instant().getEpochSecond());
        return new String[] {ts, generator.generate(ts, rawBody)};
    }
}
