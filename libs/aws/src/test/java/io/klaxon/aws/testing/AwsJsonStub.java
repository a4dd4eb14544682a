package io.klaxon.aws.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.core.type.Argument;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP server on 127.0.0.1 that speaks the AWS JSON protocol well enough for the SDK: it records
 * each call by its {@code X-Amz-Target} and answers with the replies queued for that target, in
 * order. An unexpected call gets a 500 and fails the test that made it.
 */
public final class AwsJsonStub implements AutoCloseable {

    /** One request as the SDK sent it. */
    public record Call(String target, String body, Map<String, Object> json) {
    }

    private record Reply(int status, String body) {
    }

    private static final Reply NO_REPLY =
            new Reply(500, "{\"__type\":\"InternalFailure\",\"message\":\"stub: no reply queued\"}");
    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    private final HttpServer server;
    private final ObjectMapper json;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Reply>> replies = new ConcurrentHashMap<>();

    private AwsJsonStub(HttpServer server, ObjectMapper json) {
        this.server = server;
        this.json = json;
    }

    public static AwsJsonStub start(ObjectMapper json) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            AwsJsonStub stub = new AwsJsonStub(server, json);
            server.createContext("/", stub::handle);
            server.start();
            return stub;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Queues a successful reply for a target such as {@code AWSEvents.PutEvents}. */
    public AwsJsonStub reply(String target, String body) {
        return reply(target, 200, body);
    }

    /** Queues a reply; a 4xx/5xx body is an AWS error, e.g. {@code {"__type":"TaskTimedOut"}}. */
    public AwsJsonStub reply(String target, int status, String body) {
        replies.computeIfAbsent(target, t -> new ArrayDeque<>()).add(new Reply(status, body));
        return this;
    }

    /** Points a client builder at this stub: dummy credentials, no SDK retries, short timeouts. */
    public <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder) {
        return pointedAt(builder, endpoint());
    }

    /** The same configuration for an endpoint of the caller's choice (e.g. a closed port). */
    public static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B pointedAt(B builder, URI endpoint) {
        builder.endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS)
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(Duration.ofSeconds(5)));
        builder.httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofMillis(500)));
        return builder;
    }

    /** A port nobody listens on. */
    public static URI closedEndpoint() {
        try (var socket = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Queues an AWS error reply ({@code __type} and {@code message}). */
    public AwsJsonStub replyError(String target, int status, String errorType, String message) {
        return reply(target, status, write(Map.of("__type", errorType, "message", message)));
    }

    /** Queues a successful reply whose body is {@code body} written as JSON. */
    public AwsJsonStub replyJson(String target, Map<String, ?> body) {
        return reply(target, 200, write(body));
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Call> calls(String target) {
        return calls.stream().filter(c -> c.target().equals(target)).toList();
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, Object> parsed = body.isBlank() ? Map.of()
                : json.readValue(body, Argument.mapOf(String.class, Object.class));
        calls.add(new Call(target, body, parsed));
        Deque<Reply> queue = replies.get(target);
        Reply reply;
        synchronized (this) {
            reply = queue == null ? null : queue.poll();
        }
        if (reply == null) {
            reply = NO_REPLY;
        }
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        exchange.getResponseHeaders().add("Content-Type", contentType == null ? "application/x-amz-json-1.1" : contentType);
        exchange.getResponseHeaders().add("x-amzn-RequestId", "stub-" + calls.size());
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
