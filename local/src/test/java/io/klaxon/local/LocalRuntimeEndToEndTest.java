package io.klaxon.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.alert.TimelineEntry;
import io.klaxon.domain.port.AlertStore;
import io.klaxon.local.cli.SlackClick;
import io.micronaut.json.JsonMapper;
import io.klaxon.slack.AlertAction;
import io.klaxon.slack.testing.SlackStubServer;
import io.klaxon.slack.testing.SlackStubServer.Request;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole flow on one machine, through the same doors a user uses: an alarm posted to
 * {@code /sns}, Slack (a stub Web API on 127.0.0.1 driven by the real Slack SDK), signed clicks on
 * {@code /slack/actions}, the real ASL in aws-local-stepfunctions, and DynamoDB Local underneath.
 */
public class LocalRuntimeEndToEndTest {

    static final String SECRET = "e2e-signing-secret";
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static SlackStubServer slack;
    private static LocalRuntime runtime;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        slack = SlackStubServer.start();
        runtime = LocalRuntime.start(config(slack, 300));
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

    static LocalConfig config(SlackStubServer slack, long escalateAfterSeconds) {
        return config(slack, SECRET, escalateAfterSeconds);
    }

    /** The same configuration, for a test that signs its clicks with a secret of its own. */
    static LocalConfig config(SlackStubServer slack, String signingSecret, long escalateAfterSeconds) {
        return new LocalConfig(0, "xoxb-e2e", signingSecret, slack.url(), "", "C0E2E", escalateAfterSeconds, 3600,
                "U0ONCALL", System.getenv().getOrDefault("KLAXON_NODE", "node"), LocalConfig.home(null));
    }

    /**
     * Starts the runtime with one of its test-only retry properties ({@link LocalRuntime#RETRY_INTERVAL_PROPERTY},
     * {@link LocalRuntime#RETRY_SCALE_PROPERTY}) set while it starts (the runner reads it then), and cleared after.
     */
    public static LocalRuntime startWith(String property, String value, LocalConfig config) {
        System.setProperty(property, value);
        try {
            return LocalRuntime.start(config);
        } finally {
            System.clearProperty(property);
        }
    }

