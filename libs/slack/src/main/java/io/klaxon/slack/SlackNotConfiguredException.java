package io.klaxon.slack;

/**
 * A function that talks to Slack has no bot token: a deployment error (the template does not give
 * it {@code SLACK_BOT_TOKEN_SECRET_ARN}), reported when the function starts rather than discovered
 * as silently missing messages.
 */
public class SlackNotConfiguredException extends IllegalStateException {
    public SlackNotConfiguredException(String message) {
        super(message);
    }
}
