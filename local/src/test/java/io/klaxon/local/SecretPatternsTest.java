package io.klaxon.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SecretPatternsTest {

    private static final String SIGNING_SECRET = "unit-signing-secret";
    private static final SecretPatterns PATTERNS = new SecretPatterns(Set.of(SIGNING_SECRET), runnerTokenLength());

    private static int runnerTokenLength() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("statemachines/local/runtime.mjs"))) {
                return SecretPatterns.taskTokenLength(dir.resolve("statemachines/local/runtime.mjs"));
            }
        }
        throw new IllegalStateException("statemachines/local/runtime.mjs not found");
    }

    /** A task token as the local runner mints one: 48 random bytes, base64url. */
    private static String taskToken() {
        byte[] bytes = new byte[48];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Test
    void taskTokenLength_shouldBeReadFromTheRunner_asItMintsTokens() {
        // GIVEN the runner's source WHEN its token length is read THEN it is that of 48 bytes in base64url
        assertThat(runnerTokenLength()).isEqualTo(64).isEqualTo(taskToken().length());
    }

    @Test
    void findIn_shouldNameEachSecret_whenALineHoldsOne() {
        // GIVEN lines that each leak one kind of secret, as a log line would
        String token = taskToken();
        // WHEN scanned THEN each is found, by kind
        assertThat(PATTERNS.findIn("{\"message\":\"resume taskToken=" + token + "\"}")).containsExactly("a task token");
        assertThat(PATTERNS.findIn("{\"message\":\"auth with xoxb-e2e failed\"}")).containsExactly("a Slack token");
        assertThat(PATTERNS.findIn("socket mode xapp-1-A0-123-abc")).containsExactly("a Slack token");
        assertThat(PATTERNS.findIn("secret=" + SIGNING_SECRET + " token=" + token))
                .containsExactly("a signing secret", "a task token");
    }

    @Test
    void findIn_shouldFindNothing_inWhatLogsLegitimatelyHold() {
        // GIVEN ids, hashes, ARNs (of the secrets too) and long words, none of them secret
        String[] clean = {
            "{\"message\":\"posted\",\"requestId\":\"" + UUID.randomUUID() + "\",\"alertId\":\"" + UUID.randomUUID() + "\"}",
            "arn:aws:secretsmanager:us-east-1:000000000000:secret:klaxon-local/slack-signing-secret-Local1",
            "arn:aws:secretsmanager:us-east-1:000000000000:secret:klaxon-local/slack-bot-token-Local1",
            "sha256=" + "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "alarm " + "A".repeat(64) + " and " + "a".repeat(200),
            "SLACK_SIGNING_SECRET_SECRET_ARN set; the signing secret verifies requests",
            "{\"_aws\":{\"CloudWatchMetrics\":[{\"Namespace\":\"Klaxon\"}]},\"SlackCalls\":1.0}",
        };
        // WHEN scanned THEN nothing is reported
        for (String line : clean) {
            assertThat(PATTERNS.findIn(line)).as(line).isEmpty();
        }
    }

    @Test
    void scanningStream_shouldPassLinesOnAndReportOffendingOnesRedacted_whenASecretIsWritten() {
        // GIVEN the console behind a scanning stream
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        ScanningStream scanned = new ScanningStream(console, PATTERNS);
        String token = taskToken();
        try (PrintStream out = new PrintStream(scanned, true, StandardCharsets.UTF_8)) {
            // WHEN a clean line, a leaking line and an unterminated leaking line are written
            out.println("{\"message\":\"opened\"}");
            out.println("{\"message\":\"parked " + token + "\"}");
            out.print("tail " + SIGNING_SECRET);
        }
        scanned.finish();

        // THEN the console got everything unchanged, and the two leaks are reported without the secrets
        assertThat(console.toString(StandardCharsets.UTF_8)).contains(token).contains(SIGNING_SECRET);
        assertThat(scanned.lines()).isEqualTo(3);
        assertThat(scanned.offending()).isEqualTo(2);
        assertThat(scanned.findings()).containsExactly("a task token: {\"message\":\"parked <task token>\"}",
                "a signing secret: tail <signing secret>");
    }

    @Test
    void signingSecrets_shouldBeTheLocalDefaultAndTheClassesSecretConstants_butNotArns() {
        // GIVEN this class, which declares a signing secret WHEN its secrets are collected
        // THEN they are the local default, the shared end-to-end configuration's and that constant
        assertThat(LogSecretsScan.signingSecrets(SecretPatternsTest.class))
                .containsExactlyInAnyOrder("klaxon-local-signing-secret", "e2e-signing-secret", SIGNING_SECRET);
        // AND a nested class's are its own and its enclosing class's, an ARN named SECRET left out
        assertThat(LogSecretsScan.signingSecrets(WithAnArn.class))
                .containsExactlyInAnyOrder("klaxon-local-signing-secret", "e2e-signing-secret", SIGNING_SECRET);
    }

    private static final class WithAnArn {
        @SuppressWarnings("unused")
        private static final String SECRET = "arn:aws:secretsmanager:us-east-1:000000000000:secret:x";
    }
}
