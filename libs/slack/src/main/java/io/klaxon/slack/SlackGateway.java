package io.klaxon.slack;

import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.TimelineEntry;
import java.util.List;

/**
 * Everything Klaxon says in Slack, rendered from alert state. One message per occurrence, edited in
 * place; the thread under it is the timeline. Implementations: the Slack Web API (real workspace or
 * any Slack-compatible base URL) and a console sink for running locally without a token.
 *
 * <p>Failures that may succeed later (Slack 5xx, rate limits, network) throw
 * {@link SlackUnavailableException}; the workflow retries them with backoff.
 */
public interface SlackGateway {

    /** Posts the occurrence's message. @return where it landed */
    MessageRef post(Alert alert);

    /** Re-renders the occurrence's message from state with {@code chat.update}. */
    void update(Alert alert);

    /**
     * Adds a reply to the occurrence's thread.
     *
     * @param mentions Slack ids to mention (users {@code U…}, groups {@code S…}, or {@code here}); only
     *                 escalations and reminders mention anyone
     */
    void reply(Alert alert, TimelineEntry entry, List<String> mentions);

    /** Tells one user something only they see (for example why their click did not win). */
    void ephemeral(String channel, String userId, String text);

    /**
     * Tells the person who clicked something only they see, through the click's
     * {@code response_url} ({@code response_type: ephemeral}, the message itself untouched). Works
     * in channels the bot is not in, and for 30 minutes after the click.
     *
     * @throws SlackRejectedException with error {@code expired_url} when Slack no longer takes
     *         answers at that address (HTTP 404/410), or {@code url_not_allowed} when the address is
     *         not Slack's (or the configured Slack-compatible server's): then use {@link #ephemeral}
     * @throws SlackUnavailableException when Slack could not be reached or answered "later"
     */
    void respond(String responseUrl, String text);

    record MessageRef(String channel, String ts) {
    }
}
