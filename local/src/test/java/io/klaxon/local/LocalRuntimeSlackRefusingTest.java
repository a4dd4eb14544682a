package io.klaxon.local;

import static io.klaxon.local.LocalRuntimeEndToEndTest.sample;
import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.port.AlertStore;
import io.klaxon.slack.testing.SlackStubServer;
import io.klaxon.slack.testing.SlackStubServer.Request;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Slack refusing Klaxon (a revoked token: {@code invalid_auth} on every call) across an escalation,
 * through the same doors a user has: the alert survives, is marked {@code deliveryFailing}, and once
 * Slack takes calls again its message and thread catch up with the stored state (issue 11). While
 * Slack refuses, the changes' events are on the bus at once, so destinations such as a pager hear
 * them during the outage; once Slack is back, none of them is published a second time.
 */
class LocalRuntimeSlackRefusingTest {

    private static final String ALARM_KEY = "arn:aws:cloudwatch:eu-west-1:1234567890:alarm:bucketbytesAlarm";
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.createDefault();
    private static SlackStubServer slack;
    private static LocalRuntime runtime;

    @BeforeAll
    static void start() {
        slack = SlackStubServer.start();
        LocalConfig base = LocalRuntimeEndToEndTest.config(slack, 1);
        // The deployed back-off waits 30 s before the first retry: shortened here, and only here.
        runtime = LocalRuntimeEndToEndTest.startWith(LocalRuntime.RETRY_INTERVAL_PROPERTY, "200",
                new LocalConfig(0, base.slackBotToken(), base.slackSigningSecret(), base.slackApiUrl(), "",
                        base.channel(), 1, 3600, "U0ONCALL;!S0SRE", base.node(), base.home()));
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
        if (slack != null) {
            slack.close();
        }
    }

