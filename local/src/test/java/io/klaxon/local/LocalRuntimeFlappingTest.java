package io.klaxon.local;

import static io.klaxon.local.LocalRuntimeEndToEndTest.post;
import static io.klaxon.local.LocalRuntimeFixture.stateChange;
import static io.klaxon.local.LocalRuntimeFixture.alertIdOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.port.AlertStore;
import io.klaxon.slack.testing.SlackStubServer.Posted;
import io.klaxon.slack.testing.SlackStubServer.Request;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A flapping CloudWatch alarm on the local runtime (issue 8): ten state changes, ALARM and OK in
 * turn, one second apart on the alarm's own clock, sent through SNS. Every re-fire comes within the
 * flap window after a recovery resolved the alert automatically (the built-in route auto-resolves),
 * so it reopens the same alert and the same message: one top-level message in all.
 */
class LocalRuntimeFlappingTest {

    private static final String CHANNEL = "C0E2E";
    private static final String KEY = "arn:aws:cloudwatch:eu-west-1:1234567890:alarm:flappy";
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final int FLIPS = 10;

    @RegisterExtension
    static final LocalRuntimeFixture.Stack STACK = new LocalRuntimeFixture.Stack(
            slack -> LocalRuntimeEndToEndTest.startWith(LocalRuntime.RETRY_INTERVAL_PROPERTY, "200", LocalRuntimeEndToEndTest.config(slack, 3600)));

    @Test
    void flappingAlarm_shouldKeepOneMessage_whenItFiresAgainAfterEachAutoResolve() throws Exception {
        // GIVEN an alarm that goes ALARM, OK, ALARM, OK … ten times, one second apart (source time);
        // each change is sent once the previous one has reached the store, as SNS would deliver them
        AlertStore store = STACK.runtime().alerts();
        Instant t0 = Instant.parse("2026-11-24T10:00:00Z");
        String alertId = null;
        for (int i = 0; i < FLIPS; i++) {
            boolean alarm = i % 2 == 0;
            // WHEN each change is delivered
            assertThat(post(STACK.runtime(), "/sns", "application/json", change(i, alarm, t0.plusSeconds(i)), null).statusCode())
                    .isEqualTo(200);
            if (alarm) {
                Alert open = await(() -> store.findOpen(KEY));
                alertId = alertId == null ? open.alertId() : alertId;
                assertThat(open.alertId()).as("flip %d reopens the same alert", i).isEqualTo(alertId);
            } else {
                String id = alertId;
                await(() -> store.get(id).filter(a -> a.state() == AlertState.RESOLVED));
            }
        }

        // THEN one alert, resolved by the last recovery, having fired 5 times and marked flapping
        String id = alertId;
        Alert alert = await(() -> store.get(id).filter(a -> a.state() == AlertState.RESOLVED && a.hasMessage()));
        assertThat(alert.refireCount()).isEqualTo(FLIPS / 2 - 1);
        assertThat(alert.flapping()).isTrue();
        assertThat(alert.flapsOrNone().reopens()).isEqualTo(FLIPS / 2 - 1);

        // AND exactly one top-level message for the key, whose final edit shows the refires and the flapping
        List<Posted> topLevel = STACK.slack().messages(CHANNEL).stream().filter(Posted::topLevel).toList();
        assertThat(topLevel).hasSize(1);
        assertThat(alertIdOf(topLevel.getFirst())).isEqualTo(id);
        // (edits are paced and trail the store: an earlier recovery's edit may be the last one for a while;
        // wait, within the deadline, for the edit of the final state: the last recovery after the last refire)
        String shown = await(() -> lastEdit(alert.messageTs()).map(u -> u.param("blocks"))
                .filter(blocks -> blocks != null && !blocks.contains("klaxon.claim")
                        && blocks.contains("Fired " + FLIPS / 2 + " times")));
        assertThat(shown).contains("Fired " + FLIPS / 2 + " times")
                .contains("Flapping: changed state " + FLIPS + " times")
                .doesNotContain("klaxon.resolve");

        // AND the thread says it fired again after recovering, once per reopening (thread replies are
        // paced at Slack's one post per second and channel, so they trail the edits)
        List<Posted> reopenings = await(() -> Optional.of(STACK.slack().messages(CHANNEL).stream()
                .filter(p -> alert.messageTs().equals(p.threadTs()) && p.text().contains("after it recovered"))
                .toList()).filter(r -> r.size() >= FLIPS / 2 - 1));
        assertThat(reopenings).hasSize(FLIPS / 2 - 1);
        assertThat(reopenings.getFirst().text()).contains("Fired again 1 second after it recovered");
        assertThat(STACK.slack().messages(CHANNEL).stream().filter(Posted::topLevel)).hasSize(1);
    }

    private static String change(int i, boolean alarm, Instant at) throws Exception {
        return stateChange("flappy", "flap-" + i, alarm, at);
    }

    /** The newest chat.update of the message that Slack took. */
    private static Optional<Request> lastEdit(String ts) {
        List<Request> edits = STACK.slack().requests("chat.update").stream().filter(u -> ts.equals(u.param("ts"))).toList();
        return edits.isEmpty() ? Optional.empty() : Optional.of(edits.getLast());
    }

    private static <T> T await(Supplier<Optional<T>> probe) {
        return Polling.await(DEADLINE, probe, () -> "Slack saw " + STACK.slack().requests().stream().map(Request::method).toList());
    }
}
