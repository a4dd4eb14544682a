package io.klaxon.interact;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Map;

/**
 * The part of an HTTP API request (payload format 2.0) the interact function reads; the event's other
 * fields are ignored. Its own record rather than {@code aws-lambda-java-events}' class: decoding that
 * one needs {@code micronaut-aws-lambda-events-serde}, whose metadata for every Lambda event type
 * (~360 classes) loaded on every cold start.
 */
@Serdeable
public record HttpApiEvent(@Nullable String rawPath, @Nullable Map<String, String> headers, @Nullable String body,
                           @JsonProperty("isBase64Encoded") @Nullable Boolean isBase64Encoded,
                           @Nullable RequestContext requestContext) {

    /** A POST of {@code body} to {@code rawPath}, not base64-encoded. */
    public static HttpApiEvent post(String rawPath, Map<String, String> headers, String body) {
        return new HttpApiEvent(rawPath, headers, body, false, new RequestContext(new Http("POST")));
    }

    /** The HTTP method, or null when the event does not say. */
    public @Nullable String method() {
        return requestContext == null || requestContext.http() == null ? null : requestContext.http().method();
    }

    /** Whether API Gateway base64-encoded the body (it does for bodies it considers binary). */
    public boolean base64Encoded() {
        return Boolean.TRUE.equals(isBase64Encoded);
    }

    public HttpApiEvent withMethod(String method) {
        return new HttpApiEvent(rawPath, headers, body, isBase64Encoded, new RequestContext(new Http(method)));
    }

    public HttpApiEvent withBase64Encoded(boolean encoded) {
        return new HttpApiEvent(rawPath, headers, body, encoded, requestContext);
    }

    public HttpApiEvent withRequest(String path, Map<String, String> newHeaders, String newBody) {
        return new HttpApiEvent(path, newHeaders, newBody, isBase64Encoded, requestContext);
    }

    @Serdeable
    public record RequestContext(@Nullable Http http) {
    }

    @Serdeable
    public record Http(@Nullable String method) {
    }
}
