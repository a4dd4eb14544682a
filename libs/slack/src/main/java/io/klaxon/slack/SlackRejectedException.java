package io.klaxon.slack;

/**
 * Slack refused a request and will refuse it again ({@code ok:false} with an error such as
 * {@code channel_not_found}, {@code not_in_channel}, {@code invalid_auth}). Retrying at once cannot
 * help: someone has to fix the configuration (invite the bot, correct the channel or the token). The
 * workflow's notify steps turn it into {@code io.klaxon.notify.SlackDeliveryFailingException}, which
 * the workflow retries for days, so that the alert outlives the misconfiguration.
 */
public class SlackRejectedException extends RuntimeException {

    private final String method;
    private final String error;

    public SlackRejectedException(String method, String error) {
        super("Slack " + method + " rejected the request: " + error + hint(error));
        this.method = method;
        this.error = error;
    }

    /** The Web API method, e.g. {@code chat.postMessage}. */
    public String method() {
        return method;
    }

    /** Slack's error code, e.g. {@code channel_not_found}. */
    public String error() {
        return error;
    }

    private static String hint(String error) {
        return switch (error == null ? "" : error) {
            case "not_in_channel" -> " (invite the Klaxon app to the channel: /invite @Klaxon)";
            case "channel_not_found" -> " (check KLAXON_CHANNEL: use the channel id, and invite the app to private channels)";
            case "invalid_auth", "not_authed", "token_revoked", "account_inactive" ->
                    " (check SLACK_BOT_TOKEN: a bot token starting with xoxb-)";
            case "missing_scope" -> " (add the missing scope in the app manifest and reinstall the app)";
            default -> "";
        };
    }
}
