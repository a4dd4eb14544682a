package io.klaxon.interact;

import static io.klaxon.interact.testing.InteractWorld.resource;
import static io.klaxon.interact.testing.InteractWorld.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.lifecycle.Command;
import io.klaxon.domain.lifecycle.LifecycleEventType;
import io.klaxon.domain.port.StoreUnavailableException;
import io.klaxon.domain.service.AlertService;
import io.klaxon.domain.port.WorkflowOutcome;
import io.klaxon.domain.port.WorkflowUnavailableException;
import io.klaxon.domain.workflow.Change;
import io.klaxon.domain.alert.TimelineKind;
import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.domain.signal.SignalStatus;
import io.klaxon.domain.testing.Fixtures;
import io.klaxon.interact.RecoveryService.Outcome;
import io.klaxon.interact.testing.InteractWorld;
import io.klaxon.interact.testing.RecordingResumer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.JsonMapperCustomPojoSerializer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** "Alert Recovered" from the bus, decoded as the Lambda runtime will decode it, delivered to the workflow. */
class RecoveryHandlerTest {

    private final InteractWorld world = new InteractWorld();
    private final ApplicationContext context = world.context();
    private final RecoveryHandler handler = new RecoveryHandler(context);
    private final JsonMapperCustomPojoSerializer serializer = new JsonMapperCustomPojoSerializer();

    @AfterEach
    void close() {
        context.close();
    }

    private SignalEvent recoveredEvent() {
        return serializer.fromJson(resource("bus/alert-recovered-event.json"), SignalEvent.class);
    }

    private static SignalEvent withDetail(SignalEvent e, AlertSignal detail) {
        return new SignalEvent(e.version(), e.id(), e.detailType(), e.source(), e.account(), e.time(), e.region(),
                e.resources(), detail);
    }

    @Test
    void event_shouldDecodeEnvelopeAndSignal_whenBusDeliversAlertRecovered() {
        SignalEvent event = recoveredEvent();
        assertThat(event.detailType()).isEqualTo("Alert Recovered");
        assertThat(event.source()).isEqualTo("klaxon");
        assertThat(event.detail().alertKey()).isEqualTo(Fixtures.ALARM_ARN);
        assertThat(event.detail().status()).isEqualTo(SignalStatus.RECOVERED);
        assertThat(event.detail().occurredAt()).isEqualTo(Fixtures.T0.plusSeconds(120));
    }

    @Test
    void handleRequest_shouldAutoResolveAndResumeWithResolvedOutcome_whenUnclaimedAlertRecovers() {
        // GIVEN
        world.waitingAlert("a1");
        // WHEN
        Outcome outcome = handler.handleRequest(recoveredEvent(), null);
        // THEN
        assertThat(outcome).isEqualTo(Outcome.RESUMED);
        assertThat(world.resumer.calls()).singleElement().satisfies(call -> {
            assertThat(call.taskToken()).isEqualTo(token("a1"));
            assertThat(call.outcome()).isEqualTo(new WorkflowOutcome("a1", 2, AlertState.RESOLVED,
                    new Change(world.store.timeline("a1").getLast(), LifecycleEventType.RESOLVED)));
            assertThat(call.outcome().change().actor()).isEqualTo(Actor.SYSTEM);
        });
        assertThat(world.starter.executions()).isEmpty();
        assertThat(world.store.get("a1").orElseThrow().resolvedBy()).isEqualTo(Actor.SYSTEM);
    }

    @Test
    void handleRequest_shouldAnnotateKeepOwnerAndKeepTheWait_whenClaimedAlertRecovers() {
        // GIVEN alice owns it and the workflow waits for a resolve (its reminder timer running)
        world.waitingAlert("a1");
        Actor alice = Actor.slack("UALICE", "alice");
        world.alerts.act("a1", new Command.Claim(alice, 1L));
        world.alerts.awaitAction("a1", "token-resolve", AlertState.CLAIMED);
        // WHEN
        Outcome outcome = handler.handleRequest(recoveredEvent(), null);
        // THEN an announcement tells the recovery note (a thread reply, no event); the wait is not
        // resumed, so alice's reminder keeps its time
        assertThat(outcome).isEqualTo(Outcome.ANNOUNCED);
        assertThat(world.resumer.calls()).isEmpty();
        assertThat(world.starter.announcements()).singleElement().satisfies(announced -> {
            assertThat(announced.version()).isEqualTo(3);
            assertThat(announced.state()).isEqualTo(AlertState.CLAIMED);
            assertThat(announced.change().entry().kind()).isEqualTo(TimelineKind.RECOVERED);
            assertThat(announced.change().event()).isNull();
        });
        assertThat(world.store.get("a1").orElseThrow().taskToken()).isEqualTo("token-resolve");
        assertThat(world.store.get("a1").orElseThrow().owner()).isEqualTo(alice);
    }

