package io.klaxon.slack;

import io.micronaut.core.annotation.Nullable;

/**
 * How Klaxon reaches Slack, from configuration.
 *
 * @param botToken       the bot token ({@code xoxb-…}); blank means none is configured, which the
 *                       gateway refuses. Env {@code SLACK_BOT_TOKEN} (property {@code slack.bot.token})
 *                       or the secret named by {@code SLACK_BOT_TOKEN_SECRET_ARN}.
 * @param apiUrl         the Web API base URL, ending in {@code /}: Slack's {@code https://slack.com/api/}
 *                       or any Slack-compatible server. Env {@code SLACK_API_URL}.
 * @param defaultChannel where a message goes when the alert's policy names no channel. Env
 *                       {@code KLAXON_CHANNEL}.
 */
public record SlackSettings(@Nullable String botToken, String apiUrl, @Nullable String defaultChannel) {

    public static final String SLACK_API_URL = "https://slack.com/api/";

    public SlackSettings {
        botToken = botToken == null || botToken.isBlank() ? null : botToken.strip();
        apiUrl = apiUrl == null || apiUrl.isBlank() ? SLACK_API_URL : apiUrl.strip();
        // The SDK appends the method name to this prefix as is.
        apiUrl = apiUrl.endsWith("/") ? apiUrl : apiUrl + "/";
        defaultChannel = defaultChannel == null || defaultChannel.isBlank() ? null : defaultChannel.strip();
    }

    public boolean hasToken() {
        return botToken != null;
    }

    /** Never prints the token: settings end up in logs and exception messages. */
    @Override
    public String toString() {
        return "SlackSettings[botToken=" + (botToken == null ? "none" : "***") + ", apiUrl=" + apiUrl
                + ", defaultChannel=" + defaultChannel + "]";
    }
}
