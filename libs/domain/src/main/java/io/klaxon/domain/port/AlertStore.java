package io.klaxon.domain.port;

import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.TimelineEntry;
import io.klaxon.domain.signal.AlertSignal;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where alerts and their timelines live. Every write is conditional on the version the caller read,
 * so concurrent writers cannot both win. Implementations: DynamoDB (deployed and local) and an
 * in-memory one for unit tests.
 *
 * <p>Invariant kept by every implementation: at most one open occurrence per {@code alertKey}.
 */
public interface AlertStore {

    /**
     * Stores a new occurrence unless its key already has an open one, and only while the key's last
     * occurrence is still the one the caller decided on: a FIRING that the last occurrence accounts
     * for (the other path's copy, arriving just as that occurrence resolved) must not open a second
     * alert because the caller read it a moment before it resolved.
     *
     * @param lastRead the key's last occurrence as the caller read it ({@link #findLast}), null when it
     *                 read none
     * @return {@link Created} when stored; {@link KeyTaken} with the open occurrence when the key has
     *         one (which may be this very alertId when a retried step created it before);
     *         {@link LastChanged} when the key's last occurrence is no longer {@code lastRead} at its
     *         revision (written, resolved or replaced since): read it again and decide again
     */
    CreateResult create(Alert alert, TimelineEntry entry, @Nullable Alert lastRead);

    /** {@link #create(Alert, TimelineEntry, Alert)} against the key's last occurrence as it is now. */
    default CreateResult create(Alert alert, TimelineEntry entry) {
        return create(alert, entry, findLast(alert.alertKey()).orElse(null));
    }

    Optional<Alert> get(String alertId);

    /** The open occurrence for a key, if any. */
    Optional<Alert> findOpen(String alertKey);

    /**
     * Replaces the alert if its stored revision is still {@code expectedRevision}, storing it with
     * revision {@code expectedRevision + 1} and appending {@code entry} to the timeline in the same
     * atomic write. When {@code next} is RESOLVED the key is
     * released so that the next FIRING opens a new occurrence.
     *
     * @return false when another writer got there first (nothing was written)
     */
    boolean replace(Alert next, long expectedRevision, @Nullable TimelineEntry entry);

    /** The timeline of an occurrence, oldest first. */
    List<TimelineEntry> timeline(String alertId);

    /**
     * Marks a source signal as being published by the delivery {@code token}, the first phase of a
     * two-phase mark ({@link SignalMark}). The mark is made when there is none, when the one there
     * expired, or when the one there is unconfirmed and its lease ended before {@code now} (a take-over:
     * of two deliveries taking over the same mark, exactly one holds it). A mark already made by this
     * very token (a write whose answer was lost, sent again) counts as made by this call.
     *
     * @param token      this delivery's own token, unique per delivery
     * @param leaseUntil when this delivery can certainly no longer be publishing (its deadline plus a margin)
     * @param expiresAt  until when the mark, once confirmed, makes redeliveries duplicates
     */
    SignalMark markSignal(String signalId, String token, Instant now, Instant leaseUntil, Instant expiresAt);

    /**
     * The second phase: the bus took the signal, so its mark now makes every later delivery a
     * duplicate until it expires.
     *
     * @return false when the mark is no longer this token's (another delivery took it over, or it is
     *         gone): nothing was written
     */
    boolean confirmSignal(String signalId, String token);

    /**
     * Removes the mark this token made, so that a redelivery of the signal is processed again at once
     * rather than after the lease. Ingest calls it when publishing failed, or when marking failed in a
     * way that may have made the mark. A mark that is not this token's is left alone.
     */
    void forgetSignal(String signalId, String token);

    /**
     * Remembers a RECOVERED signal that found no open occurrence of its key (its FIRING was delayed:
     * ingest's retry, throttling), until {@code expiresAt}, so that the occurrence its FIRING opens
     * later is resolved by it (ADR 0001, "A recovery before its firing"). One per key: a remembered
     * recovery with a newer source time is kept. The default forgets it at once (a store without it
     * drops such a recovery, as before); stores should override it.
     *
     * @param recovery a RECOVERED signal with a source time
     */
    default void rememberRecovery(AlertSignal recovery, Instant expiresAt) {
    }

