package io.klaxon.slack.web;

import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.request.chat.ChatPostMessageRequest;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.util.http.SlackHttpClient;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * One {@code chat.postMessage} through a function's own Slack HTTP client to a server on the loopback interface
 * that answers as Slack does, for SnapStart priming: the HTTP client's call path (its dispatcher, interceptors,
 * connection and HTTP/1.1 exchange), the form and the answer's parsing run once before the snapshot, so the
 * restored function's first post does not load and interpret them. Slack is never called, nothing leaves the
 * machine, and the loopback connection is closed before the snapshot (a restored function opens its own).
 */
public final class LoopbackPost {

    /** What Slack answers to a post. */
    static final String POSTED = "{\"ok\":true,\"channel\":\"C0PRIMING\",\"ts\":\"1700000000.000001\"}";

    private LoopbackPost() {
    }

    /**
     * Posts {@code request} through {@code http} to a loopback server started for it, and stops that server.
     *
     * @return the parsed answer (always {@link #POSTED}'s)
     * @throws IOException when the loopback server cannot start or the exchange fails
     */
    public static ChatPostMessageResponse post(SlackHttpClient http, ChatPostMessageRequest request)
            throws IOException, SlackApiException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                byte[] body = POSTED.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
        try {
            String prefix = "http://" + server.getAddress().getAddress().getHostAddress() + ":"
                    + server.getAddress().getPort() + "/api/";
            return new LeanMethodsClient(http, "xoxb-priming", prefix).chatPostMessage(request);
        } finally {
            // Its idle connection to this server would outlive the server in the snapshot.
            http.getOkHttpClient().connectionPool().evictAll();
            server.stop(0);
        }
    }
}
