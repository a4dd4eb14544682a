package io.klaxon.domain.alert;

import io.klaxon.domain.signal.AlertSignal;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

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
 * @param flaps          the key's recent state changes and how the occurrence last closed, null
 *                       until its first refire or recovery (see {@link Flaps})
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
        @Nullable Flaps flaps,
        @Nullable String stormId) {

    /** The alert as stored before it tracked flapping or storms. */
    public Alert(String alertId, String alertKey, long version, AlertState state, AlertSignal signal,
                 EscalationPolicy policy, Instant openedAt, Instant lastFiredAt, Instant lastSignalAt,
                 String lastSignalId, int refireCount, int escalationLevel, @Nullable Actor owner,
                 @Nullable Instant claimedAt, @Nullable Actor resolvedBy, @Nullable Instant resolvedAt,
                 @Nullable Instant recoveredAt, @Nullable Instant snoozedUntil, @Nullable String channel,
                 @Nullable String messageTs, @Nullable String taskToken, @Nullable AlertState awaiting,
                 long revision, boolean deliveryFailing, @Nullable String workflow, @Nullable Repairs repairs) {
        this(alertId, alertKey, version, state, signal, policy, openedAt, lastFiredAt, lastSignalAt, lastSignalId,
                refireCount, escalationLevel, owner, claimedAt, resolvedBy, resolvedAt, recoveredAt, snoozedUntil,
                channel, messageTs, taskToken, awaiting, revision, deliveryFailing, workflow, repairs, null, null);
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
                channel, messageTs, taskToken, awaiting, revision, false, null, null, null, null);
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
                channel, messageTs, taskToken, awaiting, revision, deliveryFailing, null, null, null, null);
    }

    /**
     * How often the reconciler restarted this alert's workflow, and after which failed execution it
     * last did (so a redelivered status change repeats that repair instead of counting a new one).
     * {@code count} numbers the repairs (their execution names), and only {@code unfixable} of them
     * followed a failure that repeating cannot fix: those alone count towards giving up; {@code outages}
     * is how many failures in a row an unavailable dependency caused since a workflow last got through,
     * for the repairs' backoff (ADR 0010, "Outages"). Both read as 0 in a document stored before them.
     */
    @Serdeable
    public record Repairs(int count, String after, @Nullable Integer unfixable, @Nullable Integer outages) {

        public Repairs {
            unfixable = unfixable == null ? 0 : unfixable;
            outages = outages == null ? 0 : outages;
        }

        /** Repairs as counted before failures were told apart: every one counted towards giving up. */
        public Repairs(int count, String after) {
            this(count, after, count, 0);
        }
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

    /**
     * The {@link #workflow()} of an alert whose workflow has ended on purpose: it read the alert
     * RESOLVED and finished (ADR 0010, "Handover"). No execution can be named this ('#' is not allowed
     * in Step Functions names), so no execution takes it for its own, and no one need ask Step
     * Functions whether it still runs.
     */
    public static final String WORKFLOW_RELEASED = "#released";

    /** Whether the alert's workflow finished (see {@link #WORKFLOW_RELEASED}): it has no live one. */
    public boolean workflowReleased() {
        return WORKFLOW_RELEASED.equals(workflow);
    }

    /**
     * What the alert knows about its key's flapping.
     *
     * @param changes           source times of the state changes (firings and recoveries) applied
     *                          within the policy's flap window, oldest first
     * @param flapping          more than the policy's threshold of changes within the window
     * @param autoResolvedAt    when a recovery resolved it automatically (null once anything else
     *                          resolved or reopened it): only such an occurrence is reopened
     * @param ignoredRecoveryAt source time of the last out-of-order recovery noted on the timeline,
     *                          so a redelivery of it is not noted twice
     * @param reopens           how often a FIRING reopened this occurrence after it auto-resolved
     * @param reopenedBy        the signalId of the FIRING that last reopened it, until the next change:
     *                          a retried open step whose answer was lost recognises its own reopening
     */
    @Serdeable
    public record Flaps(List<Instant> changes, boolean flapping, @Nullable Instant autoResolvedAt,
                        @Nullable Instant ignoredRecoveryAt, int reopens, @Nullable String reopenedBy) {
        public Flaps {
            changes = changes == null ? List.of() : List.copyOf(changes);
        }

        /** Flap bookkeeping that records no reopening signal. */
        public Flaps(List<Instant> changes, boolean flapping, @Nullable Instant autoResolvedAt,
                     @Nullable Instant ignoredRecoveryAt, int reopens) {
            this(changes, flapping, autoResolvedAt, ignoredRecoveryAt, reopens, null);
        }

        static final Flaps NONE = new Flaps(List.of(), false, null, null, 0);
    }

    /** The flap bookkeeping, empty when none was recorded yet. */
    public Flaps flapsOrNone() {
        return flaps == null ? Flaps.NONE : flaps;
    }

    /** Whether the alarm changes state more often than its policy allows within the flap window. */
    public boolean flapping() {
        return flaps != null && flaps.flapping();
    }

    /** How many repairs so far (0 when none). */
    public int repairCount() {
        return repairs == null ? 0 : repairs.count();
    }

    /** A new, unclaimed occurrence at version 1. */
    public static Alert open(String alertId, AlertSignal signal, EscalationPolicy policy, Instant now) {
        return new Alert(alertId, signal.alertKey(), 1, AlertState.UNCLAIMED, signal, policy, now,
                now, signal.occurredAt(), signal.signalId(), 0, 0, null, null, null, null, null, null,
                policy.channel(), null, null, null, 1, false, alertId, null, null, null);
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
                recoveredAt, snoozedUntil, channel, messageTs, taskToken, awaiting, r, deliveryFailing, workflow, repairs, flaps, stormId);
    }

    public Alert withVersion(long v) {
        return new Alert(alertId, alertKey, v, state, signal, policy, openedAt, lastFiredAt, lastSignalAt,
                lastSignalId, refireCount, escalationLevel, owner, claimedAt, resolvedBy, resolvedAt,
                recoveredAt, snoozedUntil, channel, messageTs, taskToken, awaiting, revision, deliveryFailing, workflow, repairs, flaps, stormId);
    }

    public Alert withState(AlertState s, @Nullable Actor newOwner, @Nullable Instant newClaimedAt) {
        return new Alert(alertId, alertKey, version, s, signal, policy, openedAt, lastFiredAt, lastSignalAt,
                lastSignalId, refireCount, escalationLevel, newOwner, newClaimedAt, resolvedBy, resolvedAt,
                recoveredAt, snoozedUntil, channel, messageTs, taskToken, awaiting, revision, deliveryFailing, workflow, repairs, flaps, stormId);
    }

    public Alert withResolution(Actor by, Instant at) {
        return new Alert(alertId, alertKey, version, AlertState.RESOLVED, signal, policy, openedAt, lastFiredAt,
                lastSignalAt, lastSignalId, refireCount, escalationLevel, owner, claimedAt, by, at, recoveredAt,
                null, channel, messageTs, null, null, revision, deliveryFailing, workflow, repairs, flaps, stormId);
    }

    public Alert withRefire(AlertSignal s, Instant now) {
        return new Alert(alertId, alertKey, version, state, signal, policy, openedAt, now, s.occurredAt(),
                s.signalId(), refireCount + 1, escalationLevel, owner, claimedAt, resolvedBy, resolvedAt,
                null, snoozedUntil, channel, messageTs, taskToken, awaiting, revision, deliveryFailing, workflow, repairs, flaps, stormId);
    }

    public Alert withRecovery(AlertSignal s) {
        return new Alert(alertId, alertKey, version, state, signal, policy, openedAt, lastFiredAt, s.occurredAt(),
                s.signalId(), refireCount, escalationLevel, owner, claimedAt, resolvedBy, resolvedAt,
                s.occurredAt(), snoozedUntil, channel, messageTs, taskToken, awaiting, revision, deliveryFailing, workflow, repairs, flaps, stormId);
    }

    public Alert withEscalationLevel(int level) {
        return new Alert(alertId, alertKey, version, state, signal, policy, openedAt, lastFiredAt, lastSignalAt,
                lastSignalId, refireCount, level, owner, claimedAt, resolvedBy, resolvedAt, recoveredAt,
                snoozedUntil, channel, messageTs, taskToken, awaiting, revision, deliveryFailing, workflow, repairs, flaps, stormId);
    }

    public Alert withSnoozedUntil(@Nullable Instant until) {
        return new Alert(alertId, alertKey, version, state, signal, policy, openedAt, lastFiredAt, lastSignalAt,
                lastSignalId, refireCount, escalationLevel, owner, claimedAt, resolvedBy, resolvedAt, recoveredAt,
                until, channel, messageTs, taskToken, awaiting, revision, deliveryFailing, workflow, repairs, flaps, stormId);
    }

    public Alert withMessage(String newChannel, String ts) {
        return new Alert(alertId, alertKey, version, state, signal, policy, openedAt, lastFiredAt, lastSignalAt,
                lastSignalId, refireCount, escalationLevel, owner, claimedAt, resolvedBy, resolvedAt, recoveredAt,
                snoozedUntil, newChannel, ts, taskToken, awaiting, revision, deliveryFailing, workflow, repairs, flaps, stormId);
    }

    public Alert withDeliveryFailing(boolean failing) {
        return new Alert(alertId, alertKey, version, state, signal, policy, openedAt, lastFiredAt, lastSignalAt,
                lastSignalId, refireCount, escalationLevel, owner, claimedAt, resolvedBy, resolvedAt, recoveredAt,
                snoozedUntil, channel, messageTs, taskToken, awaiting, revision, failing, workflow, repairs, flaps, stormId);
    }

    /** Records the execution that now runs this alert's workflow (bookkeeping: no version bump). */
    public Alert withWorkflow(String execution) {
        return new Alert(alertId, alertKey, version, state, signal, policy, openedAt, lastFiredAt, lastSignalAt,
                lastSignalId, refireCount, escalationLevel, owner, claimedAt, resolvedBy, resolvedAt, recoveredAt,
                snoozedUntil, channel, messageTs, taskToken, awaiting, revision, deliveryFailing, execution, repairs, flaps, stormId);
    }

    /** Counts a repair of the workflow after the failed execution {@code after}. */
    public Alert withRepairs(Repairs next) {
        return new Alert(alertId, alertKey, version, state, signal, policy, openedAt, lastFiredAt, lastSignalAt,
                lastSignalId, refireCount, escalationLevel, owner, claimedAt, resolvedBy, resolvedAt, recoveredAt,
                snoozedUntil, channel, messageTs, taskToken, awaiting, revision, deliveryFailing, workflow, next, flaps, stormId);
    }

    public Alert withFlaps(@Nullable Flaps next) {
        return new Alert(alertId, alertKey, version, state, signal, policy, openedAt, lastFiredAt, lastSignalAt,
                lastSignalId, refireCount, escalationLevel, owner, claimedAt, resolvedBy, resolvedAt, recoveredAt,
                snoozedUntil, channel, messageTs, taskToken, awaiting, revision, deliveryFailing, workflow, repairs, next, stormId);
    }

    /**
     * The auto-resolved occurrence open again for {@code s}: unclaimed, nobody's, back at escalation
     * level 0, its resolution and recovery forgotten, the FIRING counted as a refire.
     */
    public Alert withReopening(AlertSignal s, Instant now) {
        return new Alert(alertId, alertKey, version, AlertState.UNCLAIMED, signal, policy, openedAt, now,
                s.occurredAt(), s.signalId(), refireCount + 1, 0, null, null, null, null, null, null, channel,
                messageTs, null, null, revision, deliveryFailing, workflow, repairs, flaps, stormId);
    }

    /** Shows the alert in storm {@code id}'s message, or (null) in a message of its own (bookkeeping). */
    public Alert withStormId(@Nullable String id) {
        return new Alert(alertId, alertKey, version, state, signal, policy, openedAt, lastFiredAt, lastSignalAt,
                lastSignalId, refireCount, escalationLevel, owner, claimedAt, resolvedBy, resolvedAt, recoveredAt,
                snoozedUntil, channel, messageTs, taskToken, awaiting, revision, deliveryFailing, workflow, repairs, flaps, id);
    }

    /** Whether it shows in a storm's message rather than one of its own. */
    public boolean inStorm() {
        return stormId != null && messageTs == null;
    }

    public Alert withTaskToken(@Nullable String token, @Nullable AlertState awaitingState) {
        return new Alert(alertId, alertKey, version, state, signal, policy, openedAt, lastFiredAt, lastSignalAt,
                lastSignalId, refireCount, escalationLevel, owner, claimedAt, resolvedBy, resolvedAt, recoveredAt,
                snoozedUntil, channel, messageTs, token, awaitingState, revision, deliveryFailing, workflow, repairs, flaps, stormId);
    }
}
