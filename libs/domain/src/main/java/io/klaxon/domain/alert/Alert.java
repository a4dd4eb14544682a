package io.klaxon.domain.alert;

import io.klaxon.domain.signal.AlertSignal;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Duration;
import java.time.Instant;

/**
 * One occurrence of an alert: what is known about it and where it is in its lifecycle.
 * Two counters: {@code version} counts lifecycle changes (a Slack button carries it, and a click on
 * an older version never wins); {@code revision} counts every stored write, bookkeeping included
 * (where the message lives, the workflow's token), and is what stores condition each write on — so a
 * write decided on a stale read can never silently undo another.
 *
 * @param signal         the signal that opened the occurrence (title, severity, links …)
 * @param lastSignalAt   source time of the newest signal applied, to order late or duplicate signals
 * @param lastSignalId   signalId of the newest signal applied, to recognise redeliveries
 * @param recoveredAt    when the source said the problem recovered, if it did while still open
 * @param taskToken      the workflow's callback token while it waits for an action; server-side only
 * @param awaiting       the state the workflow waits in with {@code taskToken}
 * @param revision       the number of stored writes of this alert (see above)
 * @param deliveryFailing Slack refused the workflow's last attempt to show or tell this alert
 *                       (invalid token, channel not found, …): the message may lag the stored state
 *                       until someone fixes the configuration and a retry gets through
 * @param workflow       the execution that runs this alert's workflow (null: the opening one, see {@link #workflow()})
 * @param repairs        the reconciler's repairs of this alert's workflow, null when none
 * @param stormId        the storm its route was in when it opened: it shows in the storm's message
 *                       instead of one of its own (null: it has its own message; ADR 0014)
 */
