package io.klaxon.interact.slack;

/**
 * What the HTTP surface answers, independent of how the request arrived (API Gateway or the local
 * runtime's web server).
 */
public record HttpReply(int status, String contentType, String body) {

    public static final String TEXT = "text/plain; charset=utf-8";
    public static final String JSON = "application/json";

    /** Slack wants an empty 200 to acknowledge an interaction; anything else shows as an error. */
    public static HttpReply ack() {
        return new HttpReply(200, TEXT, "");
    }

    public static HttpReply json(String body) {
        return new HttpReply(200, JSON, body);
    }

    public static HttpReply error(int status, String message) {
        return new HttpReply(status, TEXT, message);
    }
}
