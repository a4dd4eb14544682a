package io.klaxon.local;

import static io.klaxon.local.LocalRuntimeEndToEndTest.post;
import static io.klaxon.local.LocalRuntimeFixture.alarm;
import static io.klaxon.local.LocalRuntimeFixture.toOk;
import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.port.AlertStore;
import io.klaxon.slack.testing.SlackStubServer.Arrival;
import io.klaxon.slack.testing.SlackStubServer.Posted;
import io.klaxon.slack.testing.SlackStubServer.Request;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Slack rate-limiting Klaxon (HTTP 429, {@code Retry-After: 3}) while alerts open and resolve, on
 * the local runtime: every function shares the budget in DynamoDB Local, so no call of the limited
 * method reaches that channel before the 3 s are over, and every message still ends in its final
 * state (issue 8, ADR 0013).
 */
class LocalRuntimeSlackPacingTest {

    private static final String CHANNEL = "C0E2E";
    private static final Duration RETRY_AFTER = Duration.ofSeconds(3);
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final int ALERTS = 4;

    // Retries come back within 200 ms instead of seconds: sooner than Retry-After, on purpose.
    @RegisterExtension
    static final LocalRuntimeFixture.Stack STACK = new LocalRuntimeFixture.Stack(
            slack -> LocalRuntimeEndToEndTest.startWith(LocalRuntime.RETRY_INTERVAL_PROPERTY, "200", LocalRuntimeEndToEndTest.config(slack, 3600)));

    @Test
    void slackCalls_shouldWaitOutRetryAfter_andEveryMessageShouldReachItsFinalState_whenSlackAnswers429() throws Exception {
        // GIVEN Slack answers the channel's first chat.postMessage with 429, Retry-After: 3
        STACK.slack().rateLimit("chat.postMessage", CHANNEL, 1, RETRY_AFTER);

        // WHEN one alarm fires and is told 429, then three more fire at once (one first, so that no
        // post is already on its way when the 429 comes back: those could not have known)
        List<String> keys = new ArrayList<>();
        keys.add(fire(0));
        await(() -> Optional.of(STACK.slack().rateLimited()).filter(l -> l.size() == 1));
        for (int i = 1; i < ALERTS; i++) {
            keys.add(fire(i));
        }

        // THEN each gets its message, and no post reached the channel within 3 s of the 429
        AlertStore store = STACK.runtime().alerts();
        List<Alert> open = new ArrayList<>();
        for (String key : keys) {
            open.add(await(() -> store.findOpen(key).filter(Alert::hasMessage)));
        }
        assertThat(STACK.slack().rateLimited()).hasSize(1);
        assertNothingInsideRetryAfter("chat.postMessage");

        // WHEN Slack rate-limits the channel's next chat.update, and every alarm returns to OK (the
        // first one alone until its update is told 429)
        STACK.slack().rateLimit("chat.update", CHANNEL, 1, RETRY_AFTER);
        recover(0);
        await(() -> Optional.of(STACK.slack().rateLimited()).filter(l -> l.size() == 2));
        for (int i = 1; i < ALERTS; i++) {
            recover(i);
        }

        // THEN every alert is resolved and its one message shows it (no buttons left), and no update
        // reached the channel within 3 s of that 429
        for (Alert alert : open) {
            await(() -> store.get(alert.alertId()).filter(a -> a.state() == AlertState.RESOLVED));
            await(() -> lastUpdate(alert.messageTs()).filter(u -> !u.body().contains("klaxon.claim")
                    && !u.body().contains("klaxon.resolve")));
        }
        assertThat(STACK.slack().rateLimited()).hasSize(2);
        assertNothingInsideRetryAfter("chat.update");
        List<Posted> topLevel = STACK.slack().messages(CHANNEL).stream().filter(Posted::topLevel).toList();
        assertThat(topLevel).extracting(LocalRuntimeFixture::alertIdOf)
                .containsExactlyInAnyOrderElementsOf(open.stream().map(Alert::alertId).toList());
    }

    /** Every call of {@code method} to the channel after a 429 of it came at least Retry-After later. */
    private static void assertNothingInsideRetryAfter(String method) {
        for (Arrival limited : STACK.slack().rateLimited()) {
            if (!limited.request().method().equals(method)) {
                continue;
            }
            Instant until = limited.at().plus(RETRY_AFTER);
            List<Arrival> inside = STACK.slack().arrivals(method, CHANNEL).stream()
                    .filter(a -> a.at().isAfter(limited.at()) && a.at().isBefore(until))
                    .toList();
            assertThat(inside).as("%s calls within %s of the 429 at %s", method, RETRY_AFTER, limited.at()).isEmpty();
            assertThat(STACK.slack().arrivals(method, CHANNEL)).as("%s went on after Retry-After", method)
                    .anyMatch(a -> !a.at().isBefore(until));
        }
    }

    private static String fire(int i) throws Exception {
        String firing = firing(i);
        assertThat(post(STACK.runtime(), "/sns", "application/json", firing, null).statusCode()).isEqualTo(200);
        return "arn:aws:cloudwatch:eu-west-1:1234567890:alarm:paced" + i;
    }

    private static void recover(int i) throws Exception {
        String ok = toOk(firing(i).replace("paced-fire-" + i, "paced-ok-" + i)
                .replace("2019-02-15T23:53:45.093+0000", "2019-02-16T00:10:00.000+0000"));
        assertThat(post(STACK.runtime(), "/sns", "application/json", ok, null).statusCode()).isEqualTo(200);
    }

    private static String firing(int i) throws Exception {
        return alarm("paced" + i, "paced-fire-" + i);
    }

    /** The newest edit of the message that Slack took (a 429'd one changed nothing). */
    private static Optional<Request> lastUpdate(String ts) {
        List<Request> refused = STACK.slack().rateLimited().stream().map(Arrival::request).toList();
        List<Request> edits = STACK.slack().requests("chat.update").stream()
                .filter(u -> ts.equals(u.param("ts")) && refused.stream().noneMatch(r -> r == u)).toList();
        return edits.isEmpty() ? Optional.empty() : Optional.of(edits.getLast());
    }

    private static <T> T await(Supplier<Optional<T>> probe) {
        return Polling.await(DEADLINE, probe, () -> "Slack saw " + STACK.slack().requests().stream().map(Request::method).toList()
                + ", 429s " + STACK.slack().rateLimited().size());
    }
}
