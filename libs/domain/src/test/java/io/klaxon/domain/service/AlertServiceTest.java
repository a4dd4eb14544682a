package io.klaxon.domain.service;

import static io.klaxon.domain.testing.Fixtures.T0;
import static io.klaxon.domain.testing.Fixtures.firing;
import static io.klaxon.domain.testing.Fixtures.policy;
import static io.klaxon.domain.testing.Fixtures.recovered;
import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.alert.TimelineEntry;
import io.klaxon.domain.lifecycle.Command;
import io.klaxon.domain.lifecycle.LifecycleEvent;
import io.klaxon.domain.lifecycle.LifecycleEventType;
import io.klaxon.domain.lifecycle.Rejection;
import io.klaxon.domain.testing.InMemoryAlertStore;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertServiceTest {

    private final InMemoryAlertStore store = new InMemoryAlertStore();
    private final AlertService service = new AlertService(store, Clock.fixed(T0.plusSeconds(5), ZoneOffset.UTC));
    private final Actor alice = Actor.slack("UALICE", "alice");
    private final Actor bob = Actor.slack("UBOB", "bob");

    @Test
    void open_shouldCreateUnclaimedOccurrence_whenKeyHasNoOpenAlert() {
        // WHEN
        var result = service.open("a1", firing("s1", T0), policy());
        // THEN
        assertThat(result).isInstanceOf(AlertService.Opened.class);
        assertThat(result.alert().state()).isEqualTo(AlertState.UNCLAIMED);
        assertThat(result.alert().version()).isEqualTo(1);
        assertThat(store.timeline("a1")).extracting(e -> e.kind().name()).containsExactly("OPENED");
    }

    @Test
    void open_shouldRefireSameOccurrence_whenKeyIsOpen() {
        // GIVEN
        service.open("a1", firing("s1", T0), policy());
        // WHEN
        var result = service.open("a2", firing("s2", T0.plusSeconds(60)), policy());
        // THEN
        assertThat(result).isInstanceOf(AlertService.Refired.class);
        assertThat(result.alert().alertId()).isEqualTo("a1");
        assertThat(result.alert().refireCount()).isEqualTo(1);
        assertThat(store.get("a2")).isEmpty();
    }

    @Test
    void open_shouldChangeNothing_whenSignalIsARedelivery() {
        service.open("a1", firing("s1", T0), policy());
        var result = service.open("a2", firing("s1", T0), policy());
        assertThat(result).isInstanceOf(AlertService.Unchanged.class);
        assertThat(result.alert().refireCount()).isZero();
    }

    @Test
    void open_shouldChangeNothing_whenTheSameStateChangeArrivesUnderAnotherSignalId() {
        // GIVEN an alarm's state change opened an occurrence through SNS (its MessageId is the signal id)
        service.open("exec-sns", firing("sns-message-id", T0), policy());

        // WHEN the same change arrives through EventBridge: another id, the same source time
        var result = service.open("exec-events", firing("eventbridge-event-id", T0), policy());

        // THEN it is that change again: no refire, no second occurrence, nothing written
        assertThat(result).isInstanceOf(AlertService.Unchanged.class);
        assertThat(result.alert().alertId()).isEqualTo("exec-sns");
        assertThat(result.alert().refireCount()).isZero();
        assertThat(result.alert().version()).isEqualTo(1);
        assertThat(store.get("exec-events")).isEmpty();
        assertThat(store.timeline("exec-sns")).extracting(e -> e.kind().name()).containsExactly("OPENED");
    }

    @Test
    void open_shouldReturnOwnAlert_whenRetriedWithSameAlertId() {
        service.open("a1", firing("s1", T0), policy());
        var retried = service.open("a1", firing("s1", T0), policy());
        assertThat(retried).isInstanceOf(AlertService.Opened.class);
        assertThat(retried.alert().version()).isEqualTo(1);
    }

    @Test
    void open_shouldStartNewOccurrence_whenPreviousWasResolved() {
        service.open("a1", firing("s1", T0), policy());
        service.act("a1", new Command.Resolve(alice, 1L));
        var result = service.open("a2", firing("s2", T0.plusSeconds(600)), policy());
        assertThat(result).isInstanceOf(AlertService.Opened.class);
        assertThat(result.alert().alertId()).isEqualTo("a2");
    }

    @Test
    void claim_shouldReleaseTaskToken_whenWorkflowWaits() {
        // GIVEN
        service.open("a1", firing("s1", T0), policy());
        assertThat(service.awaitAction("a1", "token-1", AlertState.UNCLAIMED)).isNull();
        // WHEN
        var result = service.act("a1", new Command.Claim(alice, 1L));
        // THEN
        assertThat(result.applied()).isTrue();
        assertThat(result.resumeToken()).isEqualTo("token-1");
        assertThat(result.event()).isEqualTo(LifecycleEventType.CLAIMED);
        assertThat(result.alert().owner()).isEqualTo(alice);
        assertThat(result.alert().taskToken()).isNull();
        assertThat(store.get("a1").orElseThrow().taskToken()).isNull();
    }

    @Test
    void note_shouldKeepTheWorkflowsWait_whenTheAlertIsUnclaimed() {
        // GIVEN an unclaimed alert whose workflow waits for a claim (its escalation timer running)
        service.open("a1", firing("s1", T0), policy());
        assertThat(service.awaitAction("a1", "token-1", AlertState.UNCLAIMED)).isNull();
        // WHEN someone adds a note
        var result = service.act("a1", new Command.Note(alice, 1L, "looking at the replica"));
        // THEN the note is recorded, but the wait keeps its token: nobody resumes it, so its claim
        // timer (the escalation deadline) is not restarted
        assertThat(result.applied()).isTrue();
        assertThat(result.resumeToken()).isNull();
        assertThat(result.alert().version()).isEqualTo(2);
        var stored = store.get("a1").orElseThrow();
        assertThat(stored.taskToken()).isEqualTo("token-1");
        assertThat(stored.awaiting()).isEqualTo(AlertState.UNCLAIMED);
    }

    @Test
    void resolve_shouldTellTheResolutionNoteOnTheTimeline_whenOneIsGiven() {
        // GIVEN an open alert
        service.open("a1", firing("s1", T0), policy());
        // WHEN alice resolves it with a note
        var result = service.act("a1", new Command.Resolve(alice, 1L, "  failed over to the replica \n"));
        // THEN it is resolved, and the RESOLVED entry carries the note (told in the thread from there)
        assertThat(result.alert().state()).isEqualTo(AlertState.RESOLVED);
        assertThat(result.entry().text()).isEqualTo("Resolved by alice: failed over to the replica");
        assertThat(store.timeline("a1")).extracting(e -> e.text()).contains("Resolved by alice: failed over to the replica");
    }

    @Test
    void reassign_shouldReleaseTaskToken_whenTheOwnerChangesButTheStateDoesNot() {
        // GIVEN alice owns the alert and the workflow waits to remind her
        service.open("a1", firing("s1", T0), policy());
        service.act("a1", new Command.Claim(alice, 1L));
        assertThat(service.awaitAction("a1", "token-2", AlertState.CLAIMED)).isNull();
        // WHEN it is handed to bob
        var result = service.act("a1", new Command.Reassign(alice, 2L, bob));
        // THEN the reminder wait ends (bob's time to act starts now)
        assertThat(result.resumeToken()).isEqualTo("token-2");
        assertThat(store.get("a1").orElseThrow().taskToken()).isNull();
    }

    @Test
    void claim_shouldLoseWithOwnerShown_whenSomeoneClaimedFirst() {
        service.open("a1", firing("s1", T0), policy());
        service.act("a1", new Command.Claim(alice, 1L));
        var second = service.act("a1", new Command.Claim(bob, 1L));
        assertThat(second.applied()).isFalse();
        assertThat(second.rejection()).isEqualTo(Rejection.ALREADY_CLAIMED);
        assertThat(second.alert().owner()).isEqualTo(alice);
    }

    @Test
    void claim_shouldBeStale_whenButtonVersionPredatesARefire() {
        service.open("a1", firing("s1", T0), policy());
        service.open("a2", firing("s2", T0.plusSeconds(30)), policy());
        var result = service.act("a1", new Command.Claim(alice, 1L));
        assertThat(result.rejection()).isEqualTo(Rejection.STALE);
        assertThat(result.alert().version()).isEqualTo(2);
    }

    @Test
    void awaitAction_shouldAskToResumeAtOnce_whenActionLandedBeforeTheWait() {
        service.open("a1", firing("s1", T0), policy());
        service.act("a1", new Command.Claim(alice, null));
        var outcome = service.awaitAction("a1", "token-1", AlertState.UNCLAIMED);
        assertThat(outcome).isNotNull();
        assertThat(outcome.state()).isEqualTo(AlertState.CLAIMED);
    }

    @Test
    void recover_shouldAutoResolve_whenUnclaimed() {
        service.open("a1", firing("s1", T0), policy());
        var result = service.recover(recovered("s2", T0.plusSeconds(120)));
        assertThat(result.alert().state()).isEqualTo(AlertState.RESOLVED);
        assertThat(result.alert().resolvedBy()).isEqualTo(Actor.SYSTEM);
        assertThat(result.event()).isEqualTo(LifecycleEventType.RESOLVED);
        assertThat(store.findOpen(result.alert().alertKey())).isEmpty();
    }

    @Test
    void recover_shouldAnnotateAndKeepOwner_whenClaimed() {
        service.open("a1", firing("s1", T0), policy());
        service.act("a1", new Command.Claim(alice, 1L));
        var result = service.recover(recovered("s2", T0.plusSeconds(120)));
        assertThat(result.alert().state()).isEqualTo(AlertState.CLAIMED);
        assertThat(result.alert().owner()).isEqualTo(alice);
        assertThat(result.alert().recoveredAt()).isEqualTo(T0.plusSeconds(120));
        assertThat(result.event()).isNull();
        assertThat(store.timeline("a1")).extracting(e -> e.kind().name()).containsExactly("OPENED", "CLAIMED", "RECOVERED");
    }

    @Test
    void recover_shouldBeIgnoredAndNotedOnce_whenOlderThanNewestFiring() {
        // GIVEN an alert whose newest firing is at T0+300s
        service.open("a1", firing("s1", T0), policy());
        service.open("a2", firing("s2", T0.plusSeconds(300)), policy());

        // WHEN a recovery from T0+100s arrives late, and then again (redelivered)
        var result = service.recover(recovered("s3", T0.plusSeconds(100)));
        var again = service.recover(recovered("s3", T0.plusSeconds(100)));

        // THEN it resolves nothing, publishes nothing, and the timeline says so once
        assertThat(result.applied()).isTrue();
        assertThat(result.event()).isNull();
        assertThat(result.alert().state()).isEqualTo(AlertState.UNCLAIMED);
        assertThat(result.alert().recoveredAt()).isNull();
        assertThat(again.applied()).isFalse();
        assertThat(store.timeline("a1")).filteredOn(e -> e.kind().name().equals("NOTE"))
                .extracting(e -> e.text())
                .containsExactly("Ignored a recovery from " + T0.plusSeconds(100) + ", older than the firing at "
                        + T0.plusSeconds(300));
    }

    @Test
    void open_shouldReopenTheSameOccurrence_whenItFiresWithinTheFlapWindowAfterAutoResolving() {
        // GIVEN an alert left unclaimed, escalated once, then resolved by its recovery
        service.open("a1", firing("s1", T0), policy());
        service.escalate("a1");
        service.recordMessage("a1", "C0123456789", "1700000000.000100");
        service.recover(recovered("s2", T0.plusSeconds(60)));
        assertThat(store.get("a1").orElseThrow().state()).isEqualTo(AlertState.RESOLVED);

        // WHEN the alarm fires again 3 minutes after it recovered (its own clock)
        var result = service.open("a2", firing("s3", T0.plusSeconds(240)), policy());

        // THEN the same occurrence is open again, unclaimed and unescalated, told as opened again
        assertThat(result).isInstanceOf(AlertService.Reopened.class);
        var alert = result.alert();
        assertThat(alert.alertId()).isEqualTo("a1");
        assertThat(alert.state()).isEqualTo(AlertState.UNCLAIMED);
        assertThat(alert.owner()).isNull();
        assertThat(alert.resolvedAt()).isNull();
        assertThat(alert.recoveredAt()).isNull();
        assertThat(alert.escalationLevel()).isZero();
        assertThat(alert.refireCount()).isEqualTo(1);
        assertThat(alert.messageTs()).isEqualTo("1700000000.000100");
        assertThat(alert.flapsOrNone().reopens()).isEqualTo(1);
        assertThat(((AlertService.Reopened) result).change().event()).isEqualTo(LifecycleEventType.OPENED);
        assertThat(((AlertService.Reopened) result).change().entry().text())
                .isEqualTo("Fired again 3 minutes after it recovered");
        assertThat(store.get("a2")).isEmpty();
        assertThat(store.findOpen(alert.alertKey())).map(a -> a.alertId()).contains("a1");
    }

    @Test
    void open_shouldTellTheReopeningAgain_whenTheStepThatReopenedItIsRetried() {
        // GIVEN execution a2 reopened a1, but its answer was lost
        service.open("a1", firing("s1", T0), policy());
        service.recover(recovered("s2", T0.plusSeconds(60)));
        var first = (AlertService.Reopened) service.open("a2", firing("s3", T0.plusSeconds(120)), policy());

        // WHEN the step is retried, and then the same FIRING reaches another execution after a change
        var retried = service.open("a2", firing("s3", T0.plusSeconds(120)), policy());
        service.escalate("a1");
        var later = service.open("a3", firing("s3", T0.plusSeconds(120)), policy());

        // THEN the retry is told the same reopening (so it adopts the alert), nothing is written twice,
        // and once the alert moved on the FIRING is only a redelivery
        assertThat(retried).isInstanceOf(AlertService.Reopened.class);
        assertThat(((AlertService.Reopened) retried).change()).isEqualTo(first.change());
        assertThat(retried.alert().version()).isEqualTo(first.alert().version());
        assertThat(later).isInstanceOf(AlertService.Unchanged.class);
    }

    @Test
    void open_shouldChangeNothing_whenTheFiringsOtherPathCopyArrivesAfterItsRecoveryResolvedIt() {
        // GIVEN an alarm opened through SNS and was resolved by its recovery
        service.open("exec-sns", firing("sns-message-id", T0), policy());
        service.recover(recovered("sns-recovery-id", T0.plusSeconds(60)));

        // WHEN the EventBridge copy of the first firing arrives late (another id, the same source time)
        var result = service.open("exec-events", firing("eventbridge-event-id", T0), policy());

        // THEN it is that old change: no reopening, no second occurrence, nothing written
        assertThat(result).isInstanceOf(AlertService.Unchanged.class);
        assertThat(result.alert().alertId()).isEqualTo("exec-sns");
        assertThat(result.alert().state()).isEqualTo(AlertState.RESOLVED);
        assertThat(store.get("exec-events")).isEmpty();
        assertThat(store.findOpen(result.alert().alertKey())).isEmpty();
    }

    @Test
    void open_shouldChangeNothing_whenTheRecoveryResolvesTheAlertBetweenTheReadAndTheCreate() {
        // GIVEN an alarm opened through SNS, and a store in which its recovery lands just after the
        // EventBridge copy's open has read the key's last occurrence (still open) and before it creates
        service.open("exec-sns", firing("sns-message-id", T0), policy());
        InMemoryAlertStore racing = new InMemoryAlertStore() {
            private boolean recovered;

            @Override
            public synchronized CreateResult create(Alert alert, TimelineEntry entry, Alert lastRead) {
                if (!recovered) {
                    recovered = true;
                    service.recover(recovered("sns-recovery-id", T0.plusSeconds(60)));
                }
                return store.create(alert, entry, lastRead);
            }

            @Override
            public Optional<Alert> findLast(String alertKey) {
                return store.findLast(alertKey);
            }

            @Override
            public Optional<Alert> get(String alertId) {
                return store.get(alertId);
            }

            @Override
            public Optional<Alert> findOpen(String alertKey) {
                return store.findOpen(alertKey);
            }
        };
        AlertService copying = new AlertService(racing, Clock.fixed(T0.plusSeconds(61), ZoneOffset.UTC));

        // WHEN the EventBridge copy of the firing (another id, the same source time) is opened
        var result = copying.open("exec-events", firing("eventbridge-event-id", T0), policy());

        // THEN it is the change the resolved occurrence accounts for: no second occurrence, nothing open
        assertThat(result).isInstanceOf(AlertService.Unchanged.class);
        assertThat(result.alert().alertId()).isEqualTo("exec-sns");
        assertThat(result.alert().state()).isEqualTo(AlertState.RESOLVED);
        assertThat(store.get("exec-events")).isEmpty();
        assertThat(store.findOpen(result.alert().alertKey())).isEmpty();
    }

    @Test
    void open_shouldChangeNothing_whenTheSameOrAnOlderFiringArrivesAfterAPersonResolvedIt() {
        // GIVEN an alarm that fired at T0 (through SNS), resolved by a person
        service.open("exec-sns", firing("sns-message-id", T0), policy());
        service.act("exec-sns", new Command.Resolve(alice, null));

        // WHEN the same change arrives through EventBridge, and an older firing arrives late
        var same = service.open("exec-events", firing("eventbridge-event-id", T0), policy());
        var older = service.open("exec-older", firing("older-id", T0.minusSeconds(60)), policy());

        // THEN neither opens a new occurrence
        assertThat(same).isInstanceOf(AlertService.Unchanged.class);
        assertThat(older).isInstanceOf(AlertService.Unchanged.class);
        assertThat(store.get("exec-events")).isEmpty();
        assertThat(store.get("exec-older")).isEmpty();
    }

    @Test
    void open_shouldOpenANewOccurrence_whenAPersonResolvedTheLastOne() {
        // GIVEN an alert a person resolved (not its recovery)
        service.open("a1", firing("s1", T0), policy());
        service.act("a1", new Command.Resolve(alice, null));

        // WHEN the alarm fires again a minute later
        var result = service.open("a2", firing("s2", T0.plusSeconds(60)), policy());

        // THEN that is a new problem: a new occurrence
        assertThat(result).isInstanceOf(AlertService.Opened.class);
        assertThat(result.alert().alertId()).isEqualTo("a2");
    }

    @Test
    void open_shouldOpenANewOccurrence_whenItFiresAfterTheFlapWindow() {
        // GIVEN an alert its recovery resolved
        service.open("a1", firing("s1", T0), policy());
        service.recover(recovered("s2", T0.plusSeconds(60)));

        // WHEN the alarm fires again 16 minutes after recovering (default window: 15 minutes)
        var result = service.open("a2", firing("s3", T0.plusSeconds(60 + 16 * 60)), policy());

        // THEN a new occurrence opens
        assertThat(result).isInstanceOf(AlertService.Opened.class);
        assertThat(result.alert().alertId()).isEqualTo("a2");
    }

    @Test
    void open_shouldMarkFlapping_whenTheAlarmChangesStateMoreThanFiveTimesInTheWindow() {
        // GIVEN an alarm that fires and recovers every 10 seconds: ALARM, then 2 x (OK, ALARM): 5 changes
        service.open("a1", firing("f0", T0), policy());
        int t = 0;
        for (int i = 1; i <= 2; i++) {
            service.recover(recovered("r" + i, T0.plusSeconds(t += 10)));
            service.open("a" + (i + 1), firing("f" + i, T0.plusSeconds(t += 10)), policy());
        }
        Alert afterFive = store.get("a1").orElseThrow();

        // WHEN it changes state a sixth and seventh time (OK, then ALARM again)
        service.recover(recovered("r3", T0.plusSeconds(t += 10)));
        var result = service.open("a9", firing("f3", T0.plusSeconds(t + 10)), policy());

        // THEN one occurrence all along, marked flapping once past the threshold, and its events say so
        assertThat(afterFive.flapping()).as("5 changes is not more than 5").isFalse();
        assertThat(afterFive.flapsOrNone().changes()).hasSize(5);
        assertThat(result).isInstanceOf(AlertService.Reopened.class);
        assertThat(result.alert().alertId()).isEqualTo("a1");
        assertThat(result.alert().flapping()).isTrue();
        assertThat(result.alert().refireCount()).isEqualTo(3);
        assertThat(result.alert().flapsOrNone().reopens()).isEqualTo(3);
        assertThat(((AlertService.Reopened) result).change().entry().text()).endsWith("; flapping");
        assertThat(LifecycleEvent.of(result.alert(), Actor.SYSTEM, T0).flapping()).isTrue();
        assertThat(LifecycleEvent.of(result.alert(), Actor.SYSTEM, T0).reopens()).isEqualTo(3);
    }

    @Test
    void awaitAction_shouldResolveAtOnceAndTellIt_whenItsRecoveryArrivedBeforeTheFiringOpened() {
        // GIVEN the alarm went OK at 03:02 and that recovery arrived first (the FIRING from 03:00 was delayed)
        assertThat(service.recoveries().remember(recovered("ok-0302", T0.plusSeconds(120)))).isTrue();
        service.open("a1", firing("s1", T0), policy());
        // WHEN the workflow that posted the opening is about to wait for a claim
        var moved = service.awaitAction("a1", "tok-1", AlertState.UNCLAIMED);
        // THEN it is resolved by its recovery at once, and the workflow is resumed with that change to tell
        assertThat(moved).isNotNull();
        assertThat(moved.state()).isEqualTo(AlertState.RESOLVED);
        assertThat(moved.change().event()).isEqualTo(LifecycleEventType.RESOLVED);
        assertThat(moved.change().entry().text()).contains("resolved automatically");
        Alert alert = service.require("a1");
        assertThat(alert.resolvedBy()).isEqualTo(Actor.SYSTEM);
        assertThat(alert.recoveredAt()).isEqualTo(T0.plusSeconds(120));
        assertThat(alert.taskToken()).isNull();
    }

    @Test
    void awaitAction_shouldWaitAsUsual_whenTheRememberedRecoveryIsOlderThanTheFiring() {
        // GIVEN a recovery from 03:02 that found nothing open, then a FIRING from 03:05
        service.recoveries().remember(recovered("ok-0302", T0.plusSeconds(120)));
        service.open("a1", firing("s1", T0.plusSeconds(300)), policy());
        // WHEN
        var moved = service.awaitAction("a1", "tok-1", AlertState.UNCLAIMED);
        // THEN the new firing opens normally: the old recovery does not close it
        assertThat(moved).isNull();
        assertThat(service.require("a1").state()).isEqualTo(AlertState.UNCLAIMED);
        assertThat(service.require("a1").taskToken()).isEqualTo("tok-1");
    }

    @Test
    void awaitAction_shouldWaitAsUsual_whenTheRememberedRecoveryHasExpired() {
        // GIVEN a recovery remembered more than a day before its (very late) firing opens
        var clock = new io.klaxon.domain.testing.MutableClock(T0.plusSeconds(120));
        var later = new AlertService(store, clock);
        later.recoveries().remember(recovered("ok-0302", T0.plusSeconds(120)));
        clock.advance(Duration.ofHours(25));
        later.open("a1", firing("s1", T0), policy());
        // WHEN
        var moved = later.awaitAction("a1", "tok-1", AlertState.UNCLAIMED);
        // THEN
        assertThat(moved).isNull();
        assertThat(later.require("a1").state()).isEqualTo(AlertState.UNCLAIMED);
    }

    @Test
    void awaitAction_shouldAnswerTheResolutionAgain_whenTheWaitIsRetriedAfterApplyingTheEarlyRecovery() {
        // GIVEN the first wait applied the remembered recovery, but its resume failed (Step Functions throttled)
        service.recoveries().remember(recovered("ok-0302", T0.plusSeconds(120)));
        service.open("a1", firing("s1", T0), policy());
        var first = service.awaitAction("a1", "tok-1", AlertState.UNCLAIMED);
        // WHEN the ASL retries the wait
        var retry = service.awaitAction("a1", "tok-2", AlertState.UNCLAIMED);
        // THEN the retry hands over the same change, so "Alert Resolved" is still told
        assertThat(retry).isNotNull();
        assertThat(retry).isEqualTo(first);
        assertThat(retry.change().event()).isEqualTo(LifecycleEventType.RESOLVED);
        assertThat(service.require("a1").version()).isEqualTo(2);
    }

    @Test
    void awaitAction_shouldAnswerTheRecoveryNoteAgainUntilTold_whenTheWaitIsRetriedAfterApplyingIt() {
        // GIVEN a policy that does not auto-resolve: the remembered recovery becomes a note on the open alert
        var noAutoResolve = new io.klaxon.domain.alert.EscalationPolicy("default", "C0123456789", 300, 3600,
                policy().levels(), false);
        service.recoveries().remember(recovered("ok-0302", T0.plusSeconds(120)));
        service.open("a1", firing("s1", T0), noAutoResolve);
        var first = service.awaitAction("a1", "tok-1", AlertState.UNCLAIMED);
        // WHEN the wait is retried (the resume failed), then, once told, the workflow waits again
        var retry = service.awaitAction("a1", "tok-2", AlertState.UNCLAIMED);
        service.recoveries().told("a1");
        var next = service.awaitAction("a1", "tok-3", AlertState.UNCLAIMED);
        // THEN the retry hands over the note again, and the wait after it was told parks its token
        assertThat(first.state()).isEqualTo(AlertState.UNCLAIMED);
        assertThat(first.change().entry().kind()).isEqualTo(io.klaxon.domain.alert.TimelineKind.RECOVERED);
        assertThat(retry).isEqualTo(first);
        assertThat(next).isNull();
        assertThat(service.require("a1").taskToken()).isEqualTo("tok-3");
        assertThat(service.require("a1").version()).isEqualTo(2);
    }

    @Test
    void awaitAction_shouldResolveTheReopenedOccurrence_whenItsRecoveryArrivedBeforeTheDelayedFiringThatReopenedIt() {
        // GIVEN ALARM 03:00 opened a1, OK 03:01 resolved it, the OK from 03:03 found nothing open and was
        // remembered, and only then the delayed ALARM from 03:02 reopened a1 within the flap window (v3)
        service.open("a1", firing("alarm-0300", T0), policy());
        service.recover(recovered("ok-0301", T0.plusSeconds(60)));
        assertThat(service.recoveries().remember(recovered("ok-0303", T0.plusSeconds(180)))).isTrue();
        assertThat(service.open("a2", firing("alarm-0302", T0.plusSeconds(120)), policy()))
                .isInstanceOf(AlertService.Reopened.class);
        // WHEN the reopened occurrence's workflow waits for a claim
        var moved = service.awaitAction("a1", "tok-1", AlertState.UNCLAIMED);
        // THEN the OK from 03:03 resolves it at once, told as usual, instead of escalating an alarm already OK
        assertThat(moved).isNotNull();
        assertThat(moved.state()).isEqualTo(AlertState.RESOLVED);
        assertThat(moved.change().event()).isEqualTo(LifecycleEventType.RESOLVED);
        assertThat(service.require("a1").recoveredAt()).isEqualTo(T0.plusSeconds(180));
        assertThat(service.require("a1").version()).isEqualTo(4);
    }

    @Test
    void awaitAction_shouldResolveTheOccurrence_whenItRefiredBeforeItsFirstWaitAndTheRecoveryIsNewer() {
        // GIVEN the OK from 03:03 arrived first, then the ALARMs from 03:00 and 03:02 (a refire, v2)
        service.recoveries().remember(recovered("ok-0303", T0.plusSeconds(180)));
        service.open("a1", firing("alarm-0300", T0), policy());
        service.open("a2", firing("alarm-0302", T0.plusSeconds(120)), policy());
        // WHEN the workflow waits for a claim
        var moved = service.awaitAction("a1", "tok-1", AlertState.UNCLAIMED);
        // THEN
        assertThat(moved.state()).isEqualTo(AlertState.RESOLVED);
        assertThat(service.require("a1").version()).isEqualTo(3);
    }

    @Test
    void awaitAction_shouldNotApplyTheRecoveryToALaterEpisode_whenAFiringNewerThanItReopenedTheOccurrence() {
        // GIVEN the remembered OK from 03:03 resolved a1 at its wait (still remembered: say the step was killed
        // after its resume), and the ALARM from 03:04 reopened it
        service.recoveries().remember(recovered("ok-0303", T0.plusSeconds(180)));
        service.open("a1", firing("alarm-0300", T0), policy());
        service.awaitAction("a1", "tok-1", AlertState.UNCLAIMED);
        assertThat(service.open("a2", firing("alarm-0304", T0.plusSeconds(240)), policy()))
                .isInstanceOf(AlertService.Reopened.class);
        // WHEN the reopened occurrence waits for a claim
        var moved = service.awaitAction("a1", "tok-2", AlertState.UNCLAIMED);
        // THEN the new episode waits as usual: the older recovery neither applies again nor is told again
        assertThat(moved).isNull();
        assertThat(service.require("a1").state()).isEqualTo(AlertState.UNCLAIMED);
        assertThat(service.require("a1").taskToken()).isEqualTo("tok-2");
    }

    @Test
    void remember_shouldKeepTheNewest_whenTwoRecoveriesFindNothingOpen() {
        service.recoveries().remember(recovered("ok-0304", T0.plusSeconds(240)));
        service.recoveries().remember(recovered("ok-0302", T0.plusSeconds(120)));
        assertThat(store.rememberedRecovery(firing("s1", T0).alertKey(), T0.plusSeconds(300)))
                .hasValueSatisfying(r -> assertThat(r.signalId()).isEqualTo("ok-0304"));
    }

    @Test
    void wake_shouldAnswerTheSameWake_whenTheStepIsRetriedAfterItsWriteLanded() {
        // GIVEN alice's snooze (set at version 3) ended, and the wake's write landed but its answer was lost
        service.open("a1", firing("s1", T0), policy());
        service.act("a1", new Command.Claim(alice, 1L));
        service.act("a1", new Command.Snooze(alice, 2L, Duration.ofMinutes(30)));
        var first = service.wake("a1", 3L);
        // WHEN the retry arrives
        var retry = service.wake("a1", 3L);
        // THEN it answers the same change, so "Snooze ended" and "Alert Claimed" are still told
        assertThat(first.applied()).isTrue();
        assertThat(retry.applied()).isTrue();
        assertThat(retry.outcome()).isEqualTo(first.outcome());
        assertThat(retry.event()).isEqualTo(LifecycleEventType.CLAIMED);
        assertThat(service.require("a1").version()).isEqualTo(4);
    }

    @Test
    void wake_shouldChangeNothing_whenAnActionEndedTheSnoozeFirst() {
        service.open("a1", firing("s1", T0), policy());
        service.act("a1", new Command.Snooze(alice, 1L, Duration.ofMinutes(30)));
        service.act("a1", new Command.Claim(bob, 2L));
        // WHEN the snooze timer set at version 2 fires
        var result = service.wake("a1", 2L);
        // THEN
        assertThat(result.applied()).isFalse();
        assertThat(service.require("a1").owner()).isEqualTo(bob);
    }

    @Test
    void escalate_shouldRaiseLevel_onlyWhileUnclaimed() {
        service.open("a1", firing("s1", T0), policy());
        assertThat(service.escalate("a1").alert().escalationLevel()).isEqualTo(1);
        service.act("a1", new Command.Claim(alice, null));
        assertThat(service.escalate("a1").rejection()).isEqualTo(Rejection.NOT_ALLOWED);
    }

    @Test
    void resolve_shouldRecordDurations_whenClaimedThenResolved() {
        service.open("a1", firing("s1", T0), policy());
        service.act("a1", new Command.Claim(alice, 1L));
        var resolved = service.act("a1", new Command.Resolve(alice, 2L));
        assertThat(resolved.alert().state()).isEqualTo(AlertState.RESOLVED);
        assertThat(resolved.alert().timeToResolve()).isEqualTo(Duration.ZERO);
        assertThat(resolved.alert().resolvedBy()).isEqualTo(alice);
    }

    @Test
    void act_shouldKeepWhereTheMessageLives_whenItIsRecordedWhileAClaimIsDecided() {
        // GIVEN a store in which the message gets recorded between the claim's read and its write
        var racing = new InMemoryAlertStore() {
            boolean raced;

            @Override
            public synchronized boolean replace(io.klaxon.domain.alert.Alert next, long expectedRevision,
                                                io.klaxon.domain.alert.TimelineEntry entry) {
                if (!raced && next.state() == AlertState.CLAIMED) {
                    raced = true;
                    new AlertService(this, Clock.fixed(T0, ZoneOffset.UTC)).recordMessage("a1", "C1", "1700000000.1");
                }
                return super.replace(next, expectedRevision, entry);
            }
        };
        var racingService = new AlertService(racing, Clock.fixed(T0.plusSeconds(5), ZoneOffset.UTC));
        racingService.open("a1", firing("s1", T0), policy());
        // WHEN alice claims (her first write loses to the bookkeeping write and is decided again)
        var result = racingService.act("a1", new Command.Claim(alice, 1L));
        // THEN the claim is applied and the message reference survives
        assertThat(result.applied()).isTrue();
        var stored = racing.get("a1").orElseThrow();
        assertThat(stored.owner()).isEqualTo(alice);
        assertThat(stored.messageTs()).isEqualTo("1700000000.1");
        assertThat(stored.version()).isEqualTo(2);
        assertThat(stored.revision()).isEqualTo(3);
    }

    @Test
    void deliveryFailing_shouldMarkAndClearWithoutAVersionBump_andWriteOnlyWhenItChanges() {
        // GIVEN an open alert
        service.open("a1", firing("s1", T0), policy());
        long revision = service.require("a1").revision();

        // WHEN Slack refuses twice, then a delivery gets through
        service.deliveryFailing("a1", true);
        service.deliveryFailing("a1", true);
        long marked = service.require("a1").revision();
        service.deliveryFailing("a1", false);

        // THEN one write marked it, one cleared it, and the lifecycle version never moved
        assertThat(marked).isEqualTo(revision + 1);
        assertThat(service.require("a1").revision()).isEqualTo(revision + 2);
        assertThat(service.require("a1").deliveryFailing()).isFalse();
        assertThat(service.require("a1").version()).isEqualTo(1);
    }

    // ---- handover between a finishing workflow and a reopening (ADR 0010, "Handover") ----------

    /** An alert its recovery resolved, whose opening execution a1 has just read it RESOLVED. */
    private void autoResolved(AlertService alerts) {
        alerts.open("a1", firing("s1", T0), policy());
        alerts.recover(recovered("s2", T0.plusSeconds(60)));
    }

    @Test
    void finishThenReopen_shouldLetTheReopeningExecutionAdopt_whenTheOldWorkflowFinishedFirst() {
        // GIVEN an auto-resolved alert whose workflow finishes before the alarm fires again
        autoResolved(service);
        var finish = service.finish("a1", "a1");

        // WHEN the FIRING reopens it, and the reopening execution a2 offers to adopt it while Step
        // Functions still reports a1 RUNNING (its last step has not ended yet)
        var reopened = service.open("a2", firing("s3", T0.plusSeconds(120)), policy());
        var adoption = service.adopt("a1", "a2", execution -> true);

        // THEN a1 released the alert, and a2 adopted it without asking whether a1 runs
        assertThat(finish.finished()).isTrue();
        assertThat(finish.alert().workflowReleased()).isTrue();
        assertThat(reopened).isInstanceOf(AlertService.Reopened.class);
        assertThat(adoption.adopted()).isTrue();
        assertThat(store.get("a1").orElseThrow().workflow()).isEqualTo("a2");
        assertThat(store.get("a1").orElseThrow().state()).isEqualTo(AlertState.UNCLAIMED);
    }

    @Test
    void reopenThenFinish_shouldKeepTheOldWorkflowGoing_whenTheReopeningLandedBeforeItFinished() {
        // GIVEN an auto-resolved alert whose workflow a1 read it RESOLVED and still runs
        autoResolved(service);

        // WHEN the FIRING reopens it, a2 finds a1 live and does not adopt, and then a1 finishes
        var reopened = service.open("a2", firing("s3", T0.plusSeconds(120)), policy());
        var adoption = service.adopt("a1", "a2", execution -> execution.equals("a1"));
        long revision = store.get("a1").orElseThrow().revision();
        var finish = service.finish("a1", "a1");

        // THEN a1 does not finish: it carries on with the open alert, still its workflow, nothing written
        assertThat(reopened).isInstanceOf(AlertService.Reopened.class);
        assertThat(adoption.adopted()).isFalse();
        assertThat(finish.finished()).isFalse();
        assertThat(finish.alert().state()).isEqualTo(AlertState.UNCLAIMED);
        assertThat(store.get("a1").orElseThrow().workflow()).isEqualTo("a1");
        assertThat(store.get("a1").orElseThrow().revision()).isEqualTo(revision);
    }

    @Test
    void reopen_shouldRetryAndStillReopen_whenItsWriteLosesToTheOldWorkflowFinishing() {
        // GIVEN an auto-resolved alert, and a store where a1's finish lands between the reopening's
        // read and its write
        var racing = new InMemoryAlertStore() {
            Runnable beforeFirstReopen;

            @Override
            public synchronized boolean reopen(Alert next, long expectedRevision,
                                              io.klaxon.domain.alert.TimelineEntry entry) {
                if (beforeFirstReopen != null) {
                    Runnable race = beforeFirstReopen;
                    beforeFirstReopen = null;
                    race.run();
                }
                return super.reopen(next, expectedRevision, entry);
            }
        };
        var alerts = new AlertService(racing, Clock.fixed(T0.plusSeconds(5), ZoneOffset.UTC));
        autoResolved(alerts);
        var finish = new AlertService.Finish[1];
        racing.beforeFirstReopen = () -> finish[0] = alerts.finish("a1", "a1");

        // WHEN the FIRING reopens it (its first write loses), and a2 offers to adopt it with a1 still RUNNING
        var reopened = alerts.open("a2", firing("s3", T0.plusSeconds(120)), policy());
        var adoption = alerts.adopt("a1", "a2", execution -> true);

        // THEN the same occurrence reopened on the second try (no new one), and a2 adopted it
        assertThat(finish[0].finished()).isTrue();
        assertThat(reopened).isInstanceOf(AlertService.Reopened.class);
        assertThat(reopened.alert().alertId()).isEqualTo("a1");
        assertThat(racing.get("a2")).isEmpty();
        assertThat(racing.timeline("a1")).filteredOn(e -> e.kind().name().equals("REFIRED")).hasSize(1);
        assertThat(adoption.adopted()).isTrue();
        assertThat(racing.get("a1").orElseThrow().workflow()).isEqualTo("a2");
    }

    @Test
    void finish_shouldEndWithoutWriting_whenAnotherExecutionIsTheWorkflowOrItWasReleased() {
        // GIVEN an auto-resolved alert whose workflow a1 finished
        autoResolved(service);
        service.finish("a1", "a1");
        long revision = store.get("a1").orElseThrow().revision();

        // WHEN a1's finish is retried, and an execution that is not the workflow finishes too
        var retried = service.finish("a1", "a1");
        var other = service.finish("a1", "announce-v3-a1");

        // THEN both end, and nothing is written
        assertThat(retried.finished()).isTrue();
        assertThat(other.finished()).isTrue();
        assertThat(store.get("a1").orElseThrow().revision()).isEqualTo(revision);
    }
}
