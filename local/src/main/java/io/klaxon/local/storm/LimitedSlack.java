package io.klaxon.local.storm;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A Slack Web API on 127.0.0.1 that enforces Slack's published rate limits, for the storm harness
 * ({@code ./klaxon storm}) and its test. It answers a call beyond its method's limit with HTTP 429,
 * {@code {"ok":false,"error":"ratelimited"}} and {@code Retry-After} in whole seconds, as Slack does.
 *
 * <p>Limits, from Slack's documentation (https://api.slack.com/apis/rate-limits and each method's
 * page, as of 2026):
 * <ul>
 *   <li>{@code chat.postMessage}: "1 message per second per channel", short bursts allowed (thread
 *       replies are posts too);</li>
 *   <li>{@code chat.update}, {@code conversations.history}, {@code conversations.replies}: Tier 3, "50+ per
 *       minute", per method per workspace;</li>
 *   <li>{@code chat.postEphemeral}: Tier 4, "100+ per minute", per workspace.</li>
 * </ul>
 * Slack allows bursts without saying how large; {@link Limit#slack()} takes 3 for posts and 10 for the
 * tiers (the same guess as Klaxon's own pacing, ADR 0013). Each limit is a cell-rate budget: calls
 * spaced by an interval, with that burst.
 *
 * <p>It records every call with its arrival time ({@link #calls()}), and counts calls that arrived for a
 * (method, channel) while a {@code Retry-After} it had given for that pair had not expired
 * ({@link Call#early()}): those are answered 429 again. It keeps messages as Slack does ({@link #messages()}):
 * ts, channel, thread_ts, text, blocks and metadata, edited by {@code chat.update}; {@code conversations.history}
 * lists a channel's top-level messages newest first, {@code conversations.replies} a thread's oldest first. With {@link Faults} it also fails a share of the calls
 * the ways Slack does in an incident ({@link Fault}): unavailable, an internal error, or an answer lost after
 * the call took effect. Thread-safe.
 */
public final class LimitedSlack implements AutoCloseable {

    /** A rate limit: one call per {@code interval}, up to {@code burst} back to back; per channel or per workspace. */
    public record Limit(Duration interval, int burst, boolean perChannel) {

        /** Slack's limits as published, per method; empty for methods Slack does not limit here. */
        public static Optional<Limit> slack(String method) {
            return switch (method) {
                case "chat.postMessage" -> Optional.of(new Limit(Duration.ofSeconds(1), 3, true));
                case "chat.update", "conversations.history", "conversations.replies" ->
                        Optional.of(new Limit(Duration.ofMinutes(1).dividedBy(50), 10, false));
                case "chat.postEphemeral" -> Optional.of(new Limit(Duration.ofMinutes(1).dividedBy(100), 10, false));
                default -> Optional.empty();
            };
        }
    }

    /**
     * One call as it arrived.
     *
     * @param status     the HTTP status answered (429 when rate-limited)
     * @param retryAfter the Retry-After given with a 429, else null
     * @param early      true when it arrived for a (method, channel) before a Retry-After given for it expired
     * @param ts         the message it posted or edited, if any
     * @param fault      the fault it met ({@link Fault}), or null when Slack behaved
     * @param unchanged  a chat.update that set the text and blocks the message had already: a step rendering again
     *                   what an earlier attempt of it showed
     */
    public record Call(String method, String channel, Instant at, int status, Duration retryAfter, boolean early,
                       String ts, Fault fault, boolean unchanged) {
    }

    /**
     * How a call can go wrong at Slack's end besides its rate limits, each of which Slack's status page has
     * reported in real incidents. A fault is decided per call, before the rate check.
     */
    public enum Fault {
        /** HTTP 503 {@code service_unavailable}; nothing happened. */
        UNAVAILABLE,
        /** HTTP 500 {@code internal_error}; nothing happened. */
        INTERNAL_ERROR,
        /** The call took effect (a post made, an edit applied) and the connection closed before any answer. */
        ANSWER_LOST
    }

    /**
     * Faults played on a share of the calls, chosen by a seeded random, so a run can be repeated.
     *
     * @param fraction the share of calls that meet a fault, 0 to 1; each fault equally likely
     */
    public record Faults(double fraction, long seed) {

        public static final Faults NONE = new Faults(0, 0);

        public Faults {
            if (!(fraction >= 0 && fraction <= 1)) {
                throw new IllegalArgumentException("the share of faulty calls is a fraction from 0 to 1, not " + fraction);
            }
        }
    }

    /** A message as Slack keeps it; {@code blocks} and {@code metadata} are JSON text (null when absent). */
    public record Message(String channel, String ts, String threadTs, String text, String blocks, String metadata) {

        public boolean topLevel() {
            return threadTs == null || threadTs.isBlank() || threadTs.equals(ts);
        }

        /** The metadata's event_type, or null. */
        public String eventType() {
            JsonObject m = metadataObject();
            return m == null || !m.has("event_type") ? null : m.get("event_type").getAsString();
        }

        /** A field of the metadata's event_payload, or null. */
        public String payloadField(String name) {
            JsonObject m = metadataObject();
            if (m == null || !m.has("event_payload") || !m.get("event_payload").isJsonObject()) {
                return null;
            }
            JsonElement value = m.getAsJsonObject("event_payload").get(name);
            return value == null || value.isJsonNull() ? null : value.getAsString();
        }

        private JsonObject metadataObject() {
            if (metadata == null || metadata.isBlank()) {
                return null;
            }
            JsonElement parsed = JsonParser.parseString(metadata);
            return parsed.isJsonObject() ? parsed.getAsJsonObject() : null;
        }
    }

    private static final int HISTORY_DEFAULT_LIMIT = 100;

    private final HttpServer server;
    private final ExecutorService executor;
    private final Clock clock;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    /** Per limit key: the theoretical arrival time of the next call (cell-rate algorithm); guarded by this. */
    private final Map<String, Instant> nextSlot = new HashMap<>();
    /** Per (method, channel): until when a Retry-After given for it holds; guarded by this. */
    private final Map<String, Instant> heldUntil = new HashMap<>();
    /** Messages in posting order; guarded by this. */
    private final List<Message> messages = new ArrayList<>();
    private final Faults faults;
    /** Draws the faults; guarded by this. */
    private final Random faultDraw;
    private long sequence;

    private LimitedSlack(HttpServer server, ExecutorService executor, Clock clock, Faults faults) {
        this.server = server;
        this.executor = executor;
        this.clock = clock;
        this.faults = faults;
        this.faultDraw = new Random(faults.seed());
    }

    /** Starts on an ephemeral port of 127.0.0.1. */
    public static LimitedSlack start() {
        return start(Clock.systemUTC());
    }

    public static LimitedSlack start(Clock clock) {
        return start(clock, Faults.NONE);
    }

    /** Starts on an ephemeral port of 127.0.0.1, meeting {@code faults} besides its rate limits. */
    public static LimitedSlack start(Clock clock, Faults faults) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            LimitedSlack slack = new LimitedSlack(server, executor, clock, faults);
            server.createContext("/api/", exchange -> {
                try (exchange) {
                    slack.handle(exchange);
                }
            });
            server.setExecutor(executor);
            server.start();
            return slack;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the rate-limited Slack", e);
        }
    }

    /** The Web API base URL, ending in {@code /} (Klaxon's {@code SLACK_API_URL}). */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/";
    }

    /** Every call so far, in arrival order. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Every message kept (top-level and thread replies), oldest first. */
    public synchronized List<Message> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestURI().getPath().substring("/api/".length());
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> params;
        try {
            params = WebApiParameters.parse(exchange.getRequestHeaders().getFirst("Content-Type"), body,
                    exchange.getRequestURI().getRawQuery());
        } catch (JsonParseException | IllegalStateException e) {
            send(exchange, 200, error("invalid_json"), null);
            return;
        }
        Answer answer = answer(method, params);
        if (answer.fault == Fault.ANSWER_LOST) {
            // Closed before any header went out: the client reads the end of the stream, not an answer.
            return;
        }
        send(exchange, answer.status, answer.body, answer.retryAfter);
    }

    private record Answer(int status, JsonObject body, Duration retryAfter, Fault fault) {
    }

    /** Rate check, effect and record under one lock, so that arrival order is the order calls are judged in. */
    private synchronized Answer answer(String method, Map<String, String> params) {
        Instant now = clock.instant();
        String channel = params.get("channel");
        Fault fault = nextFault();
        if (fault == Fault.UNAVAILABLE || fault == Fault.INTERNAL_ERROR) {
            int status = fault == Fault.UNAVAILABLE ? 503 : 500;
            calls.add(new Call(method, channel, now, status, null, false, params.get("ts"), fault, false));
            return new Answer(status, error(fault == Fault.UNAVAILABLE ? "service_unavailable" : "internal_error"),
                    null, fault);
        }
        String pair = method + " " + channel;
        Instant held = heldUntil.get(pair);
        boolean early = held != null && now.isBefore(held);
        Duration wait = early ? Duration.between(now, held) : limitWait(method, channel, now);
        if (!wait.isZero()) {
            Duration retryAfter = Duration.ofSeconds(Math.max(1, (wait.toMillis() + 999) / 1000));
            if (!early) {
                heldUntil.put(pair, now.plus(retryAfter));
            }
            calls.add(new Call(method, channel, now, 429, retryAfter, early, params.get("ts"), null, false));
            return new Answer(429, error("ratelimited"), retryAfter, null);
        }
        boolean unchanged = method.equals("chat.update") && showsAlready(channel, params);
        JsonObject body = effect(method, channel, params);
        String ts = body.has("ts") ? body.get("ts").getAsString() : params.get("ts");
        calls.add(new Call(method, channel, now, 200, null, false, ts, fault, unchanged));
        return new Answer(200, body, null, fault);
    }

    /** Whether a chat.update would leave the message as it is (same text and blocks); guarded by this. */
    private boolean showsAlready(String channel, Map<String, String> params) {
        int at = indexOf(channel, params.get("ts"));
        if (at < 0) {
            return false;
        }
        Message m = messages.get(at);
        return Objects.equals(m.text(), params.getOrDefault("text", m.text()))
                && Objects.equals(m.blocks(), params.getOrDefault("blocks", m.blocks()));
    }

    /** The fault this call meets, or null; guarded by this. */
    private Fault nextFault() {
        if (faults.fraction() == 0 || faultDraw.nextDouble() >= faults.fraction()) {
            return null;
        }
        Fault[] all = Fault.values();
        return all[faultDraw.nextInt(all.length)];
    }

    /** How long until the method's limit admits a call now (zero: admitted, and the slot is taken). */
    private Duration limitWait(String method, String channel, Instant now) {
        Optional<Limit> limit = Limit.slack(method);
        if (limit.isEmpty()) {
            return Duration.ZERO;
        }
        Limit l = limit.get();
        String key = l.perChannel() ? method + " " + channel : method;
        Instant tat = nextSlot.getOrDefault(key, now);
        Instant earliest = tat.minus(l.interval().multipliedBy(l.burst() - 1L));
        if (now.isBefore(earliest)) {
            return Duration.between(now, earliest);
        }
        nextSlot.put(key, (tat.isAfter(now) ? tat : now).plus(l.interval()));
        return Duration.ZERO;
    }

    private JsonObject effect(String method, String channel, Map<String, String> params) {
        JsonObject body = new JsonObject();
        body.addProperty("ok", true);
        switch (method) {
            case "chat.postMessage" -> {
                String ts = nextTs();
                messages.add(new Message(channel, ts, params.get("thread_ts"), params.getOrDefault("text", ""),
                        params.get("blocks"), params.get("metadata")));
                body.addProperty("channel", channel);
                body.addProperty("ts", ts);
                JsonObject message = new JsonObject();
                message.addProperty("type", "message");
                message.addProperty("text", params.getOrDefault("text", ""));
                message.addProperty("ts", ts);
                body.add("message", message);
            }
            case "chat.update" -> {
                String ts = params.get("ts");
                int at = indexOf(channel, ts);
                if (at < 0) {
                    return error("message_not_found");
                }
                Message m = messages.get(at);
                messages.set(at, new Message(m.channel(), m.ts(), m.threadTs(), params.getOrDefault("text", m.text()),
                        params.getOrDefault("blocks", m.blocks()), params.getOrDefault("metadata", m.metadata())));
                body.addProperty("channel", channel);
                body.addProperty("ts", ts);
                body.addProperty("text", params.getOrDefault("text", ""));
            }
            case "chat.postEphemeral" -> body.addProperty("message_ts", nextTs());
            case "conversations.history" -> history(body, channel, params);
            case "conversations.replies" -> {
                String thread = params.get("ts");
                if (thread == null || indexOf(channel, thread) < 0) {
                    return error("thread_not_found");
                }
                replies(body, channel, thread, params);
            }
            case "auth.test" -> {
                body.addProperty("team", "Klaxon Storm");
                body.addProperty("team_id", "T0KLAXON");
                body.addProperty("user_id", "U0KLAXON");
                body.addProperty("bot_id", "B0KLAXON");
            }
            default -> {
                return error("unknown_method");
            }
        }
        return body;
    }

    private int indexOf(String channel, String ts) {
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            if (m.ts().equals(ts) && m.channel().equals(channel)) {
                return i;
            }
        }
        return -1;
    }

    /** Slack's timestamps: the second, then a sequence that keeps them unique and ordered. */
    private String nextTs() {
        sequence++;
        return String.format(Locale.ROOT, "%d.%06d", clock.instant().getEpochSecond(), sequence % 1_000_000);
    }

    /** conversations.history: top-level messages, newest first, in cursor pages. */
    private void history(JsonObject body, String channel, Map<String, String> params) {
        boolean inclusive = isTrue(params.get("inclusive"));
        BigDecimal oldest = params.get("oldest") == null ? null : new BigDecimal(params.get("oldest"));
        BigDecimal latest = params.get("latest") == null ? null : new BigDecimal(params.get("latest"));
        List<Message> matching = messages.stream()
                .filter(m -> m.channel().equals(channel) && m.topLevel())
                .filter(m -> oldest == null || cmp(m, oldest) > 0 || inclusive && cmp(m, oldest) == 0)
                .filter(m -> latest == null || cmp(m, latest) < 0 || inclusive && cmp(m, latest) == 0)
                .sorted(Comparator.comparing((Message m) -> new BigDecimal(m.ts())).reversed())
                .toList();
        page(body, matching, params, null);
    }

    /** conversations.replies: the thread's parent and replies, oldest first, in cursor pages (as history). */
    private void replies(JsonObject body, String channel, String thread, Map<String, String> params) {
        boolean inclusive = isTrue(params.get("inclusive"));
        BigDecimal oldest = params.get("oldest") == null ? null : new BigDecimal(params.get("oldest"));
        List<Message> matching = messages.stream()
                .filter(m -> m.channel().equals(channel) && (m.ts().equals(thread) || thread.equals(m.threadTs())))
                .filter(m -> oldest == null || cmp(m, oldest) > 0 || inclusive && cmp(m, oldest) == 0)
                .sorted(Comparator.comparing((Message m) -> new BigDecimal(m.ts())))
                .toList();
        page(body, matching, params, thread);
    }

    /**
     * One cursor page of {@code matching} as conversations.history and conversations.replies answer it;
     * {@code threadTs} names the thread of a replies page (null for history).
     */
    private static void page(JsonObject body, List<Message> matching, Map<String, String> params, String threadTs) {
        int limit = params.get("limit") == null ? HISTORY_DEFAULT_LIMIT : Integer.parseInt(params.get("limit"));
        int offset = 0;
        String cursor = params.get("cursor");
        if (cursor != null && !cursor.isBlank()) {
            offset = Integer.parseInt(new String(Base64.getDecoder().decode(cursor), StandardCharsets.UTF_8));
        }
        boolean withMetadata = isTrue(params.get("include_all_metadata"));
        JsonArray page = new JsonArray();
        for (Message m : matching.subList(Math.min(offset, matching.size()), Math.min(offset + limit, matching.size()))) {
            JsonObject message = new JsonObject();
            message.addProperty("type", "message");
            message.addProperty("bot_id", "B0KLAXON");
            message.addProperty("text", m.text());
            message.addProperty("ts", m.ts());
            if (threadTs != null) {
                message.addProperty("thread_ts", threadTs);
            }
            if (withMetadata && m.metadata() != null) {
                message.add("metadata", JsonParser.parseString(m.metadata()));
            }
            page.add(message);
        }
        boolean more = offset + limit < matching.size();
        body.add("messages", page);
        body.addProperty("has_more", more);
        JsonObject responseMetadata = new JsonObject();
        responseMetadata.addProperty("next_cursor", more ? Base64.getEncoder().encodeToString(
                Integer.toString(offset + limit).getBytes(StandardCharsets.UTF_8)) : "");
        body.add("response_metadata", responseMetadata);
    }

    private static int cmp(Message m, BigDecimal ts) {
        return new BigDecimal(m.ts()).compareTo(ts);
    }

    private static boolean isTrue(String value) {
        return "1".equals(value) || "true".equalsIgnoreCase(value);
    }

    private static JsonObject error(String error) {
        JsonObject body = new JsonObject();
        body.addProperty("ok", false);
        body.addProperty("error", error);
        return body;
    }

    private static void send(HttpExchange exchange, int status, JsonObject body, Duration retryAfter) throws IOException {
        if (retryAfter != null) {
            exchange.getResponseHeaders().add("Retry-After", Long.toString(retryAfter.toSeconds()));
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

}
