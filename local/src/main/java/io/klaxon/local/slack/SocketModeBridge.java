package io.klaxon.local.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.socket_mode.SocketModeClient;
import io.klaxon.local.cli.SlackSigner;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives Slack interactivity and slash commands over Socket Mode (an outbound WebSocket opened
 * with the app-level token), so a real workspace works locally without a public URL.
 *
 * <p>Socket Mode envelopes are authenticated by the app token on the connection and carry no
 * request signature. To keep one code path for every Slack request, the bridge rebuilds the HTTP
 * body Slack would have posted, signs it with the configured signing secret, and hands it to the
 * same endpoint that serves {@code POST /slack/*}. The envelope is acknowledged with the endpoint's
 * answer as payload (a slash command's ephemeral reply).
 */
public final class SocketModeBridge implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SocketModeBridge.class);

    /** The endpoint behind {@code POST /slack/actions} and {@code /slack/commands}. */
    @FunctionalInterface
    public interface SlackRequests {
        Reply handle(String path, Map<String, String> headers, String rawBody);
    }

    public record Reply(int status, String body) {
    }

    private final SocketModeClient client;

    private SocketModeBridge(SocketModeClient client) {
        this.client = client;
    }

    public static SocketModeBridge connect(String appToken, String apiUrl, String signingSecret, SlackRequests endpoint,
                                           JsonMapper json, Clock clock) {
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(apiUrl);
        try {
            SocketModeClient client = Slack.getInstance(config).socketMode(appToken, SocketModeClient.Backend.JavaWebSocket);
            Translator translator = new Translator(signingSecret, endpoint, json, clock);
            client.addWebSocketMessageListener(message -> {
                String ack = translator.handle(message);
                if (ack != null) {
                    client.sendSocketModeResponse(ack);
                }
            });
            client.addWebSocketErrorListener(e -> LOG.warn("Socket Mode error: {}", e.toString()));
            client.connect();
            LOG.info("Socket Mode connected: Slack clicks and /klaxon commands arrive over the WebSocket");
            return new SocketModeBridge(client);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open Socket Mode with SLACK_APP_TOKEN: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
    }

    /** Turns one Socket Mode envelope into a signed request, and the endpoint's answer into the ack. */
    static final class Translator {
        private final String signingSecret;
        private final SlackRequests endpoint;
        private final JsonMapper json;
        private final Clock clock;

        Translator(String signingSecret, SlackRequests endpoint, JsonMapper json, Clock clock) {
            this.signingSecret = signingSecret;
            this.endpoint = endpoint;
            this.json = json;
            this.clock = clock;
        }

        /** @return the ack to send, or null for envelopes that need none (hello, disconnect) */
        String handle(String message) {
            try {
                Map<String, Object> envelope = json.readValue(message, Argument.mapOf(String.class, Object.class));
                Object envelopeId = envelope.get("envelope_id");
                Object type = envelope.get("type");
                if (envelopeId == null) {
                    return null;
                }
                String path;
                String body;
                if ("interactive".equals(type)) {
                    path = "/slack/actions";
                    body = "payload=" + encode(new String(json.writeValueAsBytes(envelope.get("payload")), StandardCharsets.UTF_8));
                } else if ("slash_commands".equals(type)) {
                    path = "/slack/commands";
                    body = ((Map<?, ?>) envelope.get("payload")).entrySet().stream()
                            .map(e -> encode(String.valueOf(e.getKey())) + "=" + encode(String.valueOf(e.getValue())))
                            .collect(Collectors.joining("&"));
                } else {
                    LOG.info("Socket Mode envelope of type {} acknowledged and ignored", type);
                    return new String(json.writeValueAsBytes(Map.of("envelope_id", envelopeId)), StandardCharsets.UTF_8);
                }
                long ts = clock.instant().getEpochSecond();
                Reply reply = endpoint.handle(path, Map.of(
                        "content-type", "application/x-www-form-urlencoded",
                        "x-slack-request-timestamp", Long.toString(ts),
                        "x-slack-signature", SlackSigner.sign(signingSecret, ts, body)), body);
                Map<String, Object> ack = new LinkedHashMap<>();
                ack.put("envelope_id", envelopeId);
                if (reply.body() != null && reply.body().startsWith("{")) {
                    ack.put("payload", json.readValue(reply.body(), Argument.mapOf(String.class, Object.class)));
                }
                if (reply.status() != 200) {
                    LOG.warn("Socket Mode {} request answered {}", type, reply.status());
                }
                return new String(json.writeValueAsBytes(ack), StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                LOG.error("Socket Mode envelope could not be handled: {}", e.toString());
                return null;
            }
        }

        private static String encode(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8);
        }
    }
}
