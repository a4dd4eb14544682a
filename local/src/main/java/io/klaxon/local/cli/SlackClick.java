package io.klaxon.local.cli;

import io.klaxon.slack.AlertAction;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A click on an alert message's button, as Slack delivers it: a {@code block_actions} payload,
 * form-encoded and signed with the app's signing secret. Used by {@code ./klaxon click} and tests.
 *
 * @param responseUrl the click's {@code response_url}, through which Klaxon answers the clicker (a
 *                    Slack stub's, in tests); null leaves it out, and Klaxon answers with
 *                    {@code chat.postEphemeral} instead
 */
public record SlackClick(AlertAction action, String alertId, long version, String channel, String messageTs,
                         String userId, String userName, @Nullable String responseUrl) {

    /** A click without a response_url (the CLI's: there is no Slack interaction to answer). */
    public SlackClick(AlertAction action, String alertId, long version, String channel, String messageTs,
                      String userId, String userName) {
        this(action, alertId, version, channel, messageTs, userId, userName, null);
    }

    /** The block_actions payload (the subset of Slack's fields Klaxon reads, plus the usual envelope). */
    public Map<String, Object> payload() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", "block_actions");
        p.put("team", Map.of("id", "T0LOCAL", "domain", "local"));
        p.put("user", Map.of("id", userId, "username", userName, "name", userName, "team_id", "T0LOCAL"));
        p.put("api_app_id", "A0LOCAL");
        p.put("container", Map.of("type", "message", "message_ts", messageTs, "channel_id", channel, "is_ephemeral", false));
        // Unique per click, as Slack's is: the same signed bytes twice would be refused as a replay.
        p.put("trigger_id", "0.0.local-" + UUID.randomUUID());
        p.put("channel", Map.of("id", channel, "name", "local"));
        if (responseUrl != null) {
            p.put("response_url", responseUrl);
        }
        p.put("actions", List.of(Map.of("type", "button", "action_id", action.actionId(), "block_id", "actions",
                "value", AlertAction.value(alertId, version), "action_ts", "0.000100")));
        return p;
    }

    /** The raw form body Slack posts: {@code payload=<urlencoded JSON>}. */
    public String formBody(JsonMapper json) {
        try {
            String payload = new String(json.writeValueAsBytes(payload()), StandardCharsets.UTF_8);
            return "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public HttpRequest signedRequest(URI endpoint, String signingSecret, Instant now, JsonMapper json) {
        String body = formBody(json);
        long ts = now.getEpochSecond();
        return HttpRequest.newBuilder(endpoint)
                .header("content-type", "application/x-www-form-urlencoded")
                .header("x-slack-request-timestamp", Long.toString(ts))
                .header("x-slack-signature", SlackSigner.sign(signingSecret, ts, body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