    @Test
    void handleRequest_shouldChangeNothingMore_whenTheSameEventIsDeliveredTwice() {
        world.waitingAlert("a1");
        handler.handleRequest(recoveredEvent(), null);
        // WHEN EventBridge delivers the same event again (the alert is now resolved: no open occurrence)
        Outcome again = handler.handleRequest(recoveredEvent(), null);
        // THEN nothing changes; the resolution is handed to its announcement in case the first
        // delivery's hand-over had failed (the thread line and event are told once per change)
        assertThat(again).isEqualTo(Outcome.RETOLD);
        assertThat(world.resumer.calls()).hasSize(1);
        assertThat(world.store.get("a1").orElseThrow().version()).isEqualTo(2);
        assertThat(world.starter.names()).containsExactly("announce-v2-a1");
    }

    @Test
    void handleRequest_shouldIgnore_whenRedeliveredWhileTheAlertStaysOpen() {
        // GIVEN a claimed alert keeps its owner on recovery, so it stays open
        world.waitingAlert("a1");
        world.alerts.act("a1", new Command.Claim(Actor.slack("UALICE", "alice"), 1L));
        handler.handleRequest(recoveredEvent(), null);
        var before = world.snapshot("a1");
        // WHEN
        Outcome again = handler.handleRequest(recoveredEvent(), null);
        // THEN nothing changes (its note is announced again, under the same name)
        assertThat(again).isEqualTo(Outcome.RETOLD);
        assertThat(world.snapshot("a1")).isEqualTo(before);
    }

    @Test
    void handleRequest_shouldNoteButNotApply_whenRecoveryIsOlderThanTheNewestFiring() {
        // GIVEN the alarm fired again at 03:05; the recovery from 03:02 arrives late
        world.waitingAlert("a1");
        world.alerts.open("a2", Fixtures.firing("signal-0305", Fixtures.T0.plusSeconds(300)), Fixtures.policy());
        var before = world.snapshot("a1");
        // WHEN it arrives, and arrives again
        Outcome outcome = handler.handleRequest(recoveredEvent(), null);
        Outcome again = handler.handleRequest(recoveredEvent(), null);
        // THEN the alert stays unclaimed and unrecovered; one note is told, once, by an announcement,
        // so the workflow's wait (its claim timer) is not restarted
        assertThat(outcome).isEqualTo(Outcome.ANNOUNCED);
        assertThat(again).isEqualTo(Outcome.RETOLD);
        var after = world.snapshot("a1");
        assertThat(after.alert().state()).isEqualTo(before.alert().state());
        assertThat(after.alert().recoveredAt()).isNull();
        assertThat(after.timeline()).hasSize(before.timeline().size() + 1);
        assertThat(after.timeline().getLast().text()).startsWith("Ignored a recovery from ");
        assertThat(world.resumer.calls()).isEmpty();
        assertThat(world.starter.announcements()).singleElement().satisfies(announced -> {
            assertThat(announced.change().entry().text()).startsWith("Ignored a recovery from ");
            assertThat(announced.change().event()).isNull();
        });
    }

    @Test
    void handleRequest_shouldRememberTheRecovery_whenItArrivesBeforeItsFiringOpens() {
        // GIVEN the FIRING from 03:00 is delayed (ingest's retry, throttling); its OK from 03:02 arrives first
        // WHEN
        Outcome outcome = handler.handleRequest(recoveredEvent(), null);
        // THEN nothing is resumed now, but when the delayed firing opens and its workflow waits for a
        // claim, the recovery resolves it at once, and that wait is resumed with the resolution to tell
        assertThat(outcome).isEqualTo(Outcome.REMEMBERED);
        assertThat(world.resumer.calls()).isEmpty();
        world.alerts.open("a1", Fixtures.firing("signal-a1", Fixtures.T0), Fixtures.policy());
        var moved = world.alerts.awaitAction("a1", token("a1"), AlertState.UNCLAIMED);
        assertThat(moved.state()).isEqualTo(AlertState.RESOLVED);
        assertThat(moved.change()).isEqualTo(new Change(world.store.timeline("a1").getLast(), LifecycleEventType.RESOLVED));
    }

