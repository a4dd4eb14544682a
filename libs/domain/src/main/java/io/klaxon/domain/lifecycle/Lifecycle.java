package io.klaxon.domain.lifecycle;

import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.alert.TimelineEntry;
import io.klaxon.domain.alert.TimelineKind;
import io.klaxon.domain.lifecycle.Command.Claim;
import io.klaxon.domain.lifecycle.Command.Note;
import io.klaxon.domain.lifecycle.Command.Reassign;
import io.klaxon.domain.lifecycle.Command.Resolve;
import io.klaxon.domain.lifecycle.Command.Snooze;
import io.klaxon.domain.lifecycle.Command.Unclaim;
import io.klaxon.domain.signal.AlertSignal;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The lifecycle rules. Pure functions from (alert, input, now) to the next alert: no I/O, no clock,
 * no channel. Every accepted change bumps the version by one; stores write it conditionally.
 */
public final class Lifecycle {

    private Lifecycle() {
    }

    public static Decision decide(Alert alert, Command command, Instant now) {
        if (command.expectedVersion() != null && command.expectedVersion() != alert.version()) {
            return new Decision.Rejected(staleReason(alert), alert);
        }
        return switch (command) {
            case Claim c -> claim(alert, c.actor(), now);
            case Resolve r -> resolve(alert, r.actor(), r.note(), now);
            case Unclaim u -> unclaim(alert, u.actor(), now);
            case Snooze s -> snooze(alert, s, now);
            case Note n -> note(alert, n, now);
            case Reassign r -> reassign(alert, r, now);
        };
    }

    /** A stale click on an alert that has since moved on is explained by where it is now. */
    private static Rejection staleReason(Alert alert) {
        return switch (alert.state()) {
            case RESOLVED -> Rejection.ALREADY_RESOLVED;
            case CLAIMED -> Rejection.ALREADY_CLAIMED;
            default -> Rejection.STALE;
        };
    }

    private static Decision claim(Alert alert, Actor actor, Instant now) {
        return switch (alert.state()) {
            case UNCLAIMED, SNOOZED -> applied(alert.withState(AlertState.CLAIMED, actor, now).withSnoozedUntil(null),
                    now, TimelineKind.CLAIMED, actor, "Claimed by " + display(actor), LifecycleEventType.CLAIMED);
            case CLAIMED -> new Decision.Rejected(Rejection.ALREADY_CLAIMED, alert);
            case RESOLVED -> new Decision.Rejected(Rejection.ALREADY_RESOLVED, alert);
        };
    }

    private static Decision resolve(Alert alert, Actor actor, @Nullable String note, Instant now) {
        if (alert.state() == AlertState.RESOLVED) {
            return new Decision.Rejected(Rejection.ALREADY_RESOLVED, alert);
        }
        String text = "Resolved by " + display(actor) + (note == null || note.isBlank() ? "" : ": " + note.strip());
        return applied(alert.withResolution(actor, now), now, TimelineKind.RESOLVED, actor, text,
                LifecycleEventType.RESOLVED);
    }

    /**
     * A snoozed alert with an owner is still theirs (the snooze wakes into CLAIMED), so they can hand
     * it back: it ends the snooze too, and the claim timer starts again.
     */
    private static Decision unclaim(Alert alert, Actor actor, Instant now) {
        boolean owned = alert.state() == AlertState.CLAIMED
                || alert.state() == AlertState.SNOOZED && alert.owner() != null;
        if (owned) {
            return applied(alert.withState(AlertState.UNCLAIMED, null, null).withSnoozedUntil(null), now,
                    TimelineKind.UNCLAIMED, actor, "Unclaimed by " + display(actor), LifecycleEventType.UNCLAIMED);
        }
        return new Decision.Rejected(alert.state() == AlertState.RESOLVED ? Rejection.ALREADY_RESOLVED
                : Rejection.NOT_CLAIMED, alert);
    }

    private static Decision snooze(Alert alert, Snooze snooze, Instant now) {
        if (alert.state() == AlertState.RESOLVED) {
            return new Decision.Rejected(Rejection.ALREADY_RESOLVED, alert);
        }
        Instant until = now.plus(snooze.duration());
        return applied(alert.withState(AlertState.SNOOZED, alert.owner(), alert.claimedAt()).withSnoozedUntil(until),
                now, TimelineKind.SNOOZED, snooze.actor(), "Snoozed by " + display(snooze.actor()) + " until " + until,
                LifecycleEventType.SNOOZED);
    }

    /** A note changes nothing but the timeline; a resolved occurrence's timeline is closed. */
    private static Decision note(Alert alert, Note note, Instant now) {
        if (alert.state() == AlertState.RESOLVED) {
            return new Decision.Rejected(Rejection.ALREADY_RESOLVED, alert);
        }
        return applied(alert, now, TimelineKind.NOTE, note.actor(), "Note from " + display(note.actor()) + ": "
                + note.text(), null);
    }

