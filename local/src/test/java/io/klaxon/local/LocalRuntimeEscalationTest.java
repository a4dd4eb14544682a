package io.klaxon.local;

import static io.klaxon.local.LocalRuntimeEndToEndTest.sample;
import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.alert.TimelineEntry;
import io.klaxon.domain.port.AlertStore;
import io.klaxon.local.cli.SlackClick;
import io.klaxon.slack.AlertAction;
import io.klaxon.slack.testing.SlackStubServer;
import io.klaxon.slack.testing.SlackStubServer.Request;
import io.micronaut.json.JsonMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The claim timer on the real stack: nobody claims, the workflow's timeout escalates through the
 * escalate function, the thread mentions the policy's first level, and a later claim still wins.
 */
class LocalRuntimeEscalationTest {

    private static final String SECRET = "escalation-secret";
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static SlackStubServer slack;
    private static LocalRuntime runtime;

    @BeforeAll
    static void start() {
        slack = SlackStubServer.start();
        LocalConfig base = LocalRuntimeEndToEndTest.config(slack, 1);
        runtime = LocalRuntime.start(new LocalConfig(0, base.slackBotToken(), SECRET, base.slackApiUrl(), "",
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
    void unclaimedAlert_shouldEscalateWithMentions_thenStillBeClaimable() throws Exception {
        // GIVEN an alarm nobody claims within the 1 s claim timeout
        HttpResponse<String> ingest = HTTP.send(HttpRequest.newBuilder(base("/sns"))
                .POST(HttpRequest.BodyPublishers.ofString(sample("alerta-http-alarm-s3-bucket.json"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ingest.statusCode()).isEqualTo(200);

        // THEN the thread mentions the first level, then pages the second (a user group)
        Request first = await(() -> slack.requests("chat.postMessage").stream()
                .filter(r -> r.param("thread_ts") != null && r.body().contains("U0ONCALL")).findFirst());
        Request second = await(() -> slack.requests("chat.postMessage").stream()
                .filter(r -> r.param("thread_ts") != null && r.body().contains("S0SRE")).findFirst());
        assertThat(first.param("text")).contains("<@U0ONCALL>");
        assertThat(second.param("text")).contains("<!subteam^S0SRE>");
        await(() -> runtime.bus().recent().stream()
                .filter(e -> e.contains("\"Alert Escalated\"") && e.contains("\"page\":true")).findFirst());

        // WHEN someone finally claims (the version moves with each escalation: click the current one)
        AlertStore store = runtime.alerts();
        String alertId = store.findOpen("arn:aws:cloudwatch:eu-west-1:1234567890:alarm:bucketbytesAlarm")
                .orElseThrow().alertId();
        Alert claimed = await(() -> {
            Alert now = store.get(alertId).orElseThrow();
            if (now.state() == AlertState.UNCLAIMED) {
                click(now);
            }
            return store.get(alertId).filter(a -> a.state() == AlertState.CLAIMED);
        });

        // THEN the claim stands, the escalations are on the timeline, and the message says so
        assertThat(claimed.owner().id()).isEqualTo("UCAROL");
        assertThat(claimed.escalationLevel()).isGreaterThanOrEqualTo(2);
        assertThat(store.timeline(alertId)).extracting(e -> e.kind().name())
                .containsSubsequence("OPENED", "ESCALATED", "ESCALATED", "CLAIMED");
        await(() -> slack.requests("chat.update").stream().filter(u -> u.body().contains("UCAROL")).findFirst());
    }

    private static void click(Alert alert) {
        var click = new SlackClick(AlertAction.CLAIM, alert.alertId(), alert.version(), alert.channel(),
                alert.messageTs(), "UCAROL", "carol");
        try {
            HTTP.send(click.signedRequest(base("/slack/actions"), SECRET, Instant.now(), JsonMapper.createDefault()),
                    HttpResponse.BodyHandlers.discarding());
        } catch (Exception e) {
            throw new AssertionError("click failed", e);
        }
    }

    private static URI base(String path) {
        return URI.create("http://127.0.0.1:" + runtime.port() + path);
    }

    private static <T> T await(Supplier<Optional<T>> probe) {
        return Polling.await(DEADLINE, probe, () -> "Slack saw " + slack.requests().stream().map(Request::method).toList());
    }
}