    @Test
    void alert_shouldSurviveARefusingSlackAcrossAnEscalation_andConvergeOnceSlackRecovers() throws Exception {
        // GIVEN Slack starts refusing every call with invalid_auth right after the alert's opening
        // reached its thread, and the alert is not claimed within its 1 s claim timeout
        slack.refuseAfter(r -> r.method().equals("chat.postMessage") && r.param("thread_ts") != null
                && r.param("text") != null && r.param("text").contains("Opened"), "invalid_auth");
        HttpResponse<String> ingest = HTTP.send(HttpRequest.newBuilder(base("/sns"))
                .POST(HttpRequest.BodyPublishers.ofString(sample("alerta-http-alarm-s3-bucket.json"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ingest.statusCode()).isEqualTo(200);
        AlertStore store = runtime.alerts();
        String alertId = await(() -> store.findOpen(ALARM_KEY)).alertId();

        // WHEN the claim timer runs out while Slack refuses
        // THEN the alert escalated in the store, is marked deliveryFailing, and the local door shows it
        Alert failing = await(() -> store.get(alertId).filter(a -> a.deliveryFailing() && a.escalationLevel() >= 1));
        assertThat(failing.escalationLevel()).isEqualTo(1);
        Map<String, Object> shown = getJson("/alerts/" + alertId);
        assertThat(((Map<?, ?>) shown.get("alert")).get("deliveryFailing")).isEqualTo(true);

        // AND the workflow keeps retrying instead of failing: several refused attempts, still RUNNING
        await(() -> Optional.of(slack.refusedCount()).filter(n -> n >= 4));
        assertThat(getJson("/executions/" + alertId).get("status")).isEqualTo("RUNNING");
        assertThat(escalationReplies()).isEmpty();

        // AND the bus heard the escalation already, while Slack still refuses: a pager is not held up by Slack
        String escalatedAhead = await(() -> events("Alert Escalated", alertId).stream().findFirst());
        assertThat(escalatedAhead).contains("\"escalationLevel\":1").contains("\"deliveryFailing\":true");
        assertThat(escalationReplies()).isEmpty();

        // WHEN Slack takes calls again (the token was fixed)
        slack.stopRefusing();

        // THEN the thread gets the escalation reply, the mark is cleared, and the message shows the
        // stored escalation level
        Request reply = await(() -> escalationReplies().stream().findFirst());
        assertThat(reply.param("text")).contains("<@U0ONCALL>");
        await(() -> store.get(alertId).filter(a -> !a.deliveryFailing()));
        await(() -> {
            Alert now = store.get(alertId).orElseThrow();
            return lastEdit(now).filter(u -> String.valueOf(u.param("blocks"))
                    .contains("escalation level " + now.escalationLevel()));
        });

        // AND the message was posted once, into the thread the reply went to
        List<Request> posts = slack.requests("chat.postMessage").stream().filter(r -> r.param("thread_ts") == null)
                .toList();
        assertThat(posts).hasSize(1);
        Alert recovered = store.get(alertId).orElseThrow();
        assertThat(reply.param("thread_ts")).isEqualTo(recovered.messageTs());

        // AND the execution never failed, and the bus heard each change once: the escalation only ahead of Slack
        assertThat(getJson("/executions/" + alertId).get("status")).isEqualTo("RUNNING");
        assertThat(events("Alert Escalated", alertId)).containsExactly(escalatedAhead);
        assertThat(events("Alert Opened", alertId))
                .singleElement().satisfies(e -> assertThat(e).contains("\"deliveryFailing\":false"));
        assertThat(getJson("/alerts/" + alertId).get("alert")).satisfies(a ->
                assertThat(((Map<?, ?>) a).get("deliveryFailing")).isEqualTo(false));
    }

    @Test
    void alert_shouldReachTheBusWhileSlackRefusesItsPost_andBePostedAndPublishedOnceWhenSlackRecovers() throws Exception {
        // GIVEN Slack refuses every call from the start (a revoked token)
        slack.refuse("invalid_auth");
        int refusedBefore = slack.refusedCount();

        // WHEN an alarm fires
        HttpResponse<String> ingest = HTTP.send(HttpRequest.newBuilder(base("/sns"))
                .POST(HttpRequest.BodyPublishers.ofString(LocalRuntimeFixture.alarm("diskFullAlarm", "refused-post-1")))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ingest.statusCode()).isEqualTo(200);
        String alertId = await(() -> runtime.alerts().findOpen(ALARM_KEY.replace("bucketbytesAlarm", "diskFullAlarm")))
                .alertId();

        // THEN "Alert Opened" is on the bus while Slack has not shown it: no message, and Slack refused the post
        String openedAhead = await(() -> events("Alert Opened", alertId).stream().findFirst());
        assertThat(openedAhead).contains("\"deliveryFailing\":true").doesNotContain("\"ts\":\"");
        assertThat(slack.refusedCount()).isGreaterThan(refusedBefore);
        assertThat(runtime.alerts().get(alertId).orElseThrow().hasMessage()).isFalse();

        // WHEN Slack takes calls again
        slack.stopRefusing();

        // THEN the message is posted once, and the opening is not published a second time
        Alert posted = await(() -> runtime.alerts().get(alertId).filter(Alert::hasMessage));
        await(() -> slack.messages(posted.channel()).stream()
                .filter(m -> m.ts().equals(posted.messageTs()) && m.topLevel()).findFirst());
        assertThat(slack.messages(posted.channel()).stream()
                .filter(m -> m.topLevel() && alertId.equals(LocalRuntimeFixture.alertIdOf(m)))).hasSize(1);
        await(() -> runtime.alerts().get(alertId).filter(a -> !a.deliveryFailing()));
        assertThat(events("Alert Opened", alertId)).containsExactly(openedAhead);
    }

    /** The bus events of this detail-type about this alert, as the local bus recorded them. */
    private static List<String> events(String detailType, String alertId) {
        return runtime.bus().recent().stream()
                .filter(e -> e.contains("\"" + detailType + "\"") && e.contains(alertId)).toList();
    }

    private static List<Request> escalationReplies() {
        return slack.requests("chat.postMessage").stream()
                .filter(r -> r.param("thread_ts") != null && r.param("text") != null
                        && r.param("text").contains("U0ONCALL"))
                .toList();
    }

    /** The newest successful-looking edit of the alert's message (refused ones were answered ok:false). */
    private static Optional<Request> lastEdit(Alert alert) {
        List<Request> edits = slack.requests("chat.update").stream()
                .filter(u -> alert.messageTs() != null && alert.messageTs().equals(u.param("ts"))).toList();
        return edits.isEmpty() ? Optional.empty() : Optional.of(edits.getLast());
    }

    private static Map<String, Object> getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(base(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as("GET %s: %s", path, reply.body()).isEqualTo(200);
        return JSON.readValue(reply.body(), Argument.mapOf(String.class, Object.class));
    }

    private static URI base(String path) {
        return URI.create("http://127.0.0.1:" + runtime.port() + path);
    }

    private static <T> T await(Supplier<Optional<T>> probe) {
        return Polling.await(DEADLINE, probe, () -> "Slack saw " + slack.requests().stream().map(Request::method).toList()
                + ", refused " + slack.refusedCount());
    }
}