    @Test
    void recover_shouldResolveTheOccurrence_whenItsFiringOpenedAndWaitedWhileTheRecoveryWasBeingRemembered() {
        // GIVEN a store in which the delayed FIRING opens, and its workflow begins to wait, just after
        // the recovery found nothing open and just before it is remembered
        var racing = new io.klaxon.domain.testing.InMemoryAlertStore() {
            AlertService alerts;

            @Override
            public synchronized void rememberRecovery(AlertSignal recovery, java.time.Instant expiresAt) {
                if (findLast(recovery.alertKey()).isEmpty()) {
                    alerts.open("a1", Fixtures.firing("signal-a1", Fixtures.T0), Fixtures.policy());
                    alerts.awaitAction("a1", token("a1"), AlertState.UNCLAIMED);
                }
                super.rememberRecovery(recovery, expiresAt);
            }
        };
        racing.alerts = new AlertService(racing, world.clock);
        var service = new RecoveryService(racing.alerts, world.delivery);
        // WHEN
        Outcome outcome = service.recover(recoveredEvent().detail());
        // THEN the waiting workflow is resumed with the resolution, as if the recovery had come after it
        assertThat(outcome).isEqualTo(Outcome.RESUMED);
        assertThat(racing.get("a1").orElseThrow().state()).isEqualTo(AlertState.RESOLVED);
        assertThat(world.resumer.calls()).singleElement().satisfies(call ->
                assertThat(call.outcome().change().event()).isEqualTo(LifecycleEventType.RESOLVED));
    }

    @Test
    void handleRequest_shouldNotRemember_whenTheKeysLastOccurrenceIsNewerThanTheRecovery() {
        // GIVEN the key's last occurrence knows a signal from 03:05 and was resolved by a person
        world.alerts.open("a1", Fixtures.firing("signal-0305", Fixtures.T0.plusSeconds(300)), Fixtures.policy());
        world.alerts.act("a1", new Command.Resolve(Actor.slack("UALICE", "alice"), null, null));
        // WHEN an OK from 03:02 arrives
        Outcome outcome = handler.handleRequest(recoveredEvent(), null);
        // THEN it is old news: nothing to recover and nothing to remember
        assertThat(outcome).isEqualTo(Outcome.NO_OPEN_ALERT);
        assertThat(world.store.rememberedRecovery(Fixtures.ALARM_ARN, InteractWorld.NOW)).isEmpty();
    }

    @Test
    void handleRequest_shouldAnnounce_whenTheWorkflowWaitAlreadyEnded() {
        world.waitingAlert("a1");
        world.resumer.refuseTokens();
        assertThat(handler.handleRequest(recoveredEvent(), null)).isEqualTo(Outcome.ANNOUNCED);
        assertThat(world.store.get("a1").orElseThrow().state()).isEqualTo(AlertState.RESOLVED);
        assertThat(world.starter.names()).containsExactly("announce-v2-a1");
        assertThat(world.starter.announcements().getFirst().change().event()).isEqualTo(LifecycleEventType.RESOLVED);
    }

    @Test
    void handleRequest_shouldPropagateSoTheEventIsDeadLettered_whenNeitherResumeNorAnnouncementReachTheWorkflow() {
        world.waitingAlert("a1");
        world.resumer.failWith(new WorkflowUnavailableException("throttled", null));
        world.starter.failWith(new WorkflowUnavailableException("throttled", null));
        assertThatThrownBy(() -> handler.handleRequest(recoveredEvent(), null))
                .isInstanceOf(WorkflowUnavailableException.class);
        assertThat(world.store.get("a1").orElseThrow().state()).isEqualTo(AlertState.RESOLVED);
    }

    @Test
    void handleRequest_shouldTellWhatTheFirstAttemptApplied_whenLambdaRetriesAfterAFailedHandOver() {
        // GIVEN the first attempt resolved the alert and took its token, but neither the resume nor
        // the announcement reached Step Functions, so the handler threw
        world.waitingAlert("a1");
        world.resumer.failWith(new WorkflowUnavailableException("throttled", null));
        world.starter.failWith(new WorkflowUnavailableException("throttled", null));
        assertThatThrownBy(() -> handler.handleRequest(recoveredEvent(), null))
                .isInstanceOf(WorkflowUnavailableException.class);
        var applied = world.snapshot("a1");
        world.starter.failWith(null);
        // WHEN Lambda's asynchronous retry delivers the same event again
        Outcome retry = handler.handleRequest(recoveredEvent(), null);
        // THEN it tells the resolution the first attempt stored (thread line and "Alert Resolved"),
        // without changing the alert again
        assertThat(retry).isEqualTo(Outcome.RETOLD);
        assertThat(world.snapshot("a1")).isEqualTo(applied);
        assertThat(world.starter.names()).containsExactly("announce-v2-a1");
        assertThat(world.starter.announcements()).singleElement().satisfies(announced -> {
            assertThat(announced.state()).isEqualTo(AlertState.RESOLVED);
            assertThat(announced.change()).isEqualTo(new Change(applied.timeline().getLast(), LifecycleEventType.RESOLVED));
        });
    }