    /**
     * Any open alert can be handed to someone: it becomes theirs, CLAIMED, with the claim time reset
     * (their time to act starts now) and any snooze ended. Handing it to its owner changes nothing.
     */
    private static Decision reassign(Alert alert, Reassign reassign, Instant now) {
        if (alert.state() == AlertState.RESOLVED) {
            return new Decision.Rejected(Rejection.ALREADY_RESOLVED, alert);
        }
        if (alert.state() == AlertState.CLAIMED && alert.owner() != null
                && alert.owner().id().equals(reassign.owner().id())) {
            return new Decision.Rejected(Rejection.ALREADY_OWNER, alert);
        }
        return applied(alert.withState(AlertState.CLAIMED, reassign.owner(), now).withSnoozedUntil(null), now,
                TimelineKind.ASSIGNED, reassign.actor(), "Assigned to " + display(reassign.owner()) + " by "
                        + display(reassign.actor()), LifecycleEventType.CLAIMED);
    }

    /**
     * The entry that records an occurrence's opening. A pure function of the alert, so a retried
     * step tells the same entry the first attempt stored.
     */
    public static TimelineEntry opened(Alert alert) {
        return new TimelineEntry(alert.openedAt(), 1, TimelineKind.OPENED, Actor.SYSTEM, "Opened: " + alert.signal().title());
    }

    /**
     * A FIRING signal for an occurrence that is still open: count it on the same occurrence.
     * Returns null when the signal is a redelivery, the same state change delivered again (see
     * {@link #isSameStateChange}), or older than what the alert already knows.
     */
    public static Decision.Applied refire(Alert alert, AlertSignal signal, Instant now) {
        if (!alert.state().isOpen() || isRedeliveryOrOlder(alert, signal)
                || isSameStateChange(alert, signal, lastSignalWasFiring(alert))) {
            return null;
        }
        Alert next = counted(alert.withRefire(signal, now), signal, now).withVersion(alert.version() + 1);
        return new Decision.Applied(next, entry(next, now, TimelineKind.REFIRED, Actor.SYSTEM,
                "Fired again (" + (next.refireCount() + 1) + " times in all)" + (next.flapping() ? "; flapping" : "")),
                LifecycleEventType.REFIRED);
    }

    /**
     * A FIRING for a key whose last occurrence a recovery resolved automatically, within the
     * policy's flap window after that recovery: the same occurrence opens again (same alert, same
     * message), unclaimed and back at escalation level 0, counting the FIRING as a refire. It is told
     * as "Alert Opened" again. Null when the occurrence was resolved any other way (by a person, or
     * abandoned by Klaxon), the window has passed, or the signal is a redelivery or older than what
     * the occurrence knows.
     *
     * <p>The window is measured on the source's own clock (recovery to FIRING) when both times are
     * known, else from the automatic resolution to {@code now}.
     */
    @Nullable
    public static Decision.Applied reopen(Alert last, AlertSignal signal, Instant now) {
        Alert.Flaps flaps = last.flapsOrNone();
        if (last.state() != AlertState.RESOLVED || flaps.autoResolvedAt() == null
                || !flaps.autoResolvedAt().equals(last.resolvedAt()) || isRedeliveryOrOlder(last, signal)
                || isSameStateChange(last, signal, lastSignalWasFiring(last))) {
            return null;
        }
        Duration since = last.recoveredAt() != null && signal.occurredAt() != null
                ? Duration.between(last.recoveredAt(), signal.occurredAt())
                : Duration.between(flaps.autoResolvedAt(), now);
        if (since.isNegative() || since.toSeconds() > last.policy().flapWindow()) {
            return null;
        }
        Alert reopened = counted(last.withReopening(signal, now), signal, now);
        Alert.Flaps after = reopened.flapsOrNone();
        Alert next = reopened.withFlaps(new Alert.Flaps(after.changes(), after.flapping(), null,
                after.ignoredRecoveryAt(), after.reopens() + 1, signal.signalId())).withVersion(last.version() + 1);
        return new Decision.Applied(next, entry(next, now, TimelineKind.REFIRED, Actor.SYSTEM,
                "Fired again " + ago(since) + " after it recovered" + (next.flapping() ? "; flapping" : "")),
                LifecycleEventType.OPENED);
    }

    /**
     * A FIRING that the key's last occurrence, now resolved, already accounts for: a redelivery, the
     * same state change through the other path (SNS and EventBridge carry one alarm change), or older
     * than the newest signal it applied. It must not open a new occurrence: an alarm's EventBridge copy
     * of its firing that arrives after the SNS recovery resolved the alert would otherwise post a
     * second message for a story that is over.
     */
    public static boolean isAccountedFor(Alert resolved, AlertSignal firing) {
        return isRedeliveryOrOlder(resolved, firing)
                || isSameStateChange(resolved, firing, lastSignalWasFiring(resolved));
    }