@Serdeable
public record Alert(
        String alertId,
        String alertKey,
        long version,
        AlertState state,
        AlertSignal signal,
        EscalationPolicy policy,
        Instant openedAt,
        Instant lastFiredAt,
        Instant lastSignalAt,
        String lastSignalId,
        int refireCount,
        int escalationLevel,
        @Nullable Actor owner,
        @Nullable Instant claimedAt,
        @Nullable Actor resolvedBy,
        @Nullable Instant resolvedAt,
        @Nullable Instant recoveredAt,
        @Nullable Instant snoozedUntil,
        @Nullable String channel,
        @Nullable String messageTs,
        @Nullable String taskToken,
        @Nullable AlertState awaiting,
        long revision,
        boolean deliveryFailing,
        @Nullable String workflow,
        @Nullable Repairs repairs,
        @Nullable String stormId) {

    /** The alert as stored before storms existed (not in a storm). */
    public Alert(String alertId, String alertKey, long version, AlertState state, AlertSignal signal,
                 EscalationPolicy policy, Instant openedAt, Instant lastFiredAt, Instant lastSignalAt,
                 String lastSignalId, int refireCount, int escalationLevel, @Nullable Actor owner,
                 @Nullable Instant claimedAt, @Nullable Actor resolvedBy, @Nullable Instant resolvedAt,
                 @Nullable Instant recoveredAt, @Nullable Instant snoozedUntil, @Nullable String channel,
                 @Nullable String messageTs, @Nullable String taskToken, @Nullable AlertState awaiting,
                 long revision, boolean deliveryFailing, @Nullable String workflow, @Nullable Repairs repairs) {
        this(alertId, alertKey, version, state, signal, policy, openedAt, lastFiredAt, lastSignalAt, lastSignalId,
                refireCount, escalationLevel, owner, claimedAt, resolvedBy, resolvedAt, recoveredAt, snoozedUntil,
                channel, messageTs, taskToken, awaiting, revision, deliveryFailing, workflow, repairs, null);
    }

    /** The alert as stored before it recorded its workflow (no adoption, no repairs yet). */
    public Alert(String alertId, String alertKey, long version, AlertState state, AlertSignal signal,
                 EscalationPolicy policy, Instant openedAt, Instant lastFiredAt, Instant lastSignalAt,
                 String lastSignalId, int refireCount, int escalationLevel, @Nullable Actor owner,
                 @Nullable Instant claimedAt, @Nullable Actor resolvedBy, @Nullable Instant resolvedAt,
                 @Nullable Instant recoveredAt, @Nullable Instant snoozedUntil, @Nullable String channel,
                 @Nullable String messageTs, @Nullable String taskToken, @Nullable AlertState awaiting,
                 long revision) {
        this(alertId, alertKey, version, state, signal, policy, openedAt, lastFiredAt, lastSignalAt, lastSignalId,
                refireCount, escalationLevel, owner, claimedAt, resolvedBy, resolvedAt, recoveredAt, snoozedUntil,
                channel, messageTs, taskToken, awaiting, revision, false, null, null);
    }

    /** The alert as stored with its delivery mark, before it recorded its workflow. */
    public Alert(String alertId, String alertKey, long version, AlertState state, AlertSignal signal,
                 EscalationPolicy policy, Instant openedAt, Instant lastFiredAt, Instant lastSignalAt,
                 String lastSignalId, int refireCount, int escalationLevel, @Nullable Actor owner,
                 @Nullable Instant claimedAt, @Nullable Actor resolvedBy, @Nullable Instant resolvedAt,
                 @Nullable Instant recoveredAt, @Nullable Instant snoozedUntil, @Nullable String channel,
                 @Nullable String messageTs, @Nullable String taskToken, @Nullable AlertState awaiting,
                 long revision, boolean deliveryFailing) {
        this(alertId, alertKey, version, state, signal, policy, openedAt, lastFiredAt, lastSignalAt, lastSignalId,
                refireCount, escalationLevel, owner, claimedAt, resolvedBy, resolvedAt, recoveredAt, snoozedUntil,
                channel, messageTs, taskToken, awaiting, revision, deliveryFailing, null, null);
    }

    /**
     * How often the reconciler restarted this alert's workflow, and after which failed execution it
     * last did (so a redelivered status change repeats that repair instead of counting a new one).
     */
    @Serdeable
    public record Repairs(int count, String after) {
    }

    /**
     * The name of the execution that is this alert's live workflow: the one that opened it, until an
     * announcement, refire or repair execution adopts it after that one ended (ADR 0010). Alerts
     * stored before adoption existed have none recorded: theirs is the opening execution, whose name
     * is the alert id.
     */
    @Override
    public String workflow() {
        return workflow == null ? alertId : workflow;
    }

    /** How many repairs so far (0 when none). */
    public int repairCount() {
        return repairs == null ? 0 : repairs.count();
    }

    /** A new, unclaimed occurrence at version 1. */
    public static Alert open(String alertId, AlertSignal signal, EscalationPolicy policy, Instant now) {
        return new Alert(alertId, signal.alertKey(), 1, AlertState.UNCLAIMED, signal, policy, now,
                now, signal.occurredAt(), signal.signalId(), 0, 0, null, null, null, null, null, null,
                policy.channel(), null, null, null, 1, false, alertId, null);
    }

    public boolean hasMessage() {
        return messageTs != null;
    }

    @Nullable
    public Duration timeToClaim() {
        return claimedAt == null ? null : Duration.between(openedAt, claimedAt);
    }

    @Nullable
    public Duration timeToResolve() {
        return resolvedAt == null ? null : Duration.between(openedAt, resolvedAt);
    }

    // Withers keep the transitions in Lifecycle readable. Each one bumps nothing by itself;
    // Lifecycle decides the version.

    public Alert withRevision(long r) {
        return new Alert(alertId, alertKey, version, state, signal, policy, openedAt, lastFiredAt, lastSignalAt,
                lastSignalId, refireCount, escalationLevel, owner, claimedAt, resolvedBy, resolvedAt,
                recoveredAt, snoozedUntil, channel, messageTs, taskToken, awaiting, r, deliveryFailing, workflow, repairs, stormId);
    }

    public Alert withVersion(long v) {
        return new Alert(alertId, alertKey, v, state, signal, policy, openedAt, lastFiredAt, lastSignalAt,
                lastSignalId, refireCount, escalationLevel, owner, claimedAt, resolvedBy, resolvedAt,
                recoveredAt, snoozedUntil, channel, messageTs, taskToken, awaiting, revision, deliveryFailing, workflow, repairs, stormId);
    }

    public Alert withState(AlertState s, @Nullable Actor newOwner, @Nullable Instant newClaimedAt) {
        return new Alert(alertId, alertKey, version, s, signal, policy, openedAt, lastFiredAt, lastSignalAt,
                lastSignalId, refireCount, escalationLevel, newOwner, newClaimedAt, resolvedBy, resolvedAt,
                recoveredAt, snoozedUntil, channel, messageTs, taskToken, awaiting, revision, deliveryFailing, workflow, repairs, stormId);
    }

    public Alert withResolution(Actor by, Instant at) {
        return new Alert(alertId, alertKey, version, AlertState.RESOLVED, signal, policy, openedAt, lastFiredAt,
                lastSignalAt, lastSignalId, refireCount, escalationLevel, owner, claimedAt, by, at, recoveredAt,
                null, channel, messageTs, null, null, revision, deliveryFailing, workflow, repairs, stormId);
    }

    public Alert withRefire(AlertSignal s, Instant now) {
        return new Alert(alertId, alertKey, version, state, signal, policy, openedAt, now, s.occurredAt(),
                s.signalId(), refireCount + 1, escalationLevel, owner, claimedAt, resolvedBy, resolvedAt,
                null, snoozedUntil, channel, messageTs, taskToken, awaiting, revision, deliveryFailing, workflow, repairs, stormId);
    }

    public Alert withRecovery(AlertSignal s) {
        return new Alert(alertId, alertKey, version, state, signal, policy, openedAt, lastFiredAt, s.occurredAt(),
                s.signalId(), refireCount, escalationLevel, owner, claimedAt, resolvedBy, resolvedAt,
                s.occurredAt(), snoozedUntil, channel, messageTs, taskToken, awaiting, revision, deliveryFailing, workflow, repairs, stormId);
    }

    public Alert withEscalationLevel(int level) {
        return new Alert(alertId, alertKey, version, state, signal, policy, openedAt, lastFiredAt, lastSignalAt,
                lastSignalId, refireCount, level, owner, claimedAt, resolvedBy, resolvedAt, recoveredAt,
                snoozedUntil, channel, messageTs, taskToken, awaiting, revision, deliveryFailing, workflow, repairs, stormId);
    }

    public Alert withSnoozedUntil(@Nullable Instant until) {
        return new Alert(alertId, alertKey, version, state, signal, policy, openedAt, lastFiredAt, lastSignalAt,
                lastSignalId, refireCount, escalationLevel, owner, claimedAt, resolvedBy, resolvedAt, recoveredAt,
                until, channel, messageTs, taskToken, awaiting, revision, deliveryFailing, workflow, repairs, stormId);
    }

    public Alert withMessage(String newChannel, String ts) {
        return new Alert(alertId, alertKey, version, state, signal, policy, openedAt, lastFiredAt, lastSignalAt,
                lastSignalId, refireCount, escalationLevel, owner, claimedAt, resolvedBy, resolvedAt, recoveredAt,
                snoozedUntil, newChannel, ts, taskToken, awaiting, revision, deliveryFailing, workflow, repairs, stormId);
    }

    public Alert withDeliveryFailing(boolean failing) {
        return new Alert(alertId, alertKey, version, state, signal, policy, openedAt, lastFiredAt, lastSignalAt,
                lastSignalId, refireCount, escalationLevel, owner, claimedAt, resolvedBy, resolvedAt, recoveredAt,
                snoozedUntil, channel, messageTs, taskToken, awaiting, revision, failing, workflow, repairs, stormId);
    }

    /** Records the execution that now runs this alert's workflow (bookkeeping: no version bump). */
    public Alert withWorkflow(String execution) {
        return new Alert(alertId, alertKey, version, state, signal, policy, openedAt, lastFiredAt, lastSignalAt,
                lastSignalId, refireCount, escalationLevel, owner, claimedAt, resolvedBy, resolvedAt, recoveredAt,
                snoozedUntil, channel, messageTs, taskToken, awaiting, revision, deliveryFailing, execution, repairs, stormId);
    }

    /** Counts a repair of the workflow after the failed execution {@code after}. */
    public Alert withRepairs(Repairs next) {
        return new Alert(alertId, alertKey, version, state, signal, policy, openedAt, lastFiredAt, lastSignalAt,
                lastSignalId, refireCount, escalationLevel, owner, claimedAt, resolvedBy, resolvedAt, recoveredAt,
                snoozedUntil, channel, messageTs, taskToken, awaiting, revision, deliveryFailing, workflow, next, stormId);
    }

    /** Shows the alert in storm {@code id}'s message, or (null) in a message of its own (bookkeeping). */
    public Alert withStormId(@Nullable String id) {
        return new Alert(alertId, alertKey, version, state, signal, policy, openedAt, lastFiredAt, lastSignalAt,
                lastSignalId, refireCount, escalationLevel, owner, claimedAt, resolvedBy, resolvedAt, recoveredAt,
                snoozedUntil, channel, messageTs, taskToken, awaiting, revision, deliveryFailing, workflow, repairs, id);
    }

    /** Whether it shows in a storm's message rather than one of its own. */
    public boolean inStorm() {
        return stormId != null && messageTs == null;
    }

    public Alert withTaskToken(@Nullable String token, @Nullable AlertState awaitingState) {
        return new Alert(alertId, alertKey, version, state, signal, policy, openedAt, lastFiredAt, lastSignalAt,
                lastSignalId, refireCount, escalationLevel, owner, claimedAt, resolvedBy, resolvedAt, recoveredAt,
                snoozedUntil, channel, messageTs, token, awaitingState, revision, deliveryFailing, workflow, repairs, stormId);
    }
}
