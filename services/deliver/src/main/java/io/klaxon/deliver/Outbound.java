package io.klaxon.deliver;

import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request to a destination, fully formed (signed where the vendor requires it).
 * {@link #toString()} shows neither the URL nor the headers: both may carry secrets.
 */
public record Outbound(String url, Map<String, String> headers, String body) {

    public Outbound {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(body, "body");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    @Override
    public String toString() {
        return "Outbound[" + body.length() + " chars]";
    }
}