    /**
     * A configuration file with the built-in route's settings on {@code channel}, but a storm
     * threshold above any test's alarms: for tests that count one message per alert, which storm
     * mode (ADR 0014) would rightly replace by one storm message.
     */
    static Path noStorms(String channel, String claimTimeout) {
        try {
            Path file = Files.createTempFile("klaxon-no-storms", ".yaml");
            file.toFile().deleteOnExit();
            return Files.writeString(file, """
                    routes:
                      - name: default
                        channel: %s
                        policy: default
                        storm: { threshold: 1000 }
                    policies:
                      default:
                        claimTimeout: %s
                        remindAfter: 1h
                        levels:
                          - mention: [user:U0ONCALL]
                    """.formatted(channel, claimTimeout));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void alarm_shouldBeClaimedAndResolvedInPlace_whenRespondersClick() throws Exception {
        // GIVEN a CloudWatch alarm delivered by SNS over HTTP
        Instant sent = Instant.now();
        HttpResponse<String> ingest = post(runtime, "/sns", "application/json", sample("alerta-http-alarm-s3-bucket.json"), null);
        assertThat(ingest.statusCode()).as(ingest.body()).isEqualTo(200);

        // THEN exactly one message is posted, with a Claim button carrying alertId:version only
        Request posted = slack.awaitRequests("chat.postMessage", 1, DEADLINE).getFirst();
        Duration toMessage = Duration.between(sent, Instant.now());
        assertThat(posted.param("channel")).isEqualTo("C0E2E");
        assertThat(posted.token()).isEqualTo("xoxb-e2e");
        AlertAction.Target claim = button(posted, AlertAction.CLAIM).orElseThrow();
        assertThat(button(posted, AlertAction.CLAIM).map(AlertAction.Target::version)).contains(1L);

        // WHEN alice clicks Claim (a signed request)
        Instant clicked = Instant.now();
        HttpResponse<String> claimReply = click(runtime, AlertAction.CLAIM, claim, "UALICE", "alice", SECRET);
        assertThat(claimReply.statusCode()).isEqualTo(200);

        // THEN the same message is edited to show her as owner, with a Resolve button
        Request claimedUpdate = awaitUpdate(u -> button(u, AlertAction.RESOLVE).isPresent() && u.body().contains("UALICE"));
        Duration toClaimedMessage = Duration.between(clicked, Instant.now());
        assertThat(button(claimedUpdate, AlertAction.CLAIM)).isEmpty();

        // WHEN she resolves it
        AlertAction.Target resolve = button(claimedUpdate, AlertAction.RESOLVE).orElseThrow();
        assertThat(click(runtime, AlertAction.RESOLVE, resolve, "UALICE", "alice", SECRET).statusCode()).isEqualTo(200);

        // THEN the message loses its buttons and the alert is stored resolved, with its timeline
        awaitUpdate(u -> u.param("ts").equals(claimedUpdate.param("ts")) && button(u, AlertAction.RESOLVE).isEmpty()
                && button(u, AlertAction.CLAIM).isEmpty());
        AlertStore store = runtime.alerts();
        Alert alert = poll(() -> store.get(claim.alertId()).filter(a -> a.state() == AlertState.RESOLVED));
        assertThat(alert.owner().id()).isEqualTo("UALICE");
        // every edit went to the one message that was posted
        assertThat(slack.requests("chat.update")).extracting(r -> r.param("ts")).containsOnly(alert.messageTs());
        assertThat(slack.requests("chat.update")).extracting(r -> r.param("channel")).containsOnly(alert.channel());
        assertThat(alert.resolvedBy().id()).isEqualTo("UALICE");
        assertThat(store.timeline(claim.alertId())).extracting(e -> e.kind().name())
                .containsSubsequence("OPENED", "CLAIMED", "RESOLVED");
        // AND the lifecycle was published on the bus for rules to act on
        poll(() -> Optional.of(runtime.bus().recent()).filter(events -> events.stream().anyMatch(e -> e.contains("\"Alert Resolved\""))));
        assertThat(runtime.bus().recent()).anyMatch(e -> e.contains("\"Alert Opened\""))
                .anyMatch(e -> e.contains("\"Alert Claimed\""));
        // AND the thread holds the timeline
        assertThat(slack.requests("chat.postMessage")).filteredOn(r -> r.param("thread_ts") != null).isNotEmpty();
        assertThat(slack.requests("chat.postMessage")).filteredOn(r -> r.param("thread_ts") == null).hasSize(1);

        System.out.printf("e2e local latency: alarm in -> message posted %d ms; claim click -> message updated %d ms%n",
                toMessage.toMillis(), toClaimedMessage.toMillis());
    }

    @Test
    void recovery_shouldResolveAnUnclaimedAlertInPlace_whenTheAlarmReturnsToOk() throws Exception {
        // GIVEN an alarm that fires (its own name, so it is its own alert)
        String firing = sample("alerta-http-alarm-s3-bucket.json").replace("bucketbytesAlarm", "bucketbytesRecovers")
                .replace("e288882d-4281-5be4-8fde-dccc11c8cb01", "recovery-test-fire");
        String alertKey = "arn:aws:cloudwatch:eu-west-1:1234567890:alarm:bucketbytesRecovers";
        assertThat(post(runtime, "/sns", "application/json", firing, null).statusCode()).isEqualTo(200);
        AlertStore store = runtime.alerts();
        Alert open = poll(() -> store.findOpen(alertKey).filter(Alert::hasMessage));

        // WHEN the same alarm goes back to OK before anyone claims it
        String ok = firing.replace("recovery-test-fire", "recovery-test-ok")
                .replace("\\\"NewStateValue\\\":\\\"ALARM\\\"", "\\\"NewStateValue\\\":\\\"OK\\\"")
                .replace("2019-02-15T23:53:45.093+0000", "2019-02-16T00:10:00.000+0000");
        assertThat(ok).contains("NewStateValue\\\":\\\"OK");
        assertThat(post(runtime, "/sns", "application/json", ok, null).statusCode()).isEqualTo(200);

        // THEN the alert is resolved by the system, its message loses its buttons, and rules hear it
        Alert resolved = poll(() -> store.get(open.alertId()).filter(a -> a.state() == AlertState.RESOLVED));
        assertThat(resolved.resolvedBy().kind()).isEqualTo(io.klaxon.domain.alert.Actor.Kind.SYSTEM);
        assertThat(resolved.recoveredAt()).isEqualTo(Instant.parse("2019-02-16T00:10:00Z"));
        awaitUpdate(u -> open.messageTs().equals(u.param("ts")) && button(u, AlertAction.CLAIM).isEmpty()
                && button(u, AlertAction.RESOLVE).isEmpty());
        poll(() -> runtime.bus().recent().stream()
                .filter(e -> e.contains("\"Alert Resolved\"") && e.contains(open.alertId())).findFirst());
        assertThat(store.findOpen(alertKey)).isEmpty();
    }

    @Test
    void alertView_shouldNeverShowTheTaskToken() throws Exception {
        HttpResponse<String> ingest = post(runtime, "/sns", "application/json",
                sample("alerta-http-alarm-s3-bucket.json").replace("e288882d-4281-5be4-8fde-dccc11c8cb01", "view-test-1")
                        .replace("bucketbytesAlarm", "bucketbytesAlarmView"), null);
        assertThat(ingest.statusCode()).isEqualTo(200);
        AlertStore store = runtime.alerts();
        Alert parked = poll(() -> store.findOpen("arn:aws:cloudwatch:eu-west-1:1234567890:alarm:bucketbytesAlarmView")
                .filter(a -> a.taskToken() != null));
        HttpResponse<String> view = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + runtime.port() + "/alerts/" + parked.alertId())).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(view.statusCode()).isEqualTo(200);
        assertThat(view.body()).contains("\"timeline\"").contains("(redacted)").doesNotContain(parked.taskToken());
    }

