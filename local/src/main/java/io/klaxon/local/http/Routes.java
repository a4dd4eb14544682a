package io.klaxon.local.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP server on the JDK's built-in server: exact method + path routes (or a path prefix
 * ending in {@code /}), JSON answers, and a 500 that names the error instead of a hung request.
 *
 * <p>Hostile or broken clients cost little and never starve the others:
 * <ul>
 *   <li>each route has a body limit: a declared {@code Content-Length} over it is answered 413 before
 *       a byte is read, a chunked body is read up to the limit and no further;</li>
 *   <li>a body must arrive within the body timeout, else the connection is closed;</li>
 *   <li>every exchange runs on its own virtual thread, so a stalled upload holds no worker; handlers
 *       run at most {@code threads} at a time;</li>
 *   <li>at most {@link #maxInFlight} requests are admitted at once (reading, waiting or running); the
 *       next one is answered 503 at once rather than queued without bound;</li>
 *   <li>{@code HEAD} is answered wherever {@code GET} is.</li>
 * </ul>
 * The JDK server reads request headers before any of this runs. After a 413 the connection is held
 * open, unread, for a second so that a client still uploading reads the answer rather than a reset;
 * then the JDK server reads (drains) up to 64 KB of the unread body and closes the connection. A client that stalls there, inside
 * its headers or after a 413, holds a virtual thread and a socket but no slot; the server's own
 * {@code sun.net.httpserver.maxReqTime}, which {@code ./klaxon local} sets, drops it.
 */
public final class Routes implements AutoCloseable {

    /**
     * The body limit of routes that name none (the Node runner's internal calls): Lambda's
     * synchronous invocation payload limit, 6 MB.
     */
    public static final int DEFAULT_MAX_BODY = 6 * 1024 * 1024;

    /** How long a request body may take to arrive, from the moment its headers were read. */
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(Routes.class);
    private static final byte[] NO_BODY = new byte[0];
    private static final int MAX_ECHO = 200;
    /** How long a refused upload's connection stays open after its answer: see {@link #answer(HttpExchange, Refusal)}. */
    private static final Duration LINGER = Duration.ofSeconds(1);

    @FunctionalInterface
    public interface Handler {
        void handle(Exchange exchange) throws Exception;
    }

    /** @param takesWorker whether the handler runs in turn with the others, at most {@code threads} at once */
    private record Route(String method, String path, int maxBody, Handler handler, boolean takesWorker) {
        boolean matches(String requestMethod, String requestPath) {
            // HEAD is GET without the payload: a GET route answers it.
            String m = "HEAD".equals(requestMethod) ? "GET" : requestMethod;
            return method.equals(m) && (path.endsWith("/") ? requestPath.startsWith(path) : path.equals(requestPath));
        }
    }

    private final List<Route> routes = new ArrayList<>();
    private final JsonMapper json;
    private Duration bodyTimeout = DEFAULT_BODY_TIMEOUT;
    private int maxInFlight = Integer.MAX_VALUE;
    private HttpServer server;
    private ExecutorService executor;
    private ScheduledExecutorService deadlines;
    private Semaphore admitted;
    private Semaphore workers;

    public Routes(JsonMapper json) {
        this.json = json;
    }

    /** A route whose body may be up to {@link #DEFAULT_MAX_BODY}. */
    public Routes on(String method, String path, Handler handler) {
        return on(method, path, DEFAULT_MAX_BODY, handler);
    }

    /** @param maxBodyBytes the largest body accepted; a larger one is answered 413 */
    public Routes on(String method, String path, int maxBodyBytes, Handler handler) {
        routes.add(new Route(method, path, maxBodyBytes, handler, true));
        return this;
    }

    /**
     * A route whose handler only hands the request on (to a queue) and answers: it runs at once instead
     * of in turn with the workers, so a short report never waits behind long-running handlers. Under a
     * storm the Node runner's execution status reports queued behind four function invocations at a
     * time and timed out (10 s) by the thousand, and the reconciler never heard of those executions.
     */
    public Routes onHandOff(String method, String path, Handler handler) {
        routes.add(new Route(method, path, DEFAULT_MAX_BODY, handler, false));
        return this;
    }

    /** At most this many requests at once, counting those still sending their body; unbounded unless set. */
    public Routes maxInFlight(int requests) {
        this.maxInFlight = requests;
        return this;
    }

    /** How long a body may take to arrive; {@link #DEFAULT_BODY_TIMEOUT} unless set. */
    public Routes bodyTimeout(Duration timeout) {
        this.bodyTimeout = timeout;
        return this;
    }

    /** @param threads how many handlers run at once; further admitted requests wait for one */
    public Routes start(String host, int port, int threads, String name) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 64);
        executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(name + "-", 0).factory());
        deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name + "-deadlines");
            t.setDaemon(true);
            return t;
        });
        admitted = new Semaphore(maxInFlight);
        workers = new Semaphore(threads, true);
        server.setExecutor(executor);
        server.createContext("/", this::serve);
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
        exchange.reply(status, contentType, body == null ? NO_BODY : body.getBytes(StandardCharsets.UTF_8));
    }

    /** What became of a request before its handler: its body, or the answer it gets instead. */
    private sealed interface Intake {
    }

    private record Body(Route route, byte[] bytes) implements Intake {
    }

    /** @param bodyUnread the client may still be sending a body nobody will read (a 413) */
    private record Refusal(int status, String error, Map<String, String> headers, boolean bodyUnread)
            implements Intake {
        Refusal(int status, String error, Map<String, String> headers) {
            this(status, error, headers, false);
        }
    }

    private void serve(HttpExchange raw) throws IOException {
        String method = raw.getRequestMethod();
        String path = raw.getRequestURI().getPath();
        if (!admitted.tryAcquire()) {
            LOG.warn("{} {} refused: {} requests in progress", method, printable(path), maxInFlight);
            answer(raw, new Refusal(503, "busy: " + maxInFlight + " requests are in progress; try again shortly",
                    Map.of("retry-after", "1")));
            return;
        }
        Intake intake = null;
        try {
            Route route = routes.stream().filter(r -> r.matches(method, path)).findFirst().orElse(null);
            intake = route == null
                    ? new Refusal(404, "no such endpoint: " + method + " " + printable(path), Map.of())
                    : readBody(raw, method, path, route);
        } finally {
            if (!(intake instanceof Body)) {
                // Refused before a handler: the slot is free before the answer, whose closing may
                // wait on a client that stopped sending (the JDK drains a little of an unread body).
                admitted.release();
            }
        }
        if (intake instanceof Refusal refusal) {
            answer(raw, refusal);
            return;
        }
        Body body = (Body) intake;
        try {
            run(body.route(), Exchange.of(raw, body.bytes()), path);
        } finally {
            admitted.release();
        }
    }

    private void run(Route route, Exchange exchange, String path) throws IOException {
        if (route.takesWorker()) {
            try {
                workers.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("server stopping");
            }
        }
        try {
            route.handler().handle(exchange);
        } catch (Exception e) {
            LOG.error("{} {} failed", exchange.method(), printable(path), e);
            answer(exchange.raw(), 500, Map.of("errorType", e.getClass().getName(),
                    "errorMessage", String.valueOf(e.getMessage())), Map.of());
        } finally {
            if (route.takesWorker()) {
                workers.release();
            }
        }
    }

    /**
     * The body, within the route's limit and the body timeout, or the refusal to answer instead
     * (413, 400). Throws when the body did not arrive in time: the connection is closed then, and
     * the JDK server drops it.
     */
    private Intake readBody(HttpExchange raw, String method, String path, Route route) throws IOException {
        if ("GET".equals(method) || "HEAD".equals(method)) {
            return new Body(route, NO_BODY);
        }
        String declared = raw.getRequestHeaders().getFirst("content-length");
        if (declared != null) {
            long length;
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                return new Refusal(400, "Content-Length is not a number", Map.of("connection", "close"));
            }
            if (length > route.maxBody()) {
                return tooLarge(method, path, route);
            }
        }
        // Whoever settles first wins: the read (it completed or failed) or the deadline (it closes the
        // connection, which ends a read that is blocked). No answer has started yet, so closing the
        // exchange closes the connection (the JDK's documented behaviour before sendResponseHeaders).
        AtomicBoolean settled = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadlines.schedule(() -> {
            if (settled.compareAndSet(false, true)) {
                raw.close();
            }
        }, bodyTimeout.toMillis(), TimeUnit.MILLISECONDS);
        byte[] body;
        try {
            body = raw.getRequestBody().readNBytes(route.maxBody() + 1);
        } catch (IOException e) {
            if (!settled.compareAndSet(false, true)) {
                LOG.warn("{} {} dropped: the body did not arrive within {}", method, printable(path), bodyTimeout);
            }
            throw e;
        } finally {
            deadline.cancel(false);
        }
        if (!settled.compareAndSet(false, true)) {
            LOG.warn("{} {} dropped: the body did not arrive within {}", method, printable(path), bodyTimeout);
            throw new IOException("request body not received within " + bodyTimeout);
        }
        return body.length > route.maxBody() ? tooLarge(method, path, route) : new Body(route, body);
    }

    private static Refusal tooLarge(String method, String path, Route route) {
        LOG.warn("{} {} refused: body over {} bytes", method, printable(path), route.maxBody());
        // The rest of the body is never read: the server drains a little, then drops the connection.
        return new Refusal(413, "request body exceeds " + route.maxBody() + " bytes, the limit of "
                + route.method() + " " + route.path(), Map.of("connection", "close"), true);
    }

    /**
     * A refusal that leaves the client's body unread is answered, then its connection is held open for
     * {@link #LINGER}, reading nothing, before it closes. Closing a socket with unread data resets it,
     * and a client that is still uploading (the JDK's HttpClient keeps sending after an early answer)
     * can meet the reset before it has read the answer: it would report a dropped connection instead of
     * the 413. Holding costs a virtual thread and a socket, but no slot and no reading; the client's own
     * sending stalls on full buffers meanwhile.
     */
    private void answer(HttpExchange raw, Refusal refusal) throws IOException {
        Exchange.of(raw, NO_BODY).reply(refusal.status(), "application/json",
                json.writeValueAsBytes(Map.of("error", refusal.error())), refusal.headers(),
                refusal.bodyUnread() ? LINGER : Duration.ZERO);
    }

    private void answer(HttpExchange raw, int status, Map<String, String> body, Map<String, String> headers)
            throws IOException {
        Exchange.of(raw, NO_BODY).reply(status, "application/json", json.writeValueAsBytes(body), headers);
    }

    /** A path as logs and answers quote it: no control characters, bounded. */
    private static String printable(String path) {
        String cut = path.length() <= MAX_ECHO ? path : path.substring(0, MAX_ECHO) + "…";
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(cp -> out.appendCodePoint(Character.isISOControl(cp) ? ' ' : cp));
        return out.toString();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            deadlines.shutdownNow();
        }
    }
}
