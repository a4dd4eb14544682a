package io.klaxon.deliver;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A webhook receiver on 127.0.0.1 for tests: records every request (path with query, headers, body)
 * and answers 200 {@code {"errcode":0,"code":0}} unless answers are scripted.
 */
final class DestinationStub implements AutoCloseable {

    record Received(String pathAndQuery, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    private record Scripted(int status, String body, Map<String, String> headers) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<Scripted> scripted = new ArrayDeque<>();
    private volatile Predicate<Received> accepts = r -> true;
    private volatile String refusal = "";

    DestinationStub() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                received.add(new Received(exchange.getRequestURI().toString(),
                        Map.copyOf(exchange.getRequestHeaders()), body));
                Scripted answer;
                synchronized (scripted) {
                    answer = scripted.poll();
                }
                if (answer == null && !accepts.test(received.getLast())) {
                    answer = new Scripted(200, refusal, Map.of());
                }
                if (answer == null) {
                    answer = new Scripted(200, "{\"errcode\":0,\"code\":0,\"msg\":\"ok\"}", Map.of());
                }
                answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
                if (bytes.length > 0) {
                    exchange.getResponseBody().write(bytes);
                }
            }
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    DestinationStub answerNext(int status, String body, Map<String, String> headers) {
        synchronized (scripted) {
            scripted.add(new Scripted(status, body, headers));
        }
        return this;
    }

    /**
     * Checks each request as the vendor would (its signature, with the receiver's own secret);
     * a request that fails gets HTTP 200 with {@code refusal}, as the China-region robots answer.
     */
    DestinationStub judging(Predicate<Received> accepts, String refusal) {
        this.accepts = accepts;
        this.refusal = refusal;
        return this;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