    @Test
    void click_shouldBeRejectedAndChangeNothing_whenSignatureIsWrong() throws Exception {
        HttpResponse<String> reply = click(runtime, AlertAction.CLAIM, new AlertAction.Target("nope", 1), "UEVE",
                "eve", "not-the-secret");
        assertThat(reply.statusCode()).isEqualTo(401);
    }

    static Request awaitUpdate(Predicate<Request> matching) {
        return poll(() -> slack.requests("chat.update").stream().filter(matching).findFirst());
    }

    static <T> T poll(java.util.function.Supplier<Optional<T>> probe) {
        return Polling.await(DEADLINE, probe, () -> "Slack saw " + slack.requests().stream().map(Request::method).toList()
                + "; workflow: " + slack.requests("chat.postMessage").stream().findFirst()
                        .flatMap(p -> button(p, AlertAction.CLAIM))
                        .flatMap(t -> runtime.runner().describe(t.alertId())).orElse("none"));
    }

    /** The value of a button with this action id anywhere in the message, as alertId:version. */
    static Optional<AlertAction.Target> button(Request message, AlertAction action) {
        for (String field : List.of("blocks", "attachments")) {
            JsonElement json = message.json(field);
            Optional<AlertAction.Target> found = find(json, action.actionId());
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<AlertAction.Target> find(JsonElement json, String actionId) {
        if (json == null || json.isJsonNull() || json.isJsonPrimitive()) {
            return Optional.empty();
        }
        if (json.isJsonArray()) {
            for (JsonElement e : json.getAsJsonArray()) {
                Optional<AlertAction.Target> found = find(e, actionId);
                if (found.isPresent()) {
                    return found;
                }
            }
            return Optional.empty();
        }
        var object = json.getAsJsonObject();
        if (object.has("action_id") && actionId.equals(object.get("action_id").getAsString()) && object.has("value")) {
            return AlertAction.parseValue(object.get("value").getAsString());
        }
        for (var entry : object.entrySet()) {
            Optional<AlertAction.Target> found = find(entry.getValue(), actionId);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    static String sample(String name) throws IOException {
        return Files.readString(Path.of("src/test/resources/samples", name));
    }

    static HttpResponse<String> click(LocalRuntime runtime, AlertAction action, AlertAction.Target target,
                                      String userId, String userName, String secret) throws Exception {
        var click = new SlackClick(action, target.alertId(), target.version(), "C0E2E", "1.0", userId, userName);
        return HTTP.send(click.signedRequest(URI.create("http://127.0.0.1:" + runtime.port() + "/slack/actions"),
                secret, Instant.now(), JsonMapper.createDefault()), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(LocalRuntime runtime, String path, String contentType, String body, String[] headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.port() + path))
                .timeout(Duration.ofSeconds(10)).header("content-type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers != null) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
