package io.klaxon.local;

import static io.klaxon.local.LocalRuntimeEndToEndTest.post;
import static io.klaxon.local.LocalRuntimeFixture.stateChange;
import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.port.AlertStore;
import io.klaxon.slack.testing.SlackStubServer;
import io.klaxon.slack.testing.SlackStubServer.Request;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The handover between a workflow that is ending and a reopening (issue 8 flap collapse x ADR 0010),
 * on the real stack: the alarm fires again while the old workflow, having read its alert RESOLVED,
 * is still rendering it. The reopening execution finds the old one running and does not adopt the
 * alert; the old one, at Finish, finds the alert open again and still its own, and waits for a claim
 * again, so the reopened alert still escalates.
 */
class LocalRuntimeHandoverTest {

    private static final String SECRET = "handover-secret";
    private static final Duration DEADLINE = Duration.ofSeconds(40);
    private static final String KEY = "arn:aws:cloudwatch:eu-west-1:1234567890:alarm:handover";
    private static final JsonMapper JSON = JsonMapper.createDefault();

    // A 4 s claim timeout: the reopened alert must escalate, but not the first wait before its recovery.
    @RegisterExtension
    final LocalRuntimeFixture.Stack stack = new LocalRuntimeFixture.Stack(
            slack -> LocalRuntime.start(LocalRuntimeEndToEndTest.config(slack, SECRET, 4)));

    @Test
    void reopening_shouldLeaveTheOldWorkflowWaitingForAClaim_whenItLandsBetweenTheLastRenderAndTheEnd()
            throws Exception {
        // GIVEN an alarm's alert, waiting for a claim in its opening execution
        AlertStore store = stack.runtime().alerts();
        Instant t0 = Instant.now().minusSeconds(60);
        send(change("h-0", true, t0));
        String alertId = await(() -> store.findOpen(KEY).filter(a -> a.hasMessage() && a.taskToken() != null))
                .alertId();
        // … and Slack slow to take the next thread reply: the one telling the resolution, which the
        // workflow's last render step sends after its edit, having read the alert RESOLVED. (Holding
        // the edit itself would not do: the reopening's newer edit overtakes it, and the render step,
        // retried, reads the reopened alert.)
        SlackStubServer.Hold lastRender = stack.slack().holdFirst(r -> r.method().equals("chat.postMessage")
                && r.param("thread_ts") != null);

        // WHEN the alarm recovers (auto-resolve), and fires again while that reply is held
        send(change("h-1", false, t0.plusSeconds(1)));
        lastRender.awaitHeld(DEADLINE);
        assertThat(store.get(alertId).orElseThrow().state()).isEqualTo(AlertState.RESOLVED);
        send(change("h-2", true, t0.plusSeconds(2)));
        String reopener = await(() -> endedExecution(alertId, "SUCCEEDED"));
        // (the reopening execution told the reopening, found the old workflow running, and ended)
        assertThat(describe(reopener)).contains("\"RenderRefire\"", "\"Adopt\"", "\"Refired\"");
        assertThat(store.get(alertId).orElseThrow().state()).isEqualTo(AlertState.UNCLAIMED);
        assertThat(store.get(alertId).orElseThrow().workflow()).isEqualTo(alertId);
        lastRender.release();

        // THEN the old workflow finishes nothing: Finish answers CONTINUE and it waits for a claim again
        Alert waiting = await(() -> store.get(alertId)
                .filter(a -> a.state() == AlertState.UNCLAIMED && a.taskToken() != null)
                .filter(a -> describe(alertId).contains("\"FinishOutcome\"")));
        assertThat(waiting.workflow()).isEqualTo(alertId);
        assertThat(describe(alertId)).contains("\"status\":\"RUNNING\"");

        // AND the reopened alert escalates when nobody claims it
        await(() -> store.get(alertId).filter(a -> a.escalationLevel() >= 1 && a.state() == AlertState.UNCLAIMED));
        assertThat(stack.slack().messages(waiting.channel()).stream().filter(SlackStubServer.Posted::topLevel)).hasSize(1);
    }

    /**
     * An execution other than {@code except} that told a refire and that the status-change events
     * report ended with {@code status}.
     */
    @SuppressWarnings("unchecked")
    private Optional<String> endedExecution(String except, String status) {
        return stack.runtime().defaultBus().recent().stream().map(LocalRuntimeHandoverTest::parse)
                .map(envelope -> (Map<String, Object>) envelope.get("detail"))
                .filter(Objects::nonNull)
                .filter(detail -> status.equals(detail.get("status")) && !except.equals(detail.get("name")))
                .map(detail -> String.valueOf(detail.get("name")))
                .filter(name -> describe(name).contains("\"RenderRefire\""))
                .findFirst();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String envelope) {
        try {
            return JSON.readValue(envelope, Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void send(String body) throws Exception {
        assertThat(post(stack.runtime(), "/sns", "application/json", body, null).statusCode()).isEqualTo(200);
    }

    private static String change(String signal, boolean alarm, Instant at) throws Exception {
        return stateChange("handover", signal, alarm, at);
    }

    private String describe(String execution) {
        return stack.runtime().runner().describe(execution).orElse("");
    }

    private <T> T await(Supplier<Optional<T>> probe) {
        return Polling.await(DEADLINE, probe, () -> "Slack saw " + stack.slack().requests().stream().map(Request::method).toList()
                + "; bus: " + stack.runtime().defaultBus().recent());
    }
}
