package io.klaxon.local.http;

import com.sun.net.httpserver.HttpServer;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP server on the JDK's built-in server: exact method + path routes (or a path prefix
 * ending in {@code /}), JSON answers, and a 500 that names the error instead of a hung request.
 */
public final class Routes implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Routes.class);

    @FunctionalInterface
    public interface Handler {
        void handle(Exchange exchange) throws Exception;
    }

    private record Route(String method, String path, Handler handler) {
        boolean matches(Exchange e) {
            return method.equals(e.method()) && (path.endsWith("/") ? e.path().startsWith(path) : path.equals(e.path()));
        }
    }

    private final List<Route> routes = new ArrayList<>();
    private final JsonMapper json;
    private HttpServer server;
    private ExecutorService executor;

    public Routes(JsonMapper json) {
        this.json = json;
    }

    public Routes on(String method, String path, Handler handler) {
        routes.add(new Route(method, path, handler));
        return this;
    }

    public Routes start(String host, int port, int threads, String name) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 64);
        executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", raw -> {
            Exchange exchange = Exchange.of(raw);
            Route route = routes.stream().filter(r -> r.matches(exchange)).findFirst().orElse(null);
            try {
                if (route == null) {
                    json(exchange, 404, Map.of("error", "no such endpoint: " + exchange.method() + " " + exchange.path()));
                } else {
                    route.handler().handle(exchange);
                }
            } catch (Exception e) {
                LOG.error("{} {} failed", exchange.method(), exchange.path(), e);
                json(exchange, 500, Map.of("errorType", e.getClass().getName(),
                        "errorMessage", String.valueOf(e.getMessage())));
            }
        });
        server.start();
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void json(Exchange exchange, int status, Object body) throws IOException {
        exchange.reply(status, "application/json", json.writeValueAsBytes(body));
    }

    public void text(Exchange exchange, int status, String contentType, String body) throws IOException {
        exchange.reply(status, contentType, body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
