package io.klaxon.domain.port;

import io.klaxon.domain.storm.Storm;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Counts the alerts opened per route and keeps each route's storm (ADR 0014). Shared by every
 * function (concurrent Lambdas included): implemented in Klaxon's table.
 */
public interface StormWatch {

    /**
     * Records that {@code alertId} opened on {@code route} at {@code openedAt} (recording it again is
     * harmless: a retried step counts once) and counts the route's opens since {@code openedAt - window}.
     * Every recorder sees its own open and every open recorded before it, so with N concurrent opens
     * the k-th to be recorded counts at least k.
     */
    Opens recordOpen(String route, String alertId, Instant openedAt, Duration window);

    /**
     * @param count the route's opens in the window, this one included
     * @param first whether this call recorded the open (false: a retry, whose decision was made before)
     */
    record Opens(int count, boolean first) {
    }

    /** How many alerts opened on {@code route} within {@code window} before {@code now}. */
    int countOpens(String route, Instant now, Duration window);

    /** The route's live storm, if it is in one. */
    Optional<Storm> current(String route);

    /** The storm by id (ended ones included, while they are kept). */
    Optional<Storm> get(String stormId);

    /**
     * Enters storm mode unless the route is in one already.
     *
     * @return the route's live storm: the new one, or the one another caller started first
     */
    Storm enter(String route, String stormId, Instant at);

    /** Adds an alert to the storm (idempotent). */
    void join(String stormId, String alertId);

    /** Takes an alert out of the storm (it is shown on its own from now on). */
    void leave(String stormId, String alertId);

    /** The storm's alerts, in the order they joined. */
    List<String> members(String stormId);

    /** Remembers where the storm's message lives. */
    Storm recordMessage(String stormId, String channel, String ts);

    /**
     * Marks once that the storm's message is about to be posted (see {@link AlertStore#recordPostIntent}).
     *
     * @return empty for the first attempt; otherwise when the first attempt was made
     */
    Optional<Instant> recordPostIntent(String stormId, Instant at);

    /** Takes back the mark made at {@code at} by an attempt that certainly posted nothing. */
    void forgetPostIntent(String stormId, Instant at);

    /**
     * Takes over the post mark of an earlier attempt whose lease ran out and whose message was not found, as
     * {@link AlertStore#takeOverPostIntent} does for an alert's: replaces the mark with {@code now} only while it
     * still reads {@code expected} (or already reads {@code now}: this call's own, its answer lost). Of several
     * steps that find the same stale mark, exactly one wins and posts; the others wait for its message.
     *
     * @return true when this call holds the mark now
     */
    boolean takeOverPostIntent(String stormId, Instant expected, Instant now);

    /** A new, higher render revision of the storm's message: renders of older ones are skipped. */
    long nextRevision(String stormId);

    /**
     * The render revision that stands for one change of a member: the first ask for
     * {@code alertRevision} takes a {@link #nextRevision} (after the change was stored, so any render
     * that reads the alerts after it shows the change) and remembers it with the member; asking again
     * for the same alert revision (a retried step) gets the same number, so a render claimed since by
     * any other step lets this one skip. Without the memo every retry would want a render of its own,
     * and a storm of N alerts would need N {@code chat.update} calls at Slack's 50 per minute.
     */
    long revisionFor(String stormId, String alertId, long alertRevision);

    /** The highest render revision handed out so far (0 when none). */
    long newestRevision(String stormId);

    /**
     * Ends the live storm {@code stormId} of its route.
     *
     * @return true for the caller that ended it (it announces the end), false when it had ended already
     */
    boolean end(String stormId, Instant at);
}
