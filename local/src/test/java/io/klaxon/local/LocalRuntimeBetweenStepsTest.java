package io.klaxon.local;

import static io.klaxon.local.LocalRuntimeEndToEndTest.button;
import static io.klaxon.local.LocalRuntimeEndToEndTest.click;
import static io.klaxon.local.LocalRuntimeEndToEndTest.post;
import static io.klaxon.local.LocalRuntimeEndToEndTest.sample;
import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.slack.AlertAction;
import io.klaxon.slack.testing.SlackStubServer;
import io.klaxon.slack.testing.SlackStubServer.Request;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A click that lands while the alert's workflow is between steps, so no wait can take it (ADR 0008):
 * the change goes to an announcement execution, and its thread reply and its bus event each arrive
 * exactly once, through the workflow; the occurrence's workflow then carries on from the new state.
 */
class LocalRuntimeBetweenStepsTest {

    private static final String SECRET = "e2e-signing-secret";
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private SlackStubServer slack;
    private LocalRuntime runtime;
    private String messageTs;

    @BeforeEach
    void start() {
        slack = SlackStubServer.start();
        runtime = LocalRuntime.start(LocalRuntimeEndToEndTest.config(slack, 300));
    }

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.close();
        }
        slack.close();
    }

    @Test
    void claim_shouldBeToldOnceThroughAnAnnouncement_whenItLandsWhileTheWorkflowIsPosting() throws Exception {
        // GIVEN Slack is slow to take the OPENED thread reply: the workflow has posted and recorded the
        // message, and sits in its Post step, with no wait open for a click
        SlackStubServer.Hold openedReply = slack.holdFirst(r -> r.method().equals("chat.postMessage")
                && r.param("thread_ts") != null);
        assertThat(post(runtime, "/sns", "application/json", sample("alerta-http-alarm-s3-bucket.json"), null)
                .statusCode()).isEqualTo(200);
        Request message = slack.awaitRequests("chat.postMessage", 1, DEADLINE).getFirst();
        AlertAction.Target target = button(message, AlertAction.CLAIM).orElseThrow();
        Request held = openedReply.awaitHeld(DEADLINE);
        Alert posted = runtime.alerts().get(target.alertId()).orElseThrow();
        assertThat(posted.taskToken()).as("no workflow wait is open while the Post step runs").isNull();
        messageTs = posted.messageTs();
        assertThat(held.param("thread_ts")).isEqualTo(messageTs);

        // WHEN alice claims it then
        assertThat(click(runtime, AlertAction.CLAIM, target, "UALICE", "alice", SECRET).statusCode()).isEqualTo(200);

        // THEN an announcement execution tells the claim: the message shows her, the thread says so
        poll(() -> replies().stream().filter(r -> r.param("text").contains("Claimed by")).findFirst());
        poll(() -> bus("Alert Claimed").stream().findFirst());
        assertThat(runtime.runner().describe("announce-v2-" + target.alertId())).isPresent();

        // WHEN Slack answers the held reply and the occurrence's workflow carries on to its claim wait
        openedReply.release();

        // THEN that workflow sees the alert already claimed, re-renders it, and waits for Resolve
        Alert claimed = poll(() -> runtime.alerts().get(target.alertId())
                .filter(a -> a.state() == AlertState.CLAIMED && a.taskToken() != null));
        assertThat(claimed.owner().id()).isEqualTo("UALICE");
        Request latest = poll(() -> lastUpdate(u -> button(u, AlertAction.RESOLVE).isPresent()));
        AlertAction.Target resolve = button(latest, AlertAction.RESOLVE).orElseThrow();

        // WHEN she resolves it through the wait the workflow now holds
        assertThat(click(runtime, AlertAction.RESOLVE, resolve, "UALICE", "alice", SECRET).statusCode()).isEqualTo(200);
        poll(() -> bus("Alert Resolved").stream().findFirst());
        poll(() -> replies().stream().filter(r -> r.param("text").contains("Resolved")).findFirst());

        // THEN each change was told exactly once: one message, one reply and one bus event per change
        assertThat(slack.requests("chat.postMessage")).filteredOn(r -> r.param("thread_ts") == null).hasSize(1);
        assertThat(replies()).filteredOn(r -> r.param("text").contains("Claimed by")).hasSize(1);
        assertThat(replies()).filteredOn(r -> r.param("text").contains("Opened:")).hasSize(1);
        assertThat(bus("Alert Opened")).hasSize(1);
        assertThat(bus("Alert Claimed")).hasSize(1);
        assertThat(bus("Alert Resolved")).hasSize(1);
        // AND every render edited the one message
        assertThat(slack.requests("chat.update")).extracting(r -> r.param("ts")).containsOnly(claimed.messageTs());
    }

    private List<Request> replies() {
        return slack.requests("chat.postMessage").stream().filter(r -> messageTs.equals(r.param("thread_ts"))).toList();
    }

    private Optional<Request> lastUpdate(Predicate<Request> matching) {
        List<Request> updates = slack.requests("chat.update");
        return updates.isEmpty() ? Optional.empty() : Optional.of(updates.getLast()).filter(matching);
    }

    private List<String> bus(String detailType) {
        return runtime.bus().recent().stream().filter(e -> e.contains("\"detail-type\":\"" + detailType + "\"")).toList();
    }

    private <T> T poll(Supplier<Optional<T>> probe) {
        return Polling.await(DEADLINE, probe, () -> "Slack saw " + slack.requests().stream()
                .map(r -> r.method() + (r.param("thread_ts") == null ? "" : " (thread)")).toList()
                + "; bus: " + runtime.bus().recent().size() + " events");
    }
}
