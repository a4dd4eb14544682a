package io.klaxon.notify;

import io.klaxon.slack.SlackRejectedException;

/**
 * Slack refused a notify step's call for a reason only a person can fix (invalid_auth,
 * channel_not_found, not_in_channel, account_inactive …). Unlike {@link SlackRejectedException},
 * which it wraps, it is retryable: the workflow's {@code Retry} names this class and keeps trying,
 * backing off to an hour for days, so that the alert survives until someone fixes the token or the
 * channel, and its message then catches up with the stored state. A top-level class because the ASL
 * names it.
 */
public class SlackDeliveryFailingException extends RuntimeException {

    private final String error;

    public SlackDeliveryFailingException(String op, String alertId, SlackRejectedException cause) {
        super("Slack refuses to deliver " + op + " of alert " + alertId + ": " + cause.getMessage()
                + "; the workflow keeps retrying", cause);
        this.error = cause.error();
    }

    /** Slack's error code, e.g. {@code invalid_auth}. */
    public String error() {
        return error;
    }
}
