package io.klaxon.local.slack;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.local.cli.SlackSigner;
import io.klaxon.slack.testing.SlackStubServer;
import io.micronaut.json.JsonMapper;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.junit.jupiter.api.Test;

class SocketModeBridgeTest {

    private static final JsonMapper JSON = JsonMapper.createDefault();
    private static final String SECRET = "socket-secret";

    record Seen(String path, Map<String, String> headers, String body) {
    }

    @Test
    void bridge_shouldDeliverSignedClickAndAcknowledge_whenSlackSendsInteractiveEnvelope() throws Exception {
        // GIVEN Slack's Socket Mode: apps.connections.open hands out a WebSocket URL on loopback
        List<String> acks = new CopyOnWriteArrayList<>();
        List<Seen> seen = new CopyOnWriteArrayList<>();
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        WebSocketServer slackSide = new WebSocketServer(new InetSocketAddress("127.0.0.1", port)) {
            @Override
            public void onOpen(WebSocket conn, ClientHandshake handshake) {
                conn.send("{\"type\":\"hello\",\"num_connections\":1}");
                conn.send("{\"envelope_id\":\"env-1\",\"type\":\"interactive\",\"accepts_response_payload\":false,"
                        + "\"payload\":{\"type\":\"block_actions\",\"user\":{\"id\":\"UALICE\"},"
                        + "\"actions\":[{\"action_id\":\"klaxon.claim\",\"value\":\"a1:1\"}]}}");
            }

            @Override
            public void onMessage(WebSocket conn, String message) {
                acks.add(message);
            }

            @Override
            public void onClose(WebSocket conn, int code, String reason, boolean remote) {
            }

            @Override
            public void onError(WebSocket conn, Exception ex) {
            }

            @Override
            public void onStart() {
            }
        };
        slackSide.start();
        try (SlackStubServer api = SlackStubServer.start()) {
            api.respondNext("apps.connections.open", 200, "{\"ok\":true,\"url\":\"ws://127.0.0.1:" + port + "/\"}");
            // WHEN the bridge connects with the app token
            try (SocketModeBridge bridge = SocketModeBridge.connect("xapp-test", api.url(), SECRET,
                    (path, headers, body) -> {
                        seen.add(new Seen(path, headers, body));
                        return new SocketModeBridge.Reply(200, "");
                    }, JSON, Clock.systemUTC())) {
                // THEN the click reaches the Slack endpoint as a signed form post, and is acknowledged
                Seen request = await(() -> seen.isEmpty() ? null : seen.getFirst());
                assertThat(request.path()).isEqualTo("/slack/actions");
                String payload = URLDecoder.decode(request.body().substring("payload=".length()), StandardCharsets.UTF_8);
                assertThat(payload).contains("\"klaxon.claim\"").contains("\"a1:1\"");
                long ts = Long.parseLong(request.headers().get("x-slack-request-timestamp"));
                assertThat(request.headers().get("x-slack-signature")).isEqualTo(SlackSigner.sign(SECRET, ts, request.body()));
                String ack = await(() -> acks.isEmpty() ? null : acks.getFirst());
                assertThat(ack).contains("\"envelope_id\":\"env-1\"");
                assertThat(api.requests("apps.connections.open").getFirst().token()).isEqualTo("xapp-test");
            }
        } finally {
            slackSide.stop(1000);
        }
    }

    @Test
    void translator_shouldFormEncodeSlashCommandAndReturnReplyAsAckPayload() {
        // GIVEN an endpoint answering a slash command with an ephemeral reply
        List<Seen> seen = new CopyOnWriteArrayList<>();
        var translator = new SocketModeBridge.Translator(SECRET, (path, headers, body) -> {
            seen.add(new Seen(path, headers, body));
            return new SocketModeBridge.Reply(200, "{\"response_type\":\"ephemeral\",\"text\":\"Claimed\"}");
        }, JSON, Clock.fixed(Instant.parse("2026-11-21T03:00:00Z"), ZoneOffset.UTC));
        // WHEN
        String ack = translator.handle("{\"envelope_id\":\"env-2\",\"type\":\"slash_commands\","
                + "\"payload\":{\"command\":\"/klaxon\",\"text\":\"claim a1\",\"user_id\":\"UBOB\"}}");
        // THEN
        assertThat(seen).singleElement().satisfies(s -> {
            assertThat(s.path()).isEqualTo("/slack/commands");
            assertThat(s.body()).contains("command=%2Fklaxon").contains("text=claim+a1").contains("user_id=UBOB");
        });
        assertThat(ack).contains("\"envelope_id\":\"env-2\"").contains("\"text\":\"Claimed\"");
        assertThat(translator.handle("{\"type\":\"hello\"}")).isNull();
    }

    private static <T> T await(Supplier<T> probe) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        throw new AssertionError("nothing arrived within 10 s");
    }
}
