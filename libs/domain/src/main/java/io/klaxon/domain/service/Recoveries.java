package io.klaxon.domain.service;

import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.alert.TimelineEntry;
import io.klaxon.domain.alert.TimelineKind;
import io.klaxon.domain.lifecycle.LifecycleEventType;
import io.klaxon.domain.port.AlertStore;
import io.klaxon.domain.service.AlertService.CommandResult;
import io.klaxon.domain.signal.AlertSignal;
import io.micronaut.core.annotation.Nullable;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What Klaxon knows about a RECOVERED signal beyond applying it to the open occurrence of its key
 * ({@link AlertService#recover}): whether an earlier delivery of it already applied its change (a
 * retry must tell that change, ADR 0008), and, when it came before its own FIRING and found nothing
 * open, the memory of it that resolves the occurrence the delayed FIRING opens as soon as that
 * occurrence waits for a claim (ADR 0001, "A recovery before its firing"). Every write goes through
 * {@link AlertService}'s conditional writer; this class decides which recovery applies where.
 */
public final class Recoveries {

    /**
     * How long a recovery that found nothing open is remembered for its delayed FIRING: as long as
     * ingest keeps its dedup marks (IngestService.DEFAULT_DEDUP_TTL), the span over which Klaxon
     * reasons about a signal's copies at all.
     */
    public static final Duration EARLY_RECOVERY_TTL = Duration.ofHours(24);

    private final AlertService alerts;
    private final AlertStore store;
    private final Clock clock;

    Recoveries(AlertService alerts, AlertStore store, Clock clock) {
        this.alerts = alerts;
        this.store = store;
        this.clock = clock;
    }

    /**
     * The change an earlier delivery of {@code recovery} applied to its key's last occurrence, as that
     * delivery had to hand it over, while it is still the occurrence's newest change: a resolution, a
     * recovery note, or the note that an out-of-order recovery was ignored. A delivery that stored its
     * change but could not hand it to the workflow fails, and its retry finds the change applied (no
     * open alert, or the same state change): without this the retry would succeed silently and the
     * change would never be told (ADR 0008). Empty when the recovery changed nothing yet, or when the
     * occurrence has changed since (a newer change was handed over by its own writer, and telling the
     * old one now would describe a state the alert is no longer in).
     */
    public Optional<CommandResult> appliedBy(AlertSignal recovery) {
        if (recovery.occurredAt() == null) {
            return Optional.empty();
        }
        Alert last = store.findLast(recovery.alertKey()).orElse(null);
        if (last == null) {
            return Optional.empty();
        }
        boolean applied = recovery.signalId() != null && recovery.signalId().equals(last.lastSignalId())
                && recovery.occurredAt().equals(last.recoveredAt());
        boolean noted = recovery.occurredAt().equals(last.flapsOrNone().ignoredRecoveryAt());
        if (!applied && !noted) {
            return Optional.empty();
        }
        List<TimelineEntry> timeline = store.timeline(last.alertId());
        TimelineEntry newest = timeline.isEmpty() ? null : timeline.getLast();
        if (newest == null || newest.version() != last.version() || !Actor.SYSTEM.equals(newest.actor())) {
            return Optional.empty();
        }
        boolean byThisRecovery = applied
                ? newest.kind() == TimelineKind.RESOLVED || newest.kind() == TimelineKind.RECOVERED
                : newest.kind() == TimelineKind.NOTE;
        // A resolution is this recovery's only when the recovery resolved it (not Klaxon abandoning it after a note).
        if (!byThisRecovery || newest.kind() == TimelineKind.RESOLVED && (last.state() != AlertState.RESOLVED
                || last.resolvedAt() == null || !last.resolvedAt().equals(last.flapsOrNone().autoResolvedAt()))) {
            return Optional.empty();
        }
        LifecycleEventType event = newest.kind() == TimelineKind.RESOLVED ? LifecycleEventType.RESOLVED : null;
        return Optional.of(new CommandResult(last, null, null, event, Actor.SYSTEM, newest));
    }

    /**
     * A recovery found no open occurrence of its key: remember it for {@link #EARLY_RECOVERY_TTL}, so
     * that the occurrence its delayed FIRING opens is resolved by it as soon as its workflow waits
     * (see {@link AlertService#awaitAction}). Not when the key's last occurrence already knows a signal as new
     * as it (a redelivery, or old news).
     *
     * @return true when remembered
     */
    public boolean remember(AlertSignal recovery) {
        if (recovery.occurredAt() == null) {
            return false; // cannot be ordered against a FIRING
        }
        Alert last = store.findLast(recovery.alertKey()).orElse(null);
        if (last != null && last.lastSignalAt() != null && !recovery.occurredAt().isAfter(last.lastSignalAt())) {
            return false;
        }
        store.rememberRecovery(recovery, clock.instant().plus(EARLY_RECOVERY_TTL));
        return true;
    }

    /**
     * The remembered recovery of the key of an occurrence about to wait for a claim, as the change to
     * end that wait with (ADR 0001, "A recovery before its firing"):
     * <ul>
     *   <li>applied now, when its source time is after every signal the occurrence knows (the FIRING
     *       that opened or reopened it, a refire): that episode is over already. Whatever the version:
     *       a delayed FIRING may have reopened a resolved occurrence, or refired it, before it waits.
     *       Once applied, the recovery is the occurrence's newest signal, so it never applies twice,
     *       and a newer FIRING (a later episode) is after it, so it never applies to that;</li>
     *   <li>answered again, when an earlier attempt of this wait applied it and its change is still the
     *       occurrence's newest ({@link #appliedBy}), until {@link #told}: the attempt's
     *       resume may have failed (Step Functions throttled, the function killed), and the retry would
     *       otherwise find the alert moved on with nothing to tell, and never publish "Alert Resolved".</li>
     * </ul>
     * Null when there is none, or it is older than the occurrence's newest signal (a newer firing
     * waits normally).
     */
    @Nullable
    CommandResult atWaitForClaim(Alert waiting) {
        AlertSignal recovery = store.rememberedRecovery(waiting.alertKey(), clock.instant()).orElse(null);
        if (recovery == null || recovery.occurredAt() == null) {
            return null;
        }
        if (waiting.state() == AlertState.UNCLAIMED && waiting.lastSignalAt() != null
                && recovery.occurredAt().isAfter(waiting.lastSignalAt())) {
            CommandResult result = alerts.recoverWaiting(waiting.alertId(), waiting.version(), recovery);
            if (result.applied()) {
                return result;
            }
        }
        return appliedBy(recovery).filter(earlier -> earlier.alert().alertId().equals(waiting.alertId())
                && earlier.entry().kind() != TimelineKind.NOTE).orElse(null);
    }

    /**
     * The workflow was handed the change {@link AlertService#awaitAction} made of a remembered recovery: forget
     * that recovery, so that the next wait (after a recovery note, the workflow waits for a claim
     * again) is not handed it once more. Forgetting is expiring it now; a newer recovery remembered
     * meanwhile is kept. Nothing when the occurrence's newest change is not that recovery's.
     */
    public void told(String alertId) {
        Alert alert = alerts.require(alertId);
        store.rememberedRecovery(alert.alertKey(), clock.instant())
                .filter(recovery -> appliedBy(recovery).filter(c -> c.alert().alertId().equals(alertId)).isPresent())
                .ifPresent(recovery -> store.rememberRecovery(recovery, clock.instant()));
    }
}