    /** The recovery {@link #rememberRecovery} keeps for the key, unless it expired by {@code now}. */
    default Optional<AlertSignal> rememberedRecovery(String alertKey, Instant now) {
        return Optional.empty();
    }

    /**
     * Records, once per occurrence, that its message is about to be posted: bookkeeping beside the
     * alert, in the same item where the store has one, that changes neither its version nor its
     * revision (a concurrent lifecycle write never collides with it). A post whose answer was lost (Slack
     * stored it but answered after the client gave up) is retried; the mark tells the retry that an
     * earlier attempt may have landed, and since when to look for it.
     *
     * @param at when this attempt is about to post
     * @return empty when this call made the mark (no attempt before it); otherwise the time the first
     *         attempt recorded, unchanged
     * @throws java.util.NoSuchElementException when there is no such alert
     */
    Optional<Instant> recordPostIntent(String alertId, Instant at);

    /**
     * Takes back the mark of a first attempt that certainly posted nothing (Slack refused it, or it
     * was held back before any request was sent), so that the next attempt posts without first
     * searching the channel's history. Only the mark made at {@code at} is removed.
     */
    void forgetPostIntent(String alertId, Instant at);

    /**
     * Takes over the mark of an earlier attempt whose lease ran out (it can no longer be in flight,
     * and its message did not land): replaces the mark, only while it still reads {@code expected},
     * with {@code now}. Of two attempts that both find the same stale mark, exactly one wins and
     * posts; the other waits for its message.
     *
     * <p>The default says yes without a check (a store without a conditional write keeps today's
     * behaviour: two stale takers may both post); stores should override it.
     *
     * @param expected the mark as this attempt read it
     * @param now      this attempt's mark, the start of its own lease
     * @return true when this call replaced the mark; false when another attempt changed it first
     */
    default boolean takeOverPostIntent(String alertId, Instant expected, Instant now) {
        return true;
    }

    /**
     * The key's most recent occurrence, open or resolved (what a FIRING may reopen, see
     * {@link io.klaxon.domain.lifecycle.Lifecycle#reopen}). The default finds only an open one: a
     * store without the lookup never reopens, it opens a new occurrence as before.
     */
    default Optional<Alert> findLast(String alertKey) {
        return findOpen(alertKey);
    }

    /**
     * Stores {@code next}, an open state of a RESOLVED occurrence, if its stored revision is still
     * {@code expectedRevision} and its key has no open occurrence: in one atomic write it replaces
     * the alert, takes the key again and appends {@code entry}.
     *
     * @return false when another writer got there first or another occurrence holds the key
     */
    default boolean reopen(Alert next, long expectedRevision, TimelineEntry entry) {
        return false;
    }

    /**
     * The open occurrences of one route ({@code alert.policy().route()}), newest first: what
     * {@code /klaxon list} shows. A query, never a scan; a store without the query says so.
     *
     * @param limit how many to return at most; {@link OpenAlerts#total()} counts them all
     */
    default OpenAlerts openAlerts(String route, int limit) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot list open alerts by route");
    }

    /**
     * @param newest at most the limit asked for, newest opening first
     * @param total  how many open occurrences the route has (at least {@code newest.size()})
     */
    record OpenAlerts(List<Alert> newest, int total) {
        public OpenAlerts {
            newest = List.copyOf(newest);
        }
    }

    sealed interface CreateResult permits Created, KeyTaken, LastChanged {
    }

    record Created(Alert alert) implements CreateResult {
    }

    record KeyTaken(Alert open) implements CreateResult {
    }

    /** The key's last occurrence changed since the caller read it: nothing was stored. */
    record LastChanged() implements CreateResult {
    }
}
