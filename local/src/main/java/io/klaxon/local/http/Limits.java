package io.klaxon.local.http;

/**
 * The public endpoints' bounds, as close to what the same input meets in AWS as one machine allows.
 */
public final class Limits {

    /**
     * {@code POST /events}: EventBridge takes at most 256 KB per PutEvents request (all its entries)
     * and delivers events of at most 256 KB.
     */
    public static final int EVENTS_MAX_BODY = 256 * 1024;

    /**
     * {@code POST /sns}: SNS caps a message at 256 KB, but an HTTP delivery wraps it, escaped, in a
     * JSON string beside the signature fields ({@code "} becomes {@code \"}), so the body of a
     * deliverable message can be well over 256 KB. 1 MB admits every one.
     */
    public static final int SNS_MAX_BODY = 1024 * 1024;

    /**
     * {@code POST /slack/*}: Slack documents no request size. The largest genuine request is a click,
     * which carries the message it was on: Klaxon's messages are budgeted to 12,000 characters of
     * text in at most 50 blocks, which form-encoded (at most 9 bytes a character) stays below
     * 256 KB. A {@code /klaxon} command is a verb and an alert id; a longer one is refused either way.
     */
    public static final int SLACK_MAX_BODY = 256 * 1024;

    /**
     * Requests admitted at once, counting those still sending their body; the next gets 503. A
     * person and a few alarm sources are far below it.
     */
    public static final int MAX_IN_FLIGHT = 64;

    private Limits() {
    }
}