    private static String ago(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + (s == 1 ? " second" : " seconds");
        }
        long m = s / 60;
        return m + (m == 1 ? " minute" : " minutes");
    }

    /**
     * Counts a state change of the source (a FIRING or a recovery, at its source time) within the
     * policy's flap window, dropping older ones, and marks the alert flapping while more than the
     * policy's threshold remain.
     */
    private static Alert counted(Alert alert, AlertSignal signal, Instant now) {
        Instant at = signal.occurredAt() != null ? signal.occurredAt() : now;
        Instant since = at.minusSeconds(alert.policy().flapWindow());
        Alert.Flaps flaps = alert.flapsOrNone();
        List<Instant> earlier = new ArrayList<>(flaps.changes());
        if (alert.flaps() == null && alert.signal().occurredAt() != null) {
            earlier.add(alert.signal().occurredAt()); // the FIRING that opened it was the first change
        }
        List<Instant> changes = new ArrayList<>();
        for (Instant change : earlier) {
            if (!change.isBefore(since)) {
                changes.add(change);
            }
        }
        changes.add(at);
        boolean flapping = changes.size() > alert.policy().flapChanges();
        return alert.withFlaps(new Alert.Flaps(changes, flapping, flaps.autoResolvedAt(), flaps.ignoredRecoveryAt(),
                flaps.reopens()));
    }

    /**
     * A RECOVERED signal for an open occurrence. Auto-resolves an unclaimed alert when the policy
     * says so; otherwise annotates it and keeps the owner. Returns null for a redelivery, the same
     * recovery delivered again, or a recovery older than the newest signal already applied (it
     * arrived out of order).
     */
    public static Decision.Applied recover(Alert alert, AlertSignal signal, Instant now) {
        if (!alert.state().isOpen()) {
            return null;
        }
        if (isOlderThanFiring(alert, signal)) {
            return ignoredRecovery(alert, signal, now);
        }
        if (isRedeliveryOrOlder(alert, signal) || isSameStateChange(alert, signal, !lastSignalWasFiring(alert))) {
            return null;
        }
        Alert recovered = counted(alert.withRecovery(signal), signal, now);
        String when = "Source reported recovery at " + signal.occurredAt();
        if (alert.state() != AlertState.CLAIMED && alert.policy().autoResolveOnRecovery()) {
            Alert.Flaps flaps = recovered.flapsOrNone();
            // Marked as resolved by its recovery: only such an occurrence is reopened by a FIRING.
            Alert next = recovered.withResolution(Actor.SYSTEM, now)
                    .withFlaps(new Alert.Flaps(flaps.changes(), flaps.flapping(), now, flaps.ignoredRecoveryAt(),
                            flaps.reopens()))
                    .withVersion(alert.version() + 1);
            return new Decision.Applied(next, entry(next, now, TimelineKind.RESOLVED, Actor.SYSTEM,
                    when + "; resolved automatically"), LifecycleEventType.RESOLVED);
        }
        Alert next = recovered.withVersion(alert.version() + 1);
        return new Decision.Applied(next, entry(next, now, TimelineKind.RECOVERED, Actor.SYSTEM,
                when + "; still owned by " + (alert.owner() == null ? "nobody" : display(alert.owner()))), null);
    }

    /** The claim timer ran out on an unclaimed alert: raise the escalation level. */
    public static Decision.Applied escalate(Alert alert, Instant now) {
        if (alert.state() != AlertState.UNCLAIMED) {
            return null;
        }
        int level = alert.escalationLevel() + 1;
        Alert next = alert.withEscalationLevel(level).withVersion(alert.version() + 1);
        return new Decision.Applied(next, entry(next, now, TimelineKind.ESCALATED, Actor.SYSTEM,
                "Unclaimed after " + alert.policy().claimTimeoutSeconds() + "s: escalated to level " + level),
                LifecycleEventType.ESCALATED);
    }

    /** A snooze ran out: the alert goes back to waiting for a claim. */
    public static Decision.Applied wake(Alert alert, Instant now) {
        if (alert.state() != AlertState.SNOOZED) {
            return null;
        }
        AlertState back = alert.owner() == null ? AlertState.UNCLAIMED : AlertState.CLAIMED;
        Alert next = alert.withState(back, alert.owner(), alert.claimedAt()).withSnoozedUntil(null)
                .withVersion(alert.version() + 1);
        return new Decision.Applied(next, entry(next, now, TimelineKind.WOKE, Actor.SYSTEM, "Snooze ended"),
                back == AlertState.UNCLAIMED ? LifecycleEventType.UNCLAIMED : LifecycleEventType.CLAIMED);
    }

    /**
     * Klaxon gives up on an alert whose workflow it could not keep alive (the reconciler's repairs
     * kept failing in a way repeating cannot fix): it is closed by the system, with the reason on the
     * timeline, instead of being repaired forever. Null when it is already resolved.
     *
     * <p>Nothing says its problem is fixed, so the change publishes no "Alert Resolved": a pager
     * destination would resolve its incident on it (PagerDuty's {@code resolve}) and silence the
     * people who still have to look (ADR 0010, "Outages"). Its incident stays open until someone
     * resolves it there.
     */
    @Nullable
    public static Decision.Applied abandon(Alert alert, String reason, Instant now) {
        if (alert.state() == AlertState.RESOLVED) {
            return null;
        }
        return (Decision.Applied) applied(alert.withResolution(Actor.SYSTEM, now), now, TimelineKind.RESOLVED,
                Actor.SYSTEM, "Klaxon stopped managing this alert; its problem is not known to be fixed: " + reason,
                null);
    }

    /**
     * One state change of the source reaches Klaxon more than once under different signal ids: an
     * alarm's change comes through SNS (its MessageId) and EventBridge (its event id), SNS may deliver
     * one publish twice, a topic may be subscribed twice. What they share is the key and the source's
     * own time of the change (CloudWatch's StateChangeTime, which both paths carry to the
     * millisecond). So a signal of the key, with the status of the last signal applied and at exactly
     * its time, is that signal again, not a refire or a second recovery. A FIRING and a recovery at
     * the same instant stay distinct changes.
     *
     * @param sameStatus whether the signal has the status of the last signal applied
     */
    private static boolean isSameStateChange(Alert alert, AlertSignal signal, boolean sameStatus) {
        return sameStatus && signal.occurredAt() != null && signal.occurredAt().equals(alert.lastSignalAt());
    }

    /**
     * The last signal applied was a FIRING unless it was a recovery: a recovery records its time as
     * both {@code recoveredAt} and {@code lastSignalAt}, and a refire clears {@code recoveredAt}.
     */
    private static boolean lastSignalWasFiring(Alert alert) {
        return alert.recoveredAt() == null || !alert.recoveredAt().equals(alert.lastSignalAt());
    }

    /**
     * A recovery whose source time is before the FIRING the alert last applied: it cannot close
     * that firing (an OK that overtook its ALARM, or a late one from before a refire).
     */
    private static boolean isOlderThanFiring(Alert alert, AlertSignal signal) {
        return lastSignalWasFiring(alert) && alert.lastSignalAt() != null && signal.occurredAt() != null
                && signal.occurredAt().isBefore(alert.lastSignalAt())
                && !(signal.signalId() != null && signal.signalId().equals(alert.lastSignalId()));
    }

    /**
     * Ignores an out-of-order recovery, and says so on the timeline once: the same recovery
     * delivered again (same source time) changes nothing. Nothing is published.
     */
    @Nullable
    private static Decision.Applied ignoredRecovery(Alert alert, AlertSignal signal, Instant now) {
        Alert.Flaps flaps = alert.flapsOrNone();
        if (signal.occurredAt().equals(flaps.ignoredRecoveryAt())) {
            return null;
        }
        Alert next = alert.withFlaps(new Alert.Flaps(flaps.changes(), flaps.flapping(), flaps.autoResolvedAt(),
                signal.occurredAt(), flaps.reopens())).withVersion(alert.version() + 1);
        return new Decision.Applied(next, entry(next, now, TimelineKind.NOTE, Actor.SYSTEM, "Ignored a recovery from "
                + signal.occurredAt() + ", older than the firing at " + alert.lastSignalAt()), null);
    }

    private static boolean isRedeliveryOrOlder(Alert alert, AlertSignal signal) {
        if (signal.signalId() != null && signal.signalId().equals(alert.lastSignalId())) {
            return true;
        }
        return alert.lastSignalAt() != null && signal.occurredAt() != null
                && signal.occurredAt().isBefore(alert.lastSignalAt());
    }

    private static Decision applied(Alert changed, Instant now, TimelineKind kind, Actor actor, String text,
                                    LifecycleEventType event) {
        // A human action consumes the workflow's wait: the token moves to whoever resumes it.
        Alert next = changed.withVersion(changed.version() + 1);
        return new Decision.Applied(next, entry(next, now, kind, actor, text), event);
    }

    private static TimelineEntry entry(Alert next, Instant now, TimelineKind kind, Actor actor, String text) {
        return new TimelineEntry(now, next.version(), kind, actor, text);
    }

    public static String display(Actor actor) {
        return actor.name() != null && !actor.name().isBlank() ? actor.name() : actor.id();
    }
}
