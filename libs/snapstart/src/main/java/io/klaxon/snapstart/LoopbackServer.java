package io.klaxon.snapstart;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP server on the loopback interface that answers every request with one fixed answer, for priming the call
 * path of a function's HTTP client (its connection, exchange and the answer's parsing) without calling the service
 * it talks to: the priming sends to {@link #url()} what the function would send to the service. Every answer says
 * {@code Connection: close}, so the client keeps no connection to this server, which is gone after the priming and
 * must not be in the snapshot.
 */
public final class LoopbackServer implements AutoCloseable {

    private final HttpServer server;

    private LoopbackServer(HttpServer server) {
        this.server = server;
    }

    /**
     * Starts a server answering every request with {@code status} and {@code body} as {@code contentType}.
     *
     * @throws IOException when no loopback port can be bound
     */
    public static LoopbackServer answering(int status, String contentType, String body) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] answer = body.getBytes(StandardCharsets.UTF_8);
        http.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().set("Content-Type", contentType);
                exchange.getResponseHeaders().set("Connection", "close");
                exchange.sendResponseHeaders(status, answer.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        });
        http.start();
        return new LoopbackServer(http);
    }

    /** The server's base URL, ending in {@code /}: {@code http://127.0.0.1:<port>/}. */
    public String url() {
        InetSocketAddress address = server.getAddress();
        return "http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
