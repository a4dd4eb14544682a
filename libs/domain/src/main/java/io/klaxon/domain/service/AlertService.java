package io.klaxon.domain.service;

import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.alert.EscalationPolicy;
import io.klaxon.domain.alert.TimelineEntry;
import io.klaxon.domain.alert.TimelineKind;
import io.klaxon.domain.lifecycle.Command;
import io.klaxon.domain.lifecycle.Decision;
import io.klaxon.domain.lifecycle.Lifecycle;
import io.klaxon.domain.lifecycle.LifecycleEventType;
import io.klaxon.domain.lifecycle.Rejection;
import io.klaxon.domain.port.AlertStore;
import io.klaxon.domain.port.WorkflowOutcome;
import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.domain.workflow.Change;
import io.micronaut.core.annotation.Nullable;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Applies the lifecycle rules to stored alerts. Each operation reads, decides with
 * {@link Lifecycle}, and writes conditionally; a lost race is re-read and re-decided, so the
 * outcome is always decided against the truth. Channels and workflow tasks call this; it never
 * calls them.
 */
public class AlertService {

    /** Races are rare (two people, one alert); a handful of re-reads settles any of them. */
    private static final int MAX_ATTEMPTS = 8;

    /** Timeline entries of an open alert that change neither its state, owner nor timers. */
    private static final Set<TimelineKind> ANNOTATIONS =
            EnumSet.of(TimelineKind.NOTE, TimelineKind.RECOVERED, TimelineKind.REFIRED, TimelineKind.REMINDER);

    private final AlertStore store;
    private final Clock clock;
    private final Recoveries recoveries;

    public AlertService(AlertStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.recoveries = new Recoveries(this, store, clock);
    }

    public AlertStore store() {
        return store;
    }

    /** What is remembered about recoveries: applied by an earlier delivery, or come before their firing. */
    public Recoveries recoveries() {
        return recoveries;
    }

    /** The service's clock reading: what read-only answers measure an alert's age against. */
    public Instant now() {
        return clock.instant();
    }

    // ---- opening ---------------------------------------------------------------------------

    public sealed interface OpenResult {
        Alert alert();
    }

    /** A new occurrence was stored (or a retried step found the one it stored), with its OPENED entry. */
    public record Opened(Alert alert, Change change) implements OpenResult {
    }

    /** The key already had an open occurrence: this FIRING was counted on it. */
    public record Refired(Alert alert, Change change) implements OpenResult {
    }

    /**
     * The key's last occurrence had been resolved by its recovery within the flap window: this FIRING
     * opened it again (same alert, same message; the change is told as "Alert Opened").
     */
    public record Reopened(Alert alert, Change change) implements OpenResult {
    }

    /** A redelivery, an older FIRING, or a retried step: nothing changed. */
    public record Unchanged(Alert alert) implements OpenResult {
    }

