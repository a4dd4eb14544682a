package io.klaxon.slack;

import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.TimelineEntry;
import io.klaxon.domain.storm.Storm;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Everything Klaxon says in Slack, rendered from alert state. One message per occurrence, edited in
 * place; the thread under it is the timeline. Implementations: the Slack Web API (real workspace or
 * any Slack-compatible base URL) and a console sink for running locally without a token.
 *
 * <p>Failures that may succeed later (Slack 5xx, rate limits, network) throw
 * {@link SlackUnavailableException}; the workflow retries them with backoff.
 */
public interface SlackGateway {

    /**
     * Posts the occurrence's message, marked as the alert's (so {@link #findPosted} can find it).
     *
     * @return where it landed
     */
    MessageRef post(Alert alert);

    /**
     * Finds the occurrence's message when an earlier {@link #post} landed without its answer
     * arriving (Slack stored it, then answered after the client gave up): the top-level message
     * marked as this alert's, posted at or after {@code since}. The search is bounded; not finding
     * the message there means no earlier post landed, as far as can be told.
     *
     * @return where the message is, or empty when none is found
     * @throws SlackRejectedException when Slack refuses the lookup (for example a missing
     *                                {@code channels:history} scope); the caller decides whether to post anyway
     */
    Optional<MessageRef> findPosted(Alert alert, Instant since);

    /**
     * Re-renders the occurrence's message from state with {@code chat.update}; not sent when Slack is known to
     * show that content already (ADR 0013, "Unchanged content").
     */
    void update(Alert alert);

    /**
     * Adds a reply to the occurrence's thread, once: an attempt that finds the line there already (posted by an
     * earlier attempt whose answer was lost) does not post it again (ADR 0003, "Replying once"). The line is
     * named by {@link #lineKey}.
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

    // ---- a route's storm message (ADR 0014) ----

    /**
     * Posts the storm's one message, listing {@code alerts}, marked as the storm's (so
     * {@link #findStormPosted} finds it).
     */
    default MessageRef postStorm(Storm storm, String channel, List<Alert> alerts) {
        throw new UnsupportedOperationException("this Slack gateway shows no storms");
    }

    /** Like {@link #findPosted}, for the storm's message. */
    default Optional<MessageRef> findStormPosted(Storm storm, String channel, Instant since) {
        return Optional.empty();
    }

    /**
     * Re-renders the storm's message with {@code chat.update}, unless a render of a higher
     * {@code revision} has it already (coalesced like an alert's message, ADR 0013).
     */
    default void updateStorm(Storm storm, List<Alert> alerts, long revision) {
        throw new UnsupportedOperationException("this Slack gateway shows no storms");
    }

    /**
     * Makes the storm's message show every change counted up to {@code wanted}: skipped when a render
     * claimed after {@code wanted} has the message already. Otherwise, once Slack's budget has a slot,
     * the revision rendered is the newest counted by then ({@code newest}) and the alerts are read
     * after it, so one call shows every change waiting for the slot (coalesced, ADR 0014).
     */
    default void updateStorm(Storm storm, long wanted, LongSupplier newest, Supplier<List<Alert>> alerts) {
        updateStorm(storm, alerts.get(), Math.max(wanted, newest.getAsLong()));
    }

    /**
     * A reply in the storm message's thread, posted once like {@link #reply}.
     *
     * @param key  names the line among all of the thread's (the storm's end, or a change of one of its alerts)
     * @param text rendered only when the line is posted
     */
    default void replyStorm(Storm storm, String key, Supplier<String> text) {
        throw new UnsupportedOperationException("this Slack gateway shows no storms");
    }

    /**
     * The key of the thread line telling {@code entry}: {@code <alertId>/v<version>/<KIND>/<at, epoch ms>}. The
     * version names a change; the instant tells apart entries that changed no state (version 0), and reminders,
     * whose entry is stamped with the time the reminder was due.
     */
    static String lineKey(Alert alert, TimelineEntry entry) {
        return alert.alertId() + "/v" + entry.version() + "/" + entry.kind().name() + "/" + entry.at().toEpochMilli();
    }

    record MessageRef(String channel, String ts) {
    }
}
