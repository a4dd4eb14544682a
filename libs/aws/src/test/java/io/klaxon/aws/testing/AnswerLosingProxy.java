package io.klaxon.aws.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiPredicate;

/**
 * An HTTP proxy on 127.0.0.1 in front of an AWS JSON endpoint (DynamoDB Local) that can lose an answer:
 * the request reaches the service and takes effect, and the connection then closes before any byte of the
 * answer goes back. That is what a reset or a socket timeout looks like to the SDK, which sends the same
 * request again; a conditional write then meets its own first attempt.
 */
public final class AnswerLosingProxy implements AutoCloseable {

    /** Headers the JDK client sets itself and refuses to be given. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient forward = HttpClient.newHttpClient();
    private final URI target;
    private final List<BiPredicate<String, String>> toLose = new CopyOnWriteArrayList<>();
    private final List<String> lost = new CopyOnWriteArrayList<>();

    private AnswerLosingProxy(HttpServer server, ExecutorService executor, URI target) {
        this.server = server;
        this.executor = executor;
        this.target = target;
    }

    /** Starts on an ephemeral port, forwarding every request to {@code target}. */
    public static AnswerLosingProxy start(URI target) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            AnswerLosingProxy proxy = new AnswerLosingProxy(server, executor, target);
            server.createContext("/", exchange -> {
                try (exchange) {
                    proxy.handle(exchange);
                }
            });
            server.setExecutor(executor);
            server.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the proxy", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * Loses the answer of the next request that {@code which} accepts (given the operation, e.g.
     * {@code PutItem}, and the request body), once.
     */
    public AnswerLosingProxy loseNextAnswer(BiPredicate<String, String> which) {
        toLose.add(which);
        return this;
    }

    /** The operations whose answers were lost, in order. */
    public List<String> lost() {
        return List.copyOf(lost);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI()))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase())) {
                values.forEach(v -> request.header(name, v));
            }
        });
        HttpResponse<byte[]> answer;
        try {
            answer = forward.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String operation = target == null ? "" : target.substring(target.indexOf('.') + 1);
        String text = new String(body, StandardCharsets.UTF_8);
        for (BiPredicate<String, String> which : toLose) {
            if (which.test(operation, text) && toLose.remove(which)) {
                lost.add(operation);
                return; // the service did the work; closing without headers drops the connection
            }
        }
        answer.headers().map().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("content-length") && !name.startsWith(":")) {
                values.forEach(v -> exchange.getResponseHeaders().add(name, v));
            }
        });
        exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
        exchange.getResponseBody().write(answer.body());
    }
}
