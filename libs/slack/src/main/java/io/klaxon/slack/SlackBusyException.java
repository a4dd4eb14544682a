package io.klaxon.slack;

import java.time.Duration;

/**
 * Slack's rate limit for this method (and channel) is used up for longer than a call waits in
 * process, or Slack answered 429 and its {@code Retry-After} has not expired. Retryable: the
 * workflow's {@code Retry} names this class (so it stays top-level) and comes back after a pause; by
 * then the budget has a slot, or says again how long to wait. Nothing was sent.
 */
public class SlackBusyException extends SlackUnavailableException {

    private final transient Duration retryAfter;

    public SlackBusyException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** How long until a call may go, as far as the budget knows. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
