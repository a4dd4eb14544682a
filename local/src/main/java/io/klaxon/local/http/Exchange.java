package io.klaxon.local.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A request to one of the local runtime's endpoints and the means to answer it. The body was read
 * by {@link Routes} within the route's size limit and time limit; a {@code GET} or {@code HEAD} has
 * none.
 */
public record Exchange(String method, String path, Map<String, String> headers, byte[] body, HttpExchange raw) {

    static Exchange of(HttpExchange raw, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        raw.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.isEmpty() ? "" : v.getFirst()));
        return new Exchange(raw.getRequestMethod(), raw.getRequestURI().getPath(), headers, body, raw);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Answers; a {@code HEAD} gets the status and headers a {@code GET} would, without the payload. */
    public void reply(int status, String contentType, byte[] payload) throws IOException {
        reply(status, contentType, payload, Map.of());
    }

    void reply(int status, String contentType, byte[] payload, Map<String, String> extraHeaders) throws IOException {
        reply(status, contentType, payload, extraHeaders, Duration.ZERO);
    }

    /**
     * @param linger how long the connection stays open, the answer sent, before it closes (see
     *               {@code Routes}: a refused upload's client must read the answer before a reset)
     */
    void reply(int status, String contentType, byte[] payload, Map<String, String> extraHeaders, Duration linger)
            throws IOException {
        if (contentType != null) {
            raw.getResponseHeaders().set("content-type", contentType);
        }
        extraHeaders.forEach((name, value) -> raw.getResponseHeaders().set(name, value));
        if ("HEAD".equals(raw.getRequestMethod())) {
            // The JDK server sends no body for HEAD and wants the length as a header, not as an argument.
            raw.getResponseHeaders().set("content-length", Integer.toString(payload.length));
            raw.sendResponseHeaders(status, -1);
            raw.close();
            return;
        }
        raw.sendResponseHeaders(status, payload.length == 0 ? -1 : payload.length);
        if (payload.length > 0) {
            try (OutputStream out = raw.getResponseBody()) {
                out.write(payload);
                if (linger.isPositive()) {
                    out.flush();
                    sleep(linger);
                }
            }
        }
        raw.close();
    }

    private static void sleep(Duration linger) {
        try {
            Thread.sleep(linger);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
