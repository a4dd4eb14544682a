package io.klaxon.slack.testing;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.google.gson.JsonArray;
import com.google.gson.JsonParseException;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import io.klaxon.slack.SlackFactory;
import io.klaxon.slack.web.WebApiParameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * A stand-in for Slack's Web API on 127.0.0.1, for tests: it records every request and answers the
 * way Slack does ({@code {"ok":true,…}} with a channel and a message {@code ts}). Point the Slack SDK
 * at {@link #url()} through {@code SlackConfig#setMethodsEndpointUrlPrefix} (in Klaxon: the
 * {@code SLACK_API_URL} setting).
 *
 * <pre>{@code
 * try (var slack = SlackStubServer.start()) {
 *     slack.failNext("chat.postMessage", "channel_not_found");   // script a failure
 *     ...
 *     var post = slack.awaitRequests("chat.postMessage", 1, Duration.ofSeconds(5)).get(0);
 *     assertThat(post.param("channel")).isEqualTo("C0123456789");
 * }
 * }</pre>
 *
 * <p>Form bodies (what the SDK sends) and JSON bodies are both understood. Answers can be scripted
 * per method: {@link #failNext}, {@link #respondNext}; unscripted calls succeed. A standing
 * refusal of every call ({@link #refuse}, {@link #refuseAfter}, {@link #stopRefusing}) plays a
 * revoked token or a removed channel; {@link #holdFirst} holds one request until released.
 * Thread-safe.
 *
 * <p>It also serves click {@code response_url}s ({@link #responseUrl}): what is posted to one is
 * recorded under the method {@code response_url/<name>} ({@link #responses}), and can be scripted
 * like a method (a 404 for an expired address, say).
 *
 * <p>{@link #hang} plays a Slack that takes requests but does not answer: every Web API call and
 * response_url post is held until {@link #recover} or the hang's duration ends, then answered 503.
 * Such a request was never taken, so it is kept apart ({@link #heldRequests}), not in
 * {@link #requests()}.
 *
 *
 * <p>Like Slack, it keeps what was posted: each {@code chat.postMessage} it answers itself is stored
 * per channel with its ts, text, {@code metadata} and {@code thread_ts} ({@link #messages}),
 * {@code chat.update} edits the stored text, and {@code conversations.history} lists a channel's
 * top-level messages as Slack does (newest first, {@code oldest}/{@code latest}/{@code inclusive},
 * {@code limit} and cursor pages, {@code metadata} only with {@code include_all_metadata}), and
 * {@code conversations.replies} a thread's (oldest first, the same parameters). Message
 * timestamps are {@code 1700000000.000001}, {@code …000002} and so on; a stub started with a
 * {@link #start(Clock) clock} stamps them with the clock's second instead, for code that asks for
 * history since a real time. {@link #answerLate} plays Slack storing a post and answering after the
 * client gave up.
 */
public final class SlackStubServer implements AutoCloseable {

    /** One request as Slack would have received it. */
    public record Request(String method, String authorization, String contentType, Map<String, String> params,
                          String body) {

        /** A form field or top-level JSON field as text (JSON objects and arrays as their JSON). */
        public String param(String name) {
            return params.get(name);
        }

        /** A field holding JSON (for example {@code blocks} or {@code attachments}), parsed. */
        public JsonElement json(String name) {
            String value = params.get(name);
            return value == null ? null : JsonParser.parseString(value);
        }

        /** The bearer token the request carried, or null. */
        public String token() {
            if (authorization != null && authorization.startsWith("Bearer ")) {
                return authorization.substring("Bearer ".length());
            }
            return params.get("token");
        }
    }

    private static final long POLL_NANOS = Duration.ofMillis(10).toNanos();
    private static final String RESPONSE_PATH = "/response/";
    /** The method name response_url requests are recorded under, followed by {@code /<name>}. */
    public static final String RESPONSE_URL = "response_url";

    /** A message as Slack stores it; {@code metadata} is null when the post carried none. */
    public record Posted(String channel, String ts, String text, JsonObject metadata, String threadTs) {

        public boolean topLevel() {
            return threadTs == null || threadTs.equals(ts);
        }
    }

    private record Scripted(int status, String body, Map<String, String> headers) {
    }

    /** A standing refusal: active once the trigger request has been seen (or at once). */
    private static final class Refusal {
        private final Predicate<Request> trigger;
        private final String error;
        private boolean active;

        Refusal(Predicate<Request> trigger, String error, boolean active) {
            this.trigger = trigger;
            this.error = error;
            this.active = active;
        }
    }

    private Refusal refusal;
    private final AtomicInteger refused = new AtomicInteger();

    private static final class Late {
        final String method;
        final Predicate<Request> which;
        int remaining;
        final Duration delay;

        Late(String method, Predicate<Request> which, int remaining, Duration delay) {
            this.method = method;
            this.which = which;
            this.remaining = remaining;
            this.delay = delay;
        }
    }

    /** Slack's default page size for conversations.history. */
    private static final int HISTORY_DEFAULT_LIMIT = 100;
    private static final String FAKE_SECONDS = "1700000000";

    /** Replaced while the stub refuses connections ({@link #refuseConnections}); always on {@link #port}. */
    private volatile HttpServer server;
    private final int port;
    private final ExecutorService executor;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Scripted>> scripted = new HashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final List<Hold> holds = new ArrayList<>();
    private final List<Request> held = new CopyOnWriteArrayList<>();
    /** Open while Slack hangs; {@link #recover} counts it down. Null when Slack answers. */
    private volatile CountDownLatch hanging;
    private volatile Duration hangFor = Duration.ZERO;
    /** Stored messages per channel, oldest first; guarded by {@code this}. */
    private final Map<String, List<Posted>> channels = new LinkedHashMap<>();
    private final List<Late> late = new ArrayList<>();
    private final ScheduledExecutorService lateAnswers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "slack-stub-late");
        t.setDaemon(true);
        return t;
    });
    private final Clock clock;
    /** Every request that reached Slack, with when (wall time) it arrived. */
    private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
    /** Standing 429 answers per method and channel; guarded by {@code this}. */
    private final List<RateLimit> rateLimits = new ArrayList<>();
    /** When each 429 was sent. */
    private final List<Arrival> rateLimited = new CopyOnWriteArrayList<>();

    /** A request and the wall-clock instant it arrived at (or, for a 429, was answered). */
    public record Arrival(Request request, Instant at) {
    }

    private static final class RateLimit {
        final String method;
        final String channel;
        int remaining;
        final Duration retryAfter;

        RateLimit(String method, String channel, int remaining, Duration retryAfter) {
            this.method = method;
            this.channel = channel;
            this.remaining = remaining;
            this.retryAfter = retryAfter;
        }
    }

    private SlackStubServer(HttpServer server, ExecutorService executor, Clock clock) {
        this.server = server;
        this.port = server.getAddress().getPort();
        this.executor = executor;
        this.clock = clock;
    }

    /** Starts a stub on an ephemeral port of 127.0.0.1. */
    private volatile Instant unavailableUntil;
    private final java.util.concurrent.atomic.AtomicInteger unavailableAnswers =
            new java.util.concurrent.atomic.AtomicInteger();

    public static SlackStubServer start() {
        return start(null);
    }

    /**
     * Starts a stub whose message timestamps carry the clock's second, as Slack's carry its own time
     * (null: the fixed second {@value #FAKE_SECONDS}).
     */
    public static SlackStubServer start(Clock clock) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "slack-stub");
                t.setDaemon(true);
                return t;
            });
            SlackStubServer stub = new SlackStubServer(server, executor, clock);
            stub.serve(server);
            return stub;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Slack stub", e);
        }
    }

    private void serve(HttpServer listening) {
        com.sun.net.httpserver.HttpHandler handler = exchange -> {
            try {
                handle(exchange);
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
            }
        };
        listening.createContext("/api/", handler);
        listening.createContext(RESPONSE_PATH, handler);
        listening.setExecutor(executor);
        listening.start();
    }

    /**
     * Slack unreachable at the TCP level: the port stops listening and open connections are closed, so the
     * client's next request fails to connect (nothing reaches Slack, unlike {@link #hang} or a dropped answer).
     * {@link #acceptConnections} listens again on the same port, with everything stored kept.
     */
    public SlackStubServer refuseConnections() {
        server.stop(0);
        return this;
    }

    /** Listens again after {@link #refuseConnections}, on the same port. */
    public SlackStubServer acceptConnections() {
        try {
            HttpServer listening = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            serve(listening);
            server = listening;
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen again on port " + port, e);
        }
    }

    /** The real Slack SDK pointed at this stub, built as Klaxon builds it ({@link SlackFactory#sdk}). */
    public Slack sdk() {
        return sdk(0);
    }

    /**
     * As {@link #sdk()}, with the client's read timeout (shorter than the stub's late answers, as the SDK's 10 s is
     * shorter than a slow Slack's); 0 keeps the SDK's.
     */
    public Slack sdk(int readTimeoutMillis) {
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(url());
        if (readTimeoutMillis > 0) {
            config.setHttpClientReadTimeoutMillis(readTimeoutMillis);
        }
        return SlackFactory.sdk(config);
    }

    /** The Web API base URL, ending in {@code /}: {@code http://127.0.0.1:PORT/api/}. */
    public String url() {
        return "http://127.0.0.1:" + port + "/api/";
    }

    /**
     * A click's {@code response_url} on this stub, as Slack would put one in a {@code block_actions}
     * payload: {@code http://127.0.0.1:PORT/response/<name>}. Posts to it answer 200 {@code ok}.
     *
     * @param name letters, digits, '-' or '_': which click it belongs to
     */
    public String responseUrl(String name) {
        return "http://127.0.0.1:" + port + RESPONSE_PATH + name;
    }

    /** What was posted to {@link #responseUrl}{@code (name)} so far, oldest first. */
    public List<Request> responses(String name) {
        return requests(RESPONSE_URL + "/" + name);
    }

    /** What was posted to any response_url so far, oldest first. */
    public List<Request> responses() {
        return requests.stream().filter(r -> r.method().startsWith(RESPONSE_URL + "/")).toList();
    }

    /**
     * Slack stops answering: from now on every request is held for {@code duration} (or until
     * {@link #recover}) and then answered 503, as a Slack that timed out behind its load balancer.
     */
    public SlackStubServer hang(Duration duration) {
        hangFor = duration;
        hanging = new CountDownLatch(1);
        return this;
    }

    /** Slack answers again; requests held by {@link #hang} are released (with their 503) at once. */
    public SlackStubServer recover() {
        CountDownLatch gate = hanging;
        hanging = null;
        if (gate != null) {
            gate.countDown();
        }
        return this;
    }

    /**
     * Slack is down until {@code until}: every Web API call and response_url post before then is
     * answered HTTP 503 at once (an outage, not a hang), counted ({@link #unavailableCount}) and
     * otherwise not kept: Slack took nothing. Null ends it at once.
     */
    public SlackStubServer unavailableUntil(Instant until) {
        unavailableUntil = until;
        return this;
    }

    /** How many requests {@link #unavailableUntil} answered 503. */
    public int unavailableCount() {
        return unavailableAnswers.get();
    }

    /** Requests that arrived while Slack hung: never taken. */
    public List<Request> heldRequests() {
        return List.copyOf(held);
    }

    /**
     * Slack rate-limits {@code method} for {@code channel}: its next {@code times} calls answer HTTP
     * 429 {@code ratelimited} with {@code Retry-After} in whole seconds, as Slack does.
     */
    public synchronized SlackStubServer rateLimit(String method, String channel, int times, Duration retryAfter) {
        rateLimits.add(new RateLimit(method, channel, times, retryAfter));
        return this;
    }

    /** Every 429 the stub answered, with when, oldest first. */
    public List<Arrival> rateLimited() {
        return List.copyOf(rateLimited);
    }

    /** Every request of {@code method} to {@code channel} that reached Slack, with when, oldest first. */
    public List<Arrival> arrivals(String method, String channel) {
        return arrivals.stream()
                .filter(a -> a.request().method().equals(method) && channel.equals(a.request().param("channel")))
                .toList();
    }

    /** The next call of {@code method} answers HTTP 200 {@code {"ok":false,"error":<error>}}. */
    public SlackStubServer failNext(String method, String error) {
        JsonObject body = new JsonObject();
        body.addProperty("ok", false);
        body.addProperty("error", error);
        return respondNext(method, 200, body.toString());
    }

    /** The next call of {@code method} answers with this status and body. */
    public SlackStubServer respondNext(String method, int status, String body) {
        return respondNext(method, status, body, Map.of());
    }

    /** The next call of {@code method} answers with this status, body and headers (e.g. Retry-After). */
    public synchronized SlackStubServer respondNext(String method, int status, String body,
                                                    Map<String, String> headers) {
        scripted.computeIfAbsent(method, m -> new ArrayDeque<>()).add(new Scripted(status, body, headers));
        return this;
    }

    /**
     * Holds the first request that matches, unanswered, until {@link Hold#release()}: Slack being slow
     * at exactly one moment, so a test can act while Klaxon waits on that call. Later matches pass.
     */
    public synchronized Hold holdFirst(Predicate<Request> which) {
        Hold hold = new Hold(which);
        holds.add(hold);
        return hold;
    }

    /** One held request; see {@link #holdFirst}. */
    public static final class Hold {
        /** Bounds a hold a test forgot to release, so the stub never hangs a build. */
        private static final Duration LONGEST = Duration.ofSeconds(60);

        private final Predicate<Request> which;
        private final CountDownLatch held = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private volatile Request request;

        private Hold(Predicate<Request> which) {
            this.which = which;
        }

        /** Waits until the request arrived and is being held; @return it */
        public Request awaitHeld(Duration timeout) throws InterruptedException {
            if (!held.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("no request matching the hold arrived within " + timeout);
            }
            return request;
        }

        /** Lets the held request be answered (as it would have been). */
        public void release() {
            released.countDown();
        }

        private void hold(Request arrived) throws InterruptedException {
            request = arrived;
            held.countDown();
            released.await(LONGEST.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * From now on every call, of any method, answers HTTP 200 {@code {"ok":false,"error":<error>}}
     * (as Slack does for a revoked token: {@code invalid_auth}) until {@link #stopRefusing()}.
     * Refused calls are recorded like the others.
     */
    public SlackStubServer refuse(String error) {
        return refuseAfter(request -> true, error, true);
    }

    /**
     * Like {@link #refuse}, starting after the first request that matches {@code trigger} (which is
     * answered normally): for a failure that must begin at a given point of a conversation, such as
     * right after a message was posted, without racing the caller.
     */
    public SlackStubServer refuseAfter(Predicate<Request> trigger, String error) {
        return refuseAfter(trigger, error, false);
    }

    /** Slack answers normally again. */
    public synchronized SlackStubServer stopRefusing() {
        refusal = null;
        return this;
    }

    /** How many calls were refused since the stub started. */
    public int refusedCount() {
        return refused.get();
    }

    private synchronized SlackStubServer refuseAfter(Predicate<Request> trigger, String error, boolean now) {
        refusal = new Refusal(trigger, error, now);
        return this;
    }

    /**
     * The next {@code times} calls of {@code method} that match {@code which} take effect as any
     * other (recorded, a post stored and visible in history at once) but are answered only after
     * {@code delay}: Slack storing a post and answering after the client's timeout, so the caller
     * sees a failure although the call landed.
     */
    public synchronized SlackStubServer answerLate(String method, Predicate<Request> which, int times,
                                                   Duration delay) {
        late.add(new Late(method, which, times, delay));
        return this;
    }

    /** Every message stored in a channel (top-level and thread replies), oldest first. */
    public synchronized List<Posted> messages(String channel) {
        return List.copyOf(channels.getOrDefault(channel, List.of()));
    }

    /** The channels that hold stored messages. */
    public synchronized List<String> channels() {
        return List.copyOf(channels.keySet());
    }

    /** Every request so far, oldest first. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests of one method so far, oldest first. */
    public List<Request> requests(String method) {
        return requests.stream().filter(r -> r.method().equals(method)).toList();
    }

    /**
     * Waits until at least {@code count} requests of {@code method} arrived, polling until the
     * deadline; for code that calls Slack from another thread or process.
     *
     * @throws AssertionError when the deadline passes first, naming what did arrive
     */
    public List<Request> awaitRequests(String method, int count, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            List<Request> found = requests(method);
            if (found.size() >= count) {
                return found;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("expected " + count + " " + method + " request(s) within " + timeout
                        + " but got " + found.size() + "; all requests: "
                        + requests.stream().map(Request::method).toList());
            }
            // A short pause between checks of the deadline, not a wait for time to pass.
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /** Forgets recorded requests, scripted and late answers, stored messages and any refusal. */
    public synchronized void reset() {
        requests.clear();
        scripted.clear();
        holds.forEach(Hold::release);
        holds.clear();
        refusal = null;
        late.clear();
        channels.clear();
        arrivals.clear();
        rateLimits.clear();
        rateLimited.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        lateAnswers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException, InterruptedException {
        boolean answeredLater = false;
        try {
            String path = exchange.getRequestURI().getPath();
            String method = path.startsWith(RESPONSE_PATH)
                    ? RESPONSE_URL + "/" + path.substring(RESPONSE_PATH.length())
                    : path.substring("/api/".length());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            Map<String, String> params = WebApiParameters.parse(contentType, body, exchange.getRequestURI().getRawQuery());
            Request request = new Request(method, exchange.getRequestHeaders().getFirst("Authorization"), contentType,
                    params, body);
            CountDownLatch gate = hanging;
            if (gate != null) {
                held.add(request);
                try {
                    gate.await(hangFor.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            Instant down = unavailableUntil;
            if (down != null && Instant.now().isBefore(down)) {
                unavailableAnswers.incrementAndGet();
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            requests.add(request);
            arrivals.add(new Arrival(request, Instant.now()));
            Hold hold = takeHold(request);
            if (hold != null) {
                hold.hold(request);
            }

            Scripted answer = refusal(request);
            if (answer == null) {
                answer = rateLimit(request);
            }
            if (answer == null) {
                answer = nextScripted(method);
            }
            if (answer == null) {
                answer = new Scripted(200, defaultAnswer(method, params).toString(), Map.of());
            }
            Duration delay = lateDelay(request);
            if (delay != null) {
                Scripted later = answer;
                lateAnswers.schedule(() -> answerLate(exchange, later), delay.toMillis(), TimeUnit.MILLISECONDS);
                answeredLater = true;
                return;
            }
            send(exchange, answer);
        } finally {
            if (!answeredLater) {
                exchange.close();
            }
        }
    }

    private synchronized Hold takeHold(Request request) {
        for (var it = holds.iterator(); it.hasNext(); ) {
            Hold hold = it.next();
            if (hold.which.test(request)) {
                it.remove();
                return hold;
            }
        }
        return null;
    }

    private static void send(HttpExchange exchange, Scripted answer) throws IOException {
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    private static void answerLate(HttpExchange exchange, Scripted answer) {
        try (exchange) {
            send(exchange, answer);
        } catch (IOException clientGaveUp) {
            // The point of a late answer: the client has usually closed the connection by now.
        }
    }

    /** How long to hold this request's answer, or null to answer at once. */
    private synchronized Duration lateDelay(Request request) {
        for (Late rule : late) {
            if (rule.remaining > 0 && rule.method.equals(request.method()) && rule.which.test(request)) {
                rule.remaining--;
                return rule.delay;
            }
        }
        return null;
    }

    /** A 429 with Retry-After for this request, when a rate limit of its method and channel is left. */
    private synchronized Scripted rateLimit(Request request) {
        for (RateLimit rule : rateLimits) {
            if (rule.remaining > 0 && rule.method.equals(request.method())
                    && rule.channel.equals(request.param("channel"))) {
                rule.remaining--;
                rateLimited.add(new Arrival(request, Instant.now()));
                return new Scripted(429, "{\"ok\":false,\"error\":\"ratelimited\"}",
                        Map.of("Retry-After", Long.toString(rule.retryAfter.toSeconds())));
            }
        }
        return null;
    }

    /** The refusal for this request, or null; a trigger request itself is answered normally. */
    private synchronized Scripted refusal(Request request) {
        if (refusal == null) {
            return null;
        }
        if (!refusal.active) {
            refusal.active = refusal.trigger.test(request);
            return null;
        }
        refused.incrementAndGet();
        JsonObject body = new JsonObject();
        body.addProperty("ok", false);
        body.addProperty("error", refusal.error);
        return new Scripted(200, body.toString(), Map.of());
    }

    private synchronized Scripted nextScripted(String method) {
        Deque<Scripted> queue = scripted.get(method);
        return queue == null ? null : queue.poll();
    }

    /** What Slack answers to a successful call, with the fields Klaxon and the SDK read. */
    private JsonObject defaultAnswer(String method, Map<String, String> params) {
        JsonObject body = new JsonObject();
        body.addProperty("ok", true);
        String channel = params.get("channel");
        switch (method) {
            case "chat.postMessage" -> {
                JsonObject metadata;
                try {
                    metadata = metadata(params.get("metadata"));
                } catch (JsonParseException | IllegalStateException e) {
                    body.addProperty("ok", false);
                    body.addProperty("error", "invalid_metadata_format");
                    return body;
                }
                String ts = store(channel, params.getOrDefault("text", ""), metadata, params.get("thread_ts"));
                body.addProperty("channel", channel);
                body.addProperty("ts", ts);
                JsonObject message = new JsonObject();
                message.addProperty("type", "message");
                message.addProperty("text", params.getOrDefault("text", ""));
                message.addProperty("ts", ts);
                if (params.get("thread_ts") != null) {
                    message.addProperty("thread_ts", params.get("thread_ts"));
                }
                body.add("message", message);
            }
            case "chat.update" -> {
                edit(channel, params.get("ts"), params.getOrDefault("text", ""));
                body.addProperty("channel", channel);
                body.addProperty("ts", params.get("ts"));
                body.addProperty("text", params.getOrDefault("text", ""));
            }
            case "chat.postEphemeral" -> body.addProperty("message_ts", nextTs());
            case "conversations.history" -> history(body, channel, params);
            case "conversations.replies" -> replies(body, channel, params);
            case String m when m.startsWith(RESPONSE_URL + "/") -> {
                // Slack answers a response_url post with 200 and the body "ok"; the SDK reads only the status.
                return new JsonObject();
            }
            case "auth.test" -> {
                body.addProperty("url", "https://klaxon-test.slack.com/");
                body.addProperty("team", "Klaxon Test");
                body.addProperty("user", "klaxon");
                body.addProperty("team_id", "T0KLAXON");
                body.addProperty("user_id", "U0KLAXON");
                body.addProperty("bot_id", "B0KLAXON");
            }
            default -> {
                // Slack's answer to a method it does not know.
                body.addProperty("ok", false);
                body.addProperty("error", "unknown_method");
            }
        }
        return body;
    }

    private String nextTs() {
        String seconds = clock == null ? FAKE_SECONDS : Long.toString(clock.instant().getEpochSecond());
        return String.format(Locale.ROOT, "%s.%06d", seconds, sequence.incrementAndGet());
    }

    private static JsonObject metadata(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        JsonObject metadata = JsonParser.parseString(json).getAsJsonObject();
        if (!metadata.has("event_type") || !metadata.has("event_payload")) {
            throw new IllegalStateException("metadata needs event_type and event_payload");
        }
        return metadata;
    }

    private synchronized String store(String channel, String text, JsonObject metadata, String threadTs) {
        String ts = nextTs();
        channels.computeIfAbsent(String.valueOf(channel), c -> new ArrayList<>())
                .add(new Posted(channel, ts, text, metadata, threadTs));
        return ts;
    }

    private synchronized void edit(String channel, String ts, String text) {
        List<Posted> messages = channels.getOrDefault(String.valueOf(channel), List.of());
        for (int i = 0; i < messages.size(); i++) {
            Posted m = messages.get(i);
            if (m.ts().equals(ts)) {
                messages.set(i, new Posted(m.channel(), m.ts(), text, m.metadata(), m.threadTs()));
            }
        }
    }

    /** conversations.history as Slack answers it: top-level messages, newest first, in cursor pages. */
    private synchronized void history(JsonObject body, String channel, Map<String, String> params) {
        boolean inclusive = isTrue(params.get("inclusive"));
        BigDecimal oldest = params.get("oldest") == null ? null : new BigDecimal(params.get("oldest"));
        BigDecimal latest = params.get("latest") == null ? null : new BigDecimal(params.get("latest"));
        List<Posted> matching = channels.getOrDefault(String.valueOf(channel), List.of()).stream()
                .filter(Posted::topLevel)
                .filter(m -> oldest == null || compare(m, oldest) > 0 || inclusive && compare(m, oldest) == 0)
                .filter(m -> latest == null || compare(m, latest) < 0 || inclusive && compare(m, latest) == 0)
                .sorted(Comparator.comparing((Posted m) -> new BigDecimal(m.ts())).reversed())
                .toList();
        page(body, matching, params, null);
        body.addProperty("pin_count", 0);
    }

    /**
     * conversations.replies as Slack answers it: the thread's parent and its replies, oldest first, filtered by
     * {@code oldest}/{@code latest}/{@code inclusive}, in cursor pages; {@code thread_not_found} for no thread.
     */
    private synchronized void replies(JsonObject body, String channel, Map<String, String> params) {
        String ts = params.get("ts");
        List<Posted> all = channels.getOrDefault(String.valueOf(channel), List.of());
        if (ts == null || all.stream().noneMatch(m -> m.ts().equals(ts))) {
            body.addProperty("ok", false);
            body.addProperty("error", "thread_not_found");
            return;
        }
        boolean inclusive = isTrue(params.get("inclusive"));
        BigDecimal oldest = params.get("oldest") == null ? null : new BigDecimal(params.get("oldest"));
        BigDecimal latest = params.get("latest") == null ? null : new BigDecimal(params.get("latest"));
        List<Posted> matching = all.stream()
                .filter(m -> m.ts().equals(ts) || ts.equals(m.threadTs()))
                .filter(m -> oldest == null || compare(m, oldest) > 0 || inclusive && compare(m, oldest) == 0)
                .filter(m -> latest == null || compare(m, latest) < 0 || inclusive && compare(m, latest) == 0)
                .sorted(Comparator.comparing((Posted m) -> new BigDecimal(m.ts())))
                .toList();
        page(body, matching, params, ts);
    }

    /**
     * One cursor page of {@code matching} as conversations.history and conversations.replies answer it;
     * {@code threadTs} names the thread of a replies page (null for history).
     */
    private static void page(JsonObject body, List<Posted> matching, Map<String, String> params, String threadTs) {
        int limit = params.get("limit") == null ? HISTORY_DEFAULT_LIMIT : Integer.parseInt(params.get("limit"));
        int offset = 0;
        String cursor = params.get("cursor");
        if (cursor != null && !cursor.isBlank()) {
            String decoded = new String(Base64.getDecoder().decode(cursor), StandardCharsets.UTF_8);
            offset = Integer.parseInt(decoded.substring("offset:".length()));
        }
        JsonArray messages = new JsonArray();
        boolean withMetadata = isTrue(params.get("include_all_metadata"));
        for (Posted m : matching.subList(Math.min(offset, matching.size()), Math.min(offset + limit, matching.size()))) {
            JsonObject message = new JsonObject();
            message.addProperty("type", "message");
            message.addProperty("user", "U0KLAXON");
            message.addProperty("bot_id", "B0KLAXON");
            message.addProperty("app_id", "A0KLAXON");
            message.addProperty("text", m.text());
            message.addProperty("ts", m.ts());
            if (threadTs != null) {
                message.addProperty("thread_ts", threadTs);
            }
            if (withMetadata && m.metadata() != null) {
                message.add("metadata", m.metadata());
            }
            messages.add(message);
        }
        boolean hasMore = offset + limit < matching.size();
        body.add("messages", messages);
        body.addProperty("has_more", hasMore);
        JsonObject responseMetadata = new JsonObject();
        responseMetadata.addProperty("next_cursor", hasMore ? Base64.getEncoder().encodeToString(
                ("offset:" + (offset + limit)).getBytes(StandardCharsets.UTF_8)) : "");
        body.add("response_metadata", responseMetadata);
    }

    private static int compare(Posted message, BigDecimal ts) {
        return new BigDecimal(message.ts()).compareTo(ts);
    }

    /** The SDK sends booleans as 1/0; JSON bodies as true/false. */
    private static boolean isTrue(String value) {
        return "1".equals(value) || "true".equalsIgnoreCase(value);
    }

}
