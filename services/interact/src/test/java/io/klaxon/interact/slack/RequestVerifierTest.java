package io.klaxon.interact.slack;

import static io.klaxon.interact.testing.InteractWorld.resource;
import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.interact.slack.RequestVerifier.Verdict;
import io.klaxon.interact.testing.InteractWorld;
import io.klaxon.interact.testing.SlackRequestSigner;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Slack's published signing example, and every way a request can fail it. */
class RequestVerifierTest {

    // The published example: docs.slack.dev "Verifying requests from Slack".
    private final Map<String, Object> example = new InteractWorld().read(resource("slack/signing-secret-docs-example.json"));
    private final String secret = (String) example.get("signing_secret");
    private final String timestamp = (String) example.get("timestamp");
    private final String signature = (String) example.get("expected_signature");
    private final String body = resource("slack/slash-command-signing-example-body.txt");
    private final Instant sentAt = Instant.ofEpochSecond(1531420618L);

    private RequestVerifier verifierAt(Instant now) {
        return new RequestVerifier(secret, Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void verify_shouldAccept_whenSlackPublishedExampleIsCheckedAtItsOwnTime() {
        // GIVEN the copied body is the exact raw body of the example
        assertThat(body).isEqualTo(example.get("body"));
        // WHEN
        Verdict verdict = verifierAt(sentAt).verify(timestamp, signature, body);
        // THEN
        assertThat(verdict).isEqualTo(Verdict.VALID);
    }

    @Test
    void testSigner_shouldReproduceSlackPublishedSignature_whenGivenTheExampleInputs() {
        // WHEN the independent test signer signs the example
        String signed = new SlackRequestSigner(secret).signature(timestamp, body);
        // THEN it matches the published value, so tests signed with it are signed for real
        assertThat(signed).isEqualTo(signature);
    }

    @Test
    void verify_shouldCallItAReplay_whenTheSameSignedRequestComesAgainWithinTheWindow() {
        // GIVEN a verifier that accepted the example once
        RequestVerifier verifier = verifierAt(sentAt);
        assertThat(verifier.verify(timestamp, signature, body)).isEqualTo(Verdict.VALID);
        // WHEN / THEN the same request again, even with the header padded, is a replay
        assertThat(verifier.verify(timestamp, signature, body)).isEqualTo(Verdict.REPLAYED);
        assertThat(verifier.verify(timestamp, " " + signature + " ", body)).isEqualTo(Verdict.REPLAYED);
    }

    @Test
    void verify_shouldNotRememberARejectedRequest_whenItsSignatureIsWrong() {
        RequestVerifier verifier = verifierAt(sentAt);
        assertThat(verifier.verify(timestamp, "v0=" + "0".repeat(64), body)).isEqualTo(Verdict.BAD_SIGNATURE);
        assertThat(verifier.verify(timestamp, signature, body)).isEqualTo(Verdict.VALID);
    }

    @Test
    void verify_shouldReject_whenBodyWasTampered() {
        String tampered = body.replace("user_name=roadrunner", "user_name=coyote");
        assertThat(verifierAt(sentAt).verify(timestamp, signature, tampered)).isEqualTo(Verdict.BAD_SIGNATURE);
    }

    @Test
    void verify_shouldReject_whenSignedWithAnotherSecret() {
        String forged = new SlackRequestSigner("not-the-signing-secret").signature(timestamp, body);
        assertThat(verifierAt(sentAt).verify(timestamp, forged, body)).isEqualTo(Verdict.BAD_SIGNATURE);
    }

    @Test
    void verify_shouldReject_whenTimestampWasChangedAfterSigning() {
        String later = Long.toString(1531420618L + 10);
        assertThat(verifierAt(sentAt).verify(later, signature, body)).isEqualTo(Verdict.BAD_SIGNATURE);
    }

    @Test
    void verify_shouldReject_whenTimestampHeaderIsMissing() {
        assertThat(verifierAt(sentAt).verify(null, signature, body)).isEqualTo(Verdict.MISSING_HEADERS);
    }

    @Test
    void verify_shouldReject_whenSignatureHeaderIsMissing() {
        assertThat(verifierAt(sentAt).verify(timestamp, null, body)).isEqualTo(Verdict.MISSING_HEADERS);
        assertThat(verifierAt(sentAt).verify(timestamp, "", body)).isEqualTo(Verdict.MISSING_HEADERS);
    }

    @Test
    void verify_shouldReject_whenRequestIsOlderThanFiveMinutes() {
        assertThat(verifierAt(sentAt.plusSeconds(301)).verify(timestamp, signature, body))
                .isEqualTo(Verdict.OUTSIDE_WINDOW);
    }

    @Test
    void verify_shouldReject_whenTimestampIsMoreThanFiveMinutesAhead() {
        // The SDK's own verifier lets future timestamps through; a replay window needs both sides.
        assertThat(verifierAt(sentAt.minusSeconds(301)).verify(timestamp, signature, body))
                .isEqualTo(Verdict.OUTSIDE_WINDOW);
    }

    @Test
    void verify_shouldAccept_whenClockSkewIsWithinFiveMinutesEitherWay() {
        assertThat(verifierAt(sentAt.plusSeconds(300)).verify(timestamp, signature, body)).isEqualTo(Verdict.VALID);
        assertThat(verifierAt(sentAt.minusSeconds(300)).verify(timestamp, signature, body)).isEqualTo(Verdict.VALID);
    }

    @Test
    void verify_shouldReject_whenTimestampIsNotANumber() {
        assertThat(verifierAt(sentAt).verify("yesterday", signature, body)).isEqualTo(Verdict.BAD_TIMESTAMP);
    }

    @Test
    void verify_shouldRefuseEverything_whenNoSecretIsConfigured() {
        var unconfigured = new RequestVerifier("  ", Clock.fixed(sentAt, ZoneOffset.UTC));
        assertThat(unconfigured.configured()).isFalse();
        assertThat(unconfigured.verify(timestamp, signature, body)).isEqualTo(Verdict.NOT_CONFIGURED);
    }
}
