package io.klaxon.local;

import static io.klaxon.local.LocalRuntimeEndToEndTest.button;
import static io.klaxon.local.LocalRuntimeEndToEndTest.click;
import static io.klaxon.local.LocalRuntimeEndToEndTest.post;
import static io.klaxon.local.LocalRuntimeEndToEndTest.sample;
import static io.klaxon.local.LocalRuntimeFixture.klaxonYaml;
import static io.klaxon.local.LocalRuntimeFixture.startWith;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.klaxon.slack.AlertAction;
import io.klaxon.slack.testing.SlackStubServer;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Destinations beyond Slack on the local stack: a klaxon.yaml with PagerDuty, DingTalk and Feishu
 * destinations pointed at receivers on 127.0.0.1, the placeholders' values from "the environment",
 * and an alarm fired, claimed and resolved through the same doors a user has. Each receiver checks
 * what its vendor checks, with its own implementation of the signature scheme.
 */
class LocalRuntimeDestinationsTest {

    private static final String SECRET = "e2e-signing-secret";
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.createDefault();
    /** One route to C0E2E, and a PagerDuty destination whose URL is the first {@code %s}; more keys may follow. */
    private static final String ONE_ROUTE_AND_PAGERDUTY = """
            routes:
              - name: default
                channel: C0E2E
                policy: default
            policies:
              default: { claimTimeout: 5m, levels: [ { mention: [here] } ] }
            destinations:
              - name: pd
                type: pagerduty
                url: %s
            """;