    @Test
    void handleRequest_shouldFailAgainSoTheEventIsDeadLettered_whenTheRetryCannotTellEither() {
        // GIVEN a first attempt whose hand-over failed
        world.waitingAlert("a1");
        world.resumer.failWith(new WorkflowUnavailableException("throttled", null));
        world.starter.failWith(new WorkflowUnavailableException("throttled", null));
        assertThatThrownBy(() -> handler.handleRequest(recoveredEvent(), null))
                .isInstanceOf(WorkflowUnavailableException.class);
        // WHEN every retry meets the same outage
        // THEN each fails too, so that Lambda's last failure puts the event in the dead-letter queue
        assertThatThrownBy(() -> handler.handleRequest(recoveredEvent(), null))
                .isInstanceOf(WorkflowUnavailableException.class);
        assertThatThrownBy(() -> handler.handleRequest(recoveredEvent(), null))
                .isInstanceOf(WorkflowUnavailableException.class);
        assertThat(world.starter.executions()).isEmpty();
    }

    @Test
    void handleRequest_shouldTellTheNoteAgain_whenARetryFollowsAFailedHandOverOfAClaimedAlertsRecovery() {
        // GIVEN alice's alert recovered while her workflow waits; the announcement of the note failed
        world.waitingAlert("a1");
        world.alerts.act("a1", new Command.Claim(Actor.slack("UALICE", "alice"), 1L));
        world.alerts.awaitAction("a1", "token-resolve", AlertState.CLAIMED);
        world.starter.failWith(new WorkflowUnavailableException("throttled", null));
        assertThatThrownBy(() -> handler.handleRequest(recoveredEvent(), null))
                .isInstanceOf(WorkflowUnavailableException.class);
        world.starter.failWith(null);
        // WHEN
        Outcome retry = handler.handleRequest(recoveredEvent(), null);
        // THEN the recovery note is told once, and her wait (reminder timer) is left alone
        assertThat(retry).isEqualTo(Outcome.RETOLD);
        assertThat(world.starter.announcements()).singleElement().satisfies(announced ->
                assertThat(announced.change().entry().kind()).isEqualTo(TimelineKind.RECOVERED));
        assertThat(world.resumer.calls()).isEmpty();
        assertThat(world.store.get("a1").orElseThrow().taskToken()).isEqualTo("token-resolve");
    }

    @Test
    void handleRequest_shouldNotTellAnOldRecoveryAgain_whenTheAlertHasMovedOnSince() {
        // GIVEN alice's alert recovered (a note), then she resolved it
        world.waitingAlert("a1");
        Actor alice = Actor.slack("UALICE", "alice");
        world.alerts.act("a1", new Command.Claim(alice, 1L));
        handler.handleRequest(recoveredEvent(), null);
        world.alerts.act("a1", new Command.Resolve(alice, null, null));
        int before = world.starter.executions().size();
        // WHEN the recovery is delivered again
        Outcome again = handler.handleRequest(recoveredEvent(), null);
        // THEN its note is not told under the newer state (the resolution was told by its own writer)
        assertThat(again).isEqualTo(Outcome.NO_OPEN_ALERT);
        assertThat(world.starter.executions()).hasSize(before);
    }

    @Test
    void handleRequest_shouldPropagateSoLambdaRetries_whenStoreIsDown() {
        world.waitingAlert("a1");
        world.store.goDown();
        assertThatThrownBy(() -> handler.handleRequest(recoveredEvent(), null))
                .isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void handleRequest_shouldRefuseClearly_whenEventIsNotAlertRecovered() {
        SignalEvent e = recoveredEvent();
        SignalEvent fired = new SignalEvent(e.version(), e.id(), "Alert Fired", e.source(), e.account(), e.time(),
                e.region(), e.resources(), e.detail());
        assertThatThrownBy(() -> handler.handleRequest(fired, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'Alert Fired'").hasMessageContaining(e.id());
    }

    @Test
    void handleRequest_shouldRefuseClearly_whenSignalIsNotRecovered() {
        SignalEvent e = recoveredEvent();
        SignalEvent firing = withDetail(e, Fixtures.firing("s-x", Fixtures.T0));
        assertThatThrownBy(() -> handler.handleRequest(firing, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected a RECOVERED signal");
    }

    @Test
    void outcome_shouldEncodeAsItsName_forLambdaDestinations() {
        var out = new ByteArrayOutputStream();
        serializer.toJson(Outcome.RESUMED, out, Outcome.class);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("\"RESUMED\"");
    }

    @Test
    void recoveryService_shouldBeCallableDirectly_byTheLocalRuntime() {
        world.waitingAlert("a1");
        Outcome outcome = world.recoveryService().recover(Fixtures.recovered("s-local", Fixtures.T0.plusSeconds(90)));
        assertThat(outcome).isEqualTo(Outcome.RESUMED);
    }
}
