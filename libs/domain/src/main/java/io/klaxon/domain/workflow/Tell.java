package io.klaxon.domain.workflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A sentence for one person only, about one alert: why their click did not win, that the alert
 * does not exist, or that Klaxon could not record it. A writer that must answer Slack within 3 s
 * hands it to a short {@code tell} execution of the workflow instead of calling Slack itself
 * (ADR 0007, 0008); the workflow's notify step says it.
 *
 * @param alertId     the alert the click was about (as the button carried it)
 * @param responseUrl the click's {@code response_url}: Slack's one-off address for answering that
 *                    interaction; null when there is none (then {@code chat.postEphemeral}). A bearer
 *                    of sorts (whoever holds it may post to the clicker for 30 minutes), so it stays
 *                    out of logs and {@link #toString()}.
 * @param userId      the Slack user to tell
 * @param channel     the channel the click came from
 * @param text        what to say, Slack mrkdwn, already escaped
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Tell(String alertId, @Nullable String responseUrl, String userId, String channel, String text) {

    @Override
    public String toString() {
        return "Tell[alertId=" + alertId + ", responseUrl=" + (responseUrl == null ? "none" : "(redacted)")
                + ", userId=" + userId + ", channel=" + channel + ", text=" + text + "]";
    }
}