    private final SlackStubServer slack = SlackStubServer.start();
    private final Receiver receiver = new Receiver();
    private LocalRuntime runtime;

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        LocalRuntimeFixture.close(runtime, slack);
        receiver.close();
    }

    @Test
    void lifecycle_shouldReachPagerDutyAsOneIncident_andTheChinaRegionRobotsSigned_whenAnAlertIsClaimedAndResolved()
            throws Exception {
        // GIVEN a configuration with three destinations whose secrets are placeholders
        Path config = klaxonYaml(dir, (ONE_ROUTE_AND_PAGERDUTY + """
                    routingKey: ${PD_ROUTING_KEY}
                  - name: ding
                    type: dingtalk
                    url: %s?access_token=${DINGTALK_TOKEN}
                    secret: ${DINGTALK_SECRET}
                    locale: zh-CN
                  - name: lark
                    type: feishu
                    url: %s
                    secret: ${FEISHU_SECRET}
                """).formatted(receiver.url("/v2/enqueue"), receiver.url("/robot/send"), receiver.url("/open-apis/bot/v2/hook/x")));
        // (everything the functions log is kept, to look for the secrets afterwards)
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        PrintStream console = System.out;
        System.setOut(new PrintStream(new Tee(console, logs), true, StandardCharsets.UTF_8));
        try {
            fireClaimResolveAndCheck(config);
        } finally {
            System.setOut(console);
        }
        // AND no secret reached a log line
        assertThat(logs.toString(StandardCharsets.UTF_8)).doesNotContain("ding-secret").doesNotContain("lark-secret")
                .doesNotContain("R0UTINGKEY").doesNotContain("T0KEN").contains("destination=pd");
    }

    @Test
    void pagerDuty_shouldBeTriggeredAndResolvedWhileSlackRefuses_andHearNothingTwiceWhenSlackRecovers()
            throws Exception {
        // GIVEN a PagerDuty destination, and Slack refusing every call (a revoked token)
        Path config = klaxonYaml(dir, (ONE_ROUTE_AND_PAGERDUTY + """
                    routingKey: R0UTINGKEY
                """).formatted(receiver.url("/v2/enqueue")));
        // The deployed back-off waits 30 s before a refused step's first retry: shortened here.
        runtime = LocalRuntimeEndToEndTest.startWith(LocalRuntime.RETRY_INTERVAL_PROPERTY, "200",
                LocalRuntimeEndToEndTest.config(slack, 300).withConfig(config, Map.of()));
        slack.refuse("invalid_auth");

        // WHEN an alarm fires
        Instant firedAt = Instant.now().minusSeconds(60);
        assertThat(post(runtime, "/sns", "application/json",
                LocalRuntimeFixture.stateChange("bucketbytesAlarm", "pd-fired-1", true, firedAt), null).statusCode())
                .isEqualTo(200);

        // THEN PagerDuty is triggered while Slack has shown nothing
        Map<String, Object> trigger = Polling.await(DEADLINE, () -> receiver.bodies("/v2/enqueue").stream().findFirst(),
                () -> "PagerDuty got nothing; Slack refused " + slack.refusedCount());
        assertThat(trigger).containsEntry("event_action", "trigger");
        assertThat(slack.messages("C0E2E")).isEmpty();
        String alertId = ((String) trigger.get("dedup_key")).substring("klaxon-".length());

        // WHEN the alarm recovers, Slack still refusing
        assertThat(post(runtime, "/sns", "application/json",
                LocalRuntimeFixture.stateChange("bucketbytesAlarm", "pd-recovered-1", false, firedAt.plusSeconds(30)),
                null).statusCode()).isEqualTo(200);

        // THEN PagerDuty's incident is resolved, still with nothing in Slack
        Polling.await(DEADLINE, () -> Optional.of(receiver.bodies("/v2/enqueue")).filter(b -> b.size() >= 2),
                () -> "PagerDuty got " + receiver.bodies("/v2/enqueue"));
        assertThat(receiver.bodies("/v2/enqueue")).extracting(b -> b.get("event_action"))
                .containsExactly("trigger", "resolve");
        assertThat(slack.messages("C0E2E")).isEmpty();

        // WHEN Slack takes calls again
        slack.stopRefusing();

        // THEN the message is posted once, showing the alert resolved, and PagerDuty heard nothing twice
        Polling.await(DEADLINE, () -> runtime.alerts().get(alertId).filter(a -> a.hasMessage() && !a.deliveryFailing()),
                () -> "not posted; Slack saw " + slack.requests().size() + " calls");
        assertThat(slack.messages("C0E2E")).filteredOn(SlackStubServer.Posted::topLevel).hasSize(1);
        assertThat(runtime.bus().recent()).filteredOn(e -> e.contains("\"Alert Opened\"") && e.contains(alertId))
                .hasSize(1);
        assertThat(runtime.bus().recent()).filteredOn(e -> e.contains("\"Alert Resolved\"") && e.contains(alertId))
                .hasSize(1);
        assertThat(receiver.bodies("/v2/enqueue")).hasSize(2);
    }

    private void fireClaimResolveAndCheck(Path config) throws Exception {
        runtime = LocalRuntime.start(LocalRuntimeEndToEndTest.config(slack, 300).withConfig(config, Map.of(
                "PD_ROUTING_KEY", "R0UTINGKEY", "DINGTALK_TOKEN", "T0KEN", "DINGTALK_SECRET", "ding-secret",
                "FEISHU_SECRET", "lark-secret", "UNRELATED", "not for the deliver function")));

        // WHEN an alarm fires, alice claims it and resolves it
        assertThat(post(runtime, "/sns", "application/json", sample("alerta-http-alarm-s3-bucket.json"), null)
                .statusCode()).isEqualTo(200);
        var message = slack.awaitRequests("chat.postMessage", 1, DEADLINE).getFirst();
        AlertAction.Target claim = button(message, AlertAction.CLAIM).orElseThrow();
        assertThat(click(runtime, AlertAction.CLAIM, claim, "UALICE", "alice", SECRET).statusCode()).isEqualTo(200);
        var claimed = Polling.await(DEADLINE, () -> slack.requests("chat.update").stream()
                .filter(u -> button(u, AlertAction.RESOLVE).isPresent()).findFirst(), () -> "no claimed render");
        // The claim's event is published after its render: resolving before PagerDuty heard it would let
        // the resolve overtake it, and the late acknowledge would rightly be dropped (FanOut, version ledger).
        Polling.await(DEADLINE, () -> Optional.of(receiver.bodies("/v2/enqueue")).filter(b -> b.size() >= 2),
                () -> "PagerDuty got " + receiver.bodies("/v2/enqueue"));
        assertThat(click(runtime, AlertAction.RESOLVE, button(claimed, AlertAction.RESOLVE).orElseThrow(), "UALICE",
                "alice", SECRET).statusCode()).isEqualTo(200);

        // THEN PagerDuty hears trigger, acknowledge, resolve for one incident
        List<Map<String, Object>> pd = Polling.await(DEADLINE, () -> Optional.of(receiver.bodies("/v2/enqueue"))
                .filter(b -> b.size() >= 3), () -> "PagerDuty got " + receiver.bodies("/v2/enqueue"));
        assertThat(pd).extracting(b -> b.get("event_action")).containsExactly("trigger", "acknowledge", "resolve");
        assertThat(pd).extracting(b -> b.get("dedup_key")).containsOnly("klaxon-" + claim.alertId());
        assertThat(pd).extracting(b -> b.get("routing_key")).containsOnly("R0UTINGKEY");

        // AND DingTalk gets opened, claimed and resolved, each signed as DingTalk checks it, in Chinese
        List<Receiver.Received> ding = Polling.await(DEADLINE, () -> Optional.of(receiver.received("/robot/send"))
                .filter(r -> r.size() >= 3), () -> "DingTalk got " + receiver.received("/robot/send").size());
        assertThat(ding).hasSize(3).allSatisfy(r -> {
            assertThat(r.query().get("access_token")).isEqualTo("T0KEN");
            assertThat(dingTalkSigned(r.query(), "ding-secret")).as("signature").isTrue();
        });
        assertThat(ding.getFirst().body()).contains("告警触发");

        // AND Feishu's three cards carry a timestamp and a signature Feishu accepts
        List<Receiver.Received> lark = Polling.await(DEADLINE, () -> Optional.of(receiver.received("/open-apis/bot/v2/hook/x"))
                .filter(r -> r.size() >= 3), () -> "Feishu got " + receiver.received("/open-apis/bot/v2/hook/x").size());
        for (Receiver.Received card : lark) {
            Map<String, Object> body = JSON.readValue(card.body(), Argument.mapOf(String.class, Object.class));
            assertThat(body).containsEntry("msg_type", "interactive");
            assertThat(feishuSigned((String) body.get("timestamp"), (String) body.get("sign"), "lark-secret")).isTrue();
        }
        // AND no secret reached a bus event
        assertThat(runtime.bus().recent()).noneMatch(e -> e.contains("ding-secret") || e.contains("R0UTINGKEY"));
    }

    @Test
    void start_shouldStopWithTheFileAndLine_whenTheConfigurationIsInvalid() throws Exception {
        // GIVEN a destination of an unknown type
        Path config = klaxonYaml(dir, """
                routes:
                  - name: default
                    channel: C0E2E
                    policy: default
                policies:
                  default: { levels: [ { mention: [here] } ] }
                destinations:
                  - name: chat
                    type: slackish
                """);

        // WHEN the local stack starts THEN it refuses with the error line, and nothing runs
        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> startWith(slack, 300, config));
        assertThat(refused).isInstanceOf(LocalArtifact.ConfigRefusedException.class)
                .hasMessage(config + ":9: type: 'slackish' is not one of [pagerduty, teams, dingtalk, wecom, feishu, webhook, email]");
    }

    /** DingTalk's check, written from its documentation. */
    private static boolean dingTalkSigned(Map<String, String> query, String secret) throws Exception {
        byte[] expected = hmac(secret.getBytes(StandardCharsets.UTF_8),
                (query.get("timestamp") + "\n" + secret).getBytes(StandardCharsets.UTF_8));
        return MessageDigest.isEqual(expected, Base64.getDecoder().decode(query.get("sign")));
    }

    /** Feishu's check: the key is timestamp + "\n" + secret, the message is empty. */
    private static boolean feishuSigned(String timestamp, String sign, String secret) throws Exception {
        byte[] expected = hmac((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8), new byte[0]);
        return sign != null && MessageDigest.isEqual(expected, Base64.getDecoder().decode(sign));
    }

    private static byte[] hmac(byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    /** Webhook receivers on 127.0.0.1 that answer like the vendors do when all is well. */
    private static final class Receiver implements AutoCloseable {
        record Received(String path, Map<String, String> query, String body) {
        }

        private final HttpServer server;
        private final List<Received> received = new CopyOnWriteArrayList<>();

        Receiver() {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.createContext("/", exchange -> {
                try (exchange) {
                    URI uri = exchange.getRequestURI();
                    Map<String, String> query = new HashMap<>();
                    if (uri.getRawQuery() != null) {
                        for (String pair : uri.getRawQuery().split("&")) {
                            int eq = pair.indexOf('=');
                            query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                        }
                    }
                    received.add(new Received(uri.getPath(), query,
                            new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                    byte[] ok = "{\"errcode\":0,\"code\":0,\"status\":\"success\"}".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(uri.getPath().equals("/v2/enqueue") ? 202 : 200, ok.length);
                    exchange.getResponseBody().write(ok);
                }
            });
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        List<Received> received(String path) {
            return received.stream().filter(r -> r.path().equals(path)).toList();
        }

        List<Map<String, Object>> bodies(String path) {
            return received(path).stream().map(r -> {
                try {
                    return JSON.readValue(r.body(), Argument.mapOf(String.class, Object.class));
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }).toList();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
