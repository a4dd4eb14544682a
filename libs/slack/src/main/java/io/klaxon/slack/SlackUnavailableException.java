package io.klaxon.slack;

/**
 * Slack could not take a request now (5xx, rate limited, unreachable). Retryable; the workflow's
 * {@code Retry} names this class, so it stays a top-level class.
 */
public class SlackUnavailableException extends RuntimeException {
    public SlackUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public SlackUnavailableException(String message) {
        super(message);
    }
}