    /**
     * Opens an occurrence for a FIRING signal, or counts it as a refire of the open one.
     *
     * @param alertId the id for a new occurrence (the workflow execution name, so a retried step
     *                finds its own alert)
     */
    public OpenResult open(String alertId, AlertSignal signal, EscalationPolicy policy) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            var now = clock.instant();
            Alert last = store.findLast(signal.alertKey()).orElse(null);
            if (last != null && last.state() == AlertState.RESOLVED && !last.alertId().equals(alertId)
                    && Lifecycle.isAccountedFor(last, signal)) {
                return new Unchanged(last);
            }
            Reopened reopened = reopen(last, alertId, signal, now);
            if (reopened != null) {
                return reopened;
            }
            Alert fresh = Alert.open(alertId, signal, policy, now);
            switch (store.create(fresh, Lifecycle.opened(fresh), last)) {
                case AlertStore.Created created -> {
                    return new Opened(created.alert(), opened(created.alert()));
                }
                case AlertStore.LastChanged changed -> {
                    // The last occurrence moved since it was read (it resolved just now, say): decide again
                    // on it as it is, so that a copy of the FIRING it accounts for opens nothing.
                }
                case AlertStore.KeyTaken taken -> {
                    Alert open = taken.open();
                    if (open.alertId().equals(alertId)) {
                        return new Opened(open, opened(open));
                    }
                    Decision.Applied refire = Lifecycle.refire(open, signal, now);
                    if (refire == null) {
                        Reopened again = reopenedBy(open, signal);
                        return again != null ? again : new Unchanged(open);
                    }
                    Alert refired = refire.next().withRevision(open.revision() + 1);
                    if (store.replace(refired, open.revision(), refire.entry())) {
                        return new Refired(refired, new Change(refire.entry(), refire.event()));
                    }
                    // Lost a race (a claim, a resolve that freed the key): decide again on the truth.
                }
            }
        }
        throw new ConcurrentUpdateException("open " + signal.alertKey());
    }

    /**
     * Reopens the key's last occurrence when {@link Lifecycle#reopen} allows it. Null when it does
     * not, or when the write lost a race (another FIRING took the key first): {@link #open} then
     * decides on the truth, where the key's open occurrence counts the FIRING as a refire.
     */
    @Nullable
    private Reopened reopen(@Nullable Alert lastRead, String alertId, AlertSignal signal, Instant now) {
        Alert last = lastRead;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            if (attempt > 0) {
                last = store.findLast(signal.alertKey()).orElse(null);
            }
            if (last == null || last.alertId().equals(alertId) || last.state() != AlertState.RESOLVED) {
                return null;
            }
            Decision.Applied reopen = Lifecycle.reopen(last, signal, now);
            if (reopen == null) {
                return null;
            }
            Alert next = reopen.next().withRevision(last.revision() + 1);
            if (store.reopen(next, last.revision(), reopen.entry())) {
                return new Reopened(next, new Change(reopen.entry(), reopen.event()));
            }
            // Lost to a bookkeeping write on the resolved occurrence (its workflow finishing, its
            // last render recording the message): read it again. Lost to another FIRING, the key's
            // last occurrence is no longer this resolved one and the re-read returns null.
            if (store.findOpen(signal.alertKey()).isPresent()) {
                return null;
            }
        }
        return null;
    }

    /**
     * The open step that reopened {@code open} is retried (its answer was lost): the reopening is
     * its own, and nothing happened since, so it is told again. Without this the retry would see a
     * redelivery and end, and the reopened alert would have no workflow (its old one ended when it
     * resolved). Null when {@code signal} did not reopen it, or the alert moved on since.
     */
    @Nullable
    private Reopened reopenedBy(Alert open, AlertSignal signal) {
        if (signal.signalId() == null || !signal.signalId().equals(open.flapsOrNone().reopenedBy())) {
            return null;
        }
        List<TimelineEntry> timeline = store.timeline(open.alertId());
        TimelineEntry last = timeline.isEmpty() ? null : timeline.getLast();
        if (last == null || last.version() != open.version() || last.kind() != TimelineKind.REFIRED) {
            return null;
        }
        return new Reopened(open, new Change(last, LifecycleEventType.OPENED));
    }

    private static Change opened(Alert alert) {
        return new Change(Lifecycle.opened(alert), LifecycleEventType.OPENED);
    }

    // ---- commands from people --------------------------------------------------------------

    /**
     * The result of a command.
     *
     * @param alert       the alert after the command (or the current truth when rejected)
     * @param rejection   why nothing changed, or null when applied
     * @param resumeToken the workflow token the change released: the caller resumes the workflow
     *                    with {@link #outcome()} (null when no workflow was waiting)
     * @param event       the lifecycle event the change produces, null when rejected or when the
     *                    change publishes none (a recovery annotation)
     * @param entry       the timeline entry the change recorded, null when rejected
     */
    public record CommandResult(Alert alert, @Nullable Rejection rejection, @Nullable String resumeToken,
                                @Nullable LifecycleEventType event, Actor actor, @Nullable TimelineEntry entry) {
        public boolean applied() {
            return rejection == null;
        }

        /** What the workflow continues with: the alert after the change and the change to tell. */
        public WorkflowOutcome outcome() {
            return new WorkflowOutcome(alert.alertId(), alert.version(), alert.state(),
                    entry == null ? null : new Change(entry, event));
        }
    }

    public CommandResult act(String alertId, Command command) {
        return write(alertId, alert -> Lifecycle.decide(alert, command, clock.instant()), command.actor());
    }

    // ---- signals and timers from the system ------------------------------------------------

    /**
     * Applies a RECOVERED signal to the open occurrence of its key.
     *
     * @return the result, or null when no occurrence is open for the key (nothing to recover)
     */
    @Nullable
    public CommandResult recover(AlertSignal signal) {
        Alert open = store.findOpen(signal.alertKey()).orElse(null);
        if (open == null) {
            return null;
        }
        return write(open.alertId(), alert -> {
            Decision.Applied applied = Lifecycle.recover(alert, signal, clock.instant());
            return applied == null ? new Decision.Rejected(Rejection.NOT_ALLOWED, alert) : applied;
        }, Actor.SYSTEM);
    }

    /**
     * Applies a remembered {@code recovery} to the occurrence waiting for a claim at
     * {@code version}, through the same conditional write as every change (see {@link Recoveries}).
     * Rejected with NOT_ALLOWED when the occurrence has moved on from that version, or the recovery
     * changes nothing.
     */
    CommandResult recoverWaiting(String alertId, long version, AlertSignal recovery) {
        return write(alertId, alert -> {
            Decision.Applied applied = alert.version() == version ? Lifecycle.recover(alert, recovery, clock.instant()) : null;
            return applied == null ? new Decision.Rejected(Rejection.NOT_ALLOWED, alert) : applied;
        }, Actor.SYSTEM);
    }

    /** The claim timer ran out. Rejected with NOT_ALLOWED when the alert is no longer unclaimed. */
    public CommandResult escalate(String alertId) {
        return write(alertId, alert -> {
            Decision.Applied applied = Lifecycle.escalate(alert, clock.instant());
            return applied == null ? new Decision.Rejected(Rejection.NOT_ALLOWED, alert) : applied;
        }, Actor.SYSTEM);
    }

    /**
     * The claim timer set at {@code expectedVersion} ran out: {@link #escalate(String)}, once per timer.
     * A retry of the step after its write landed (its answer lost) answers the escalation it made, so
     * the level it raised is still told, instead of raising the next level at once (ADR 0001,
     * "Timers apply once"). Null {@code expectedVersion} (an execution started before the step
     * passed it) escalates as before.
     */
    public CommandResult escalate(String alertId, @Nullable Long expectedVersion) {
        CommandResult earlier = madeSince(alertId, expectedVersion, TimelineKind.ESCALATED);
        return earlier != null ? earlier : escalate(alertId);
    }

    /** The snooze timer set at {@code expectedVersion} ran out: {@link #wake(String)}, once per timer (see {@link #escalate(String, Long)}). */
    public CommandResult wake(String alertId, @Nullable Long expectedVersion) {
        CommandResult earlier = madeSince(alertId, expectedVersion, TimelineKind.WOKE);
        return earlier != null ? earlier : wake(alertId);
    }

    /**
     * What a timer's step set at {@code expectedVersion} did already, or null when it did nothing yet.
     * The alert's version moves past the timer's only by changes: when one of them is a {@code kind}
     * entry by the system, the step made it (a second timer of the same kind is set only at or after
     * that version, once the workflow told it). It answers that change again while only annotations
     * followed it (notes, recovery notes, refires, reminders); after a lifecycle change (a claim, a
     * resolve, which their writers told) it is rejected, and the workflow re-routes on the truth.
     */
    @Nullable
    private CommandResult madeSince(String alertId, @Nullable Long expectedVersion, TimelineKind kind) {
        if (expectedVersion == null) {
            return null;
        }
        Alert alert = require(alertId);
        if (alert.version() <= expectedVersion) {
            return null; // the common case: nothing happened during the wait, no timeline read
        }
        List<TimelineEntry> timeline = store.timeline(alertId);
        TimelineEntry made = null;
        boolean movedOn = false;
        for (TimelineEntry entry : timeline) {
            if (entry.version() <= expectedVersion) {
                continue;
            }
            if (made == null && entry.kind() == kind && Actor.SYSTEM.equals(entry.actor())) {
                made = entry;
            } else if (made != null && !ANNOTATIONS.contains(entry.kind())) {
                movedOn = true;
            }
        }
        if (made == null) {
            return null;
        }
        if (movedOn) {
            return new CommandResult(alert, Rejection.NOT_ALLOWED, null, null, Actor.SYSTEM, null);
        }
        LifecycleEventType event = switch (kind) {
            case ESCALATED -> LifecycleEventType.ESCALATED;
            case WOKE -> alert.state() == AlertState.UNCLAIMED ? LifecycleEventType.UNCLAIMED : LifecycleEventType.CLAIMED;
            default -> throw new IllegalArgumentException("no timer makes " + kind);
        };
        return new CommandResult(alert, null, null, event, Actor.SYSTEM, made);
    }
    /** A snooze ran out. */
    public CommandResult wake(String alertId) {
        return write(alertId, alert -> {
            Decision.Applied applied = Lifecycle.wake(alert, clock.instant());
            return applied == null ? new Decision.Rejected(Rejection.NOT_ALLOWED, alert) : applied;
        }, Actor.SYSTEM);
    }

    // ---- bookkeeping for the workflow and the channel (no lifecycle change, no version bump) ----

    /** Remembers where the alert's message lives. */
    public Alert recordMessage(String alertId, String channel, String ts) {
        return annotate(alertId, alert -> alert.withMessage(channel, ts));
    }

    /**
     * Shows the alert in storm {@code stormId}'s message, or (null) in a message of its own from now
     * on: bookkeeping like {@link #recordMessage} (ADR 0014).
     */
    public Alert recordStorm(String alertId, @Nullable String stormId) {
        return annotate(alertId, alert -> alert.withStormId(stormId));
    }

    /**
     * Marks or clears that Slack refuses to show or tell this alert (a rejected token, a missing
     * channel): bookkeeping like {@link #recordMessage}, no version bump, and no write at all when
     * the mark is already as asked, since every Slack step of a healthy workflow clears it.
     */
    public Alert deliveryFailing(String alertId, boolean failing) {
        Alert current = require(alertId);
        if (current.deliveryFailing() == failing) {
            return current;
        }
        return annotate(alertId, alert -> alert.withDeliveryFailing(failing));
    }

    /**
     * Marks that the alert's message is about to be posted (see {@link AlertStore#recordPostIntent}).
     *
     * @return empty for the first attempt; otherwise when the first attempt was made, for the caller
     *         to find out whether that attempt's message landed before posting again
     */
    public Optional<Instant> recordPostIntent(String alertId, Instant at) {
        return store.recordPostIntent(alertId, at);
    }

    /** See {@link AlertStore#forgetPostIntent}. */
    public void forgetPostIntent(String alertId, Instant at) {
        store.forgetPostIntent(alertId, at);
    }

    /** See {@link AlertStore#takeOverPostIntent}. */
    public boolean takeOverPostIntent(String alertId, Instant expected, Instant now) {
        return store.takeOverPostIntent(alertId, expected, now);
    }

    /**
     * The workflow waits for an action while the alert is in {@code awaiting}: store its token.
     *
     * @return null when the token was stored; otherwise the alert has already moved on (an action
     *         landed between the workflow's steps) and the caller must resume the workflow at once
     *         with the outcome for the current state
     */
    @Nullable
    public WorkflowOutcome awaitAction(String alertId, String taskToken, AlertState awaiting) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Alert alert = require(alertId);
            if (attempt == 0 && awaiting == AlertState.UNCLAIMED) {
                // A wait for a claim, its message posted: a recovery that arrived before the FIRING that
                // (re)opened the occurrence applies now, or is answered again to a retried wait, and the
                // wait ends at once with it to tell (ADR 0001).
                CommandResult early = recoveries.atWaitForClaim(alert);
                if (early != null) {
                    return early.outcome();
                }
            }
            if (alert.state() != awaiting) {
                return new WorkflowOutcome(alertId, alert.version(), alert.state(), null);
            }
            if (store.replace(alert.withTaskToken(taskToken, awaiting).withRevision(alert.revision() + 1),
                    alert.revision(), null)) {
                return null;
            }
        }
        throw new ConcurrentUpdateException("await " + alertId);
    }

    // ---- the alert's workflow (ADR 0010) ----------------------------------------------------

    /**
     * What {@link #adopt} decided.
     *
     * @param adopted true when {@code execution} is (now, or already was) the alert's workflow
     */
    public record Adoption(Alert alert, boolean adopted) {
    }

    /**
     * An execution that has just told a change (an announcement, a refire, a repair) offers to become
     * the alert's workflow. It does when the alert is still open and its recorded workflow is no
     * longer live; two offers at once cannot both win, as the write is conditional and the loser
     * re-reads and finds the winner live.
     *
     * @param isLive whether an execution (by name) still runs; asked only when the answer matters
     */
    public Adoption adopt(String alertId, String execution, Predicate<String> isLive) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Alert alert = require(alertId);
            if (alert.state() == AlertState.RESOLVED) {
                return new Adoption(alert, false);
            }
            if (alert.workflow().equals(execution)) {
                return new Adoption(alert, true);
            }
            // A released workflow finished on purpose: nothing to ask Step Functions about.
            if (!alert.workflowReleased() && isLive.test(alert.workflow())) {
                return new Adoption(alert, false);
            }
            // The dead workflow's token dies with it: a writer must not try to resume it.
            Alert next = alert.withWorkflow(execution).withTaskToken(null, null).withRevision(alert.revision() + 1);
            if (store.replace(next, alert.revision(), null)) {
                return new Adoption(next, true);
            }
        }
        throw new ConcurrentUpdateException("adopt " + alertId);
    }

    /**
     * What {@link #finish} decided.
     *
     * @param finished true when {@code execution} ends here; false when the alert is open again and
     *                 still its own, so it must route on {@link #alert()} and wait again
     */
    public record Finish(Alert alert, boolean finished) {
    }

    /**
     * The alert's workflow read it RESOLVED and is about to end (ADR 0010, "Handover"). A reopening
     * (flap collapse) may land meanwhile, and the reopening execution adopts the alert only if this
     * workflow is no longer live, so the two must agree on who carries on:
     * <ul>
     *   <li>still RESOLVED and {@code execution} is its workflow: release it with a write
     *       conditional on the revision read (a reopening that lands first makes it fail, and the
     *       re-read decides again), so that a later reopening adopts it without asking Step
     *       Functions;</li>
     *   <li>open again and {@code execution} still its workflow (the reopening execution saw it live
     *       and did not adopt): not finished, it carries on;</li>
     *   <li>any other workflow (or the alert already released): finished, nothing written.</li>
     * </ul>
     */
    public Finish finish(String alertId, String execution) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Alert alert = require(alertId);
            if (!alert.workflow().equals(execution)) {
                return new Finish(alert, true);
            }
            if (alert.state() != AlertState.RESOLVED) {
                return new Finish(alert, false);
            }
            Alert released = alert.withWorkflow(Alert.WORKFLOW_RELEASED).withTaskToken(null, null)
                    .withRevision(alert.revision() + 1);
            if (store.replace(released, alert.revision(), null)) {
                return new Finish(released, true);
            }
        }
        throw new ConcurrentUpdateException("finish " + alertId);
    }

    /**
     * Counts a repair of the alert's workflow after the failed execution {@code failed}, once: the
     * same failure reported again (EventBridge delivers at least once) gets the same number back.
     *
     * @return the alert with its repairs; {@code repairs().count()} is this repair's number
     */
    public Alert countRepair(String alertId, String failed) {
        return countRepair(alertId, failed, true, false);
    }

    /**
     * Counts a repair as {@link #countRepair(String, String)} does, telling failures apart (ADR 0010,
     * "Outages"): only one that repeating cannot fix counts towards giving up; one an unavailable
     * dependency caused adds to the outage's run instead, which starts again at 1 when the failed
     * execution had got through (it was the alert's workflow).
     *
     * @param unfixable whether repeating the failed execution would fail the same way
     * @param progressed whether the failed execution had got through before it failed
     */
    public Alert countRepair(String alertId, String failed, boolean unfixable, boolean progressed) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Alert alert = require(alertId);
            if (alert.repairs() != null && alert.repairs().after().equals(failed)) {
                return alert;
            }
            Alert.Repairs before = alert.repairs() == null ? new Alert.Repairs(0, "", 0, 0) : alert.repairs();
            int outages = unfixable ? 0 : (progressed ? 1 : before.outages() + 1);
            Alert next = alert.withRepairs(new Alert.Repairs(alert.repairCount() + 1, failed,
                            before.unfixable() + (unfixable ? 1 : 0), outages))
                    .withRevision(alert.revision() + 1);
            if (store.replace(next, alert.revision(), null)) {
                return next;
            }
        }
        throw new ConcurrentUpdateException("countRepair " + alertId);
    }

    /** Klaxon gives up on the alert: resolved by the system with {@code reason} on its timeline. */
    public CommandResult abandon(String alertId, String reason) {
        return write(alertId, alert -> {
            Decision.Applied applied = Lifecycle.abandon(alert, reason, clock.instant());
            return applied == null ? new Decision.Rejected(Rejection.ALREADY_RESOLVED, alert) : applied;
        }, Actor.SYSTEM);
    }

    public Alert require(String alertId) {
        return store.get(alertId).orElseThrow(() -> new NoSuchElementException("no alert " + alertId));
    }

    private Alert annotate(String alertId, Function<Alert, Alert> change) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Alert alert = require(alertId);
            Alert next = change.apply(alert).withRevision(alert.revision() + 1);
            if (store.replace(next, alert.revision(), null)) {
                return next;
            }
        }
        throw new ConcurrentUpdateException("annotate " + alertId);
    }

    private CommandResult write(String alertId, Function<Alert, Decision> decide, Actor actor) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Alert alert = require(alertId);
            Decision decision = decide.apply(alert);
            if (decision instanceof Decision.Rejected rejected) {
                return new CommandResult(rejected.current(), rejected.reason(), null, null, actor, null);
            }
            var applied = (Decision.Applied) decision;
            // The change ends whatever wait the workflow was in: take the token off the alert in the
            // same conditional write, and hand it to the caller to resume the workflow.
            String token = alert.taskToken();
            Alert next = applied.next().withTaskToken(null, null).withRevision(alert.revision() + 1);
            if (keepsWait(alert, applied.next())) {
                // A note (or a recovery that only annotates) moves no timer: the wait keeps its token
                // and its deadline, and the caller announces the change instead of resuming. Resuming
                // would re-enter the wait with a full timeout and push the escalation back.
                token = null;
                next = applied.next().withRevision(alert.revision() + 1);
            }
            if (store.replace(next, alert.revision(), applied.entry())) {
                return new CommandResult(next, null, token, applied.event(), actor, applied.entry());
            }
        }
        throw new ConcurrentUpdateException(alertId);
    }

    /**
     * Whether a change leaves the workflow's wait as it is: same state, owner and snooze end, so
     * the wait's timer (claim timeout, reminder, snooze) means the same after it as before.
     */
    private static boolean keepsWait(Alert before, Alert after) {
        return before.taskToken() != null && before.state() == after.state()
                && Objects.equals(before.owner(), after.owner())
                && Objects.equals(before.claimedAt(), after.claimedAt())
                && Objects.equals(before.snoozedUntil(), after.snoozedUntil());
    }

    /** Writers kept colliding; the caller should retry the whole request later. */
    public static class ConcurrentUpdateException extends RuntimeException {
        public ConcurrentUpdateException(String what) {
            super("too many concurrent updates: " + what);
        }
    }
}
