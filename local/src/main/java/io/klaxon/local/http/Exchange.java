package io.klaxon.local.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A request to one of the local runtime's endpoints and the means to answer it. */
public record Exchange(String method, String path, Map<String, String> headers, byte[] body, HttpExchange raw) {

    static Exchange of(HttpExchange raw) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        raw.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.isEmpty() ? "" : v.getFirst()));
        byte[] body = raw.getRequestBody().readAllBytes();
        return new Exchange(raw.getRequestMethod(), raw.getRequestURI().getPath(), headers, body, raw);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public void reply(int status, String contentType, byte[] payload) throws IOException {
        if (contentType != null) {
            raw.getResponseHeaders().set("content-type", contentType);
        }
        raw.sendResponseHeaders(status, payload.length == 0 ? -1 : payload.length);
        if (payload.length > 0) {
            try (OutputStream out = raw.getResponseBody()) {
                out.write(payload);
            }
        }
        raw.close();
    }
}
