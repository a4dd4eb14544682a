package io.klaxon.notify;

import static io.klaxon.notify.NotifyWorld.ALERT_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.lifecycle.Command;
import io.klaxon.domain.lifecycle.LifecycleEvent;
import io.klaxon.domain.service.AlertService;
import io.klaxon.domain.testing.Fixtures;
import io.klaxon.domain.workflow.Change;
import io.klaxon.domain.workflow.TaskOp;
import io.klaxon.domain.workflow.TaskRequest;
import io.klaxon.domain.workflow.TaskResult;
import io.klaxon.slack.SlackBusyException;
import io.klaxon.slack.SlackUnavailableException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A change's event goes on the bus as soon as Slack fails the step that tells it, once, and the step
 * that gets through later publishes nothing more: destinations hear an alert during a Slack outage,
 * and never twice.
 */
class NotifyEventsAheadTest {

    private static final Actor ALICE = Actor.slack("U0ALICE01", "alice");

    private final NotifyWorld world = new NotifyWorld();

    @AfterEach
    void close() throws Exception {
        world.close();
    }

    private Change opened() {
        return ((AlertService.Opened) world.alerts.open(ALERT_ID, Fixtures.firing("sig-1", Fixtures.T0),
                Fixtures.policy())).change();
    }

    private TaskResult step(TaskOp op, Change change) {
        return world.notify.handle(TaskRequest.telling(op, ALERT_ID, change));
    }

    @Test
    void post_shouldPublishTheOpeningAheadOnce_whenSlackRefusesItAndTheRetryGetsThrough() {
        // GIVEN a new alert whose post Slack refuses twice (a revoked token), then takes
        Change opening = opened();
        world.slackStub.failNext("chat.postMessage", "invalid_auth").failNext("chat.postMessage", "invalid_auth");

        // WHEN the post step fails
        assertThatThrownBy(() -> step(TaskOp.POST, opening)).isInstanceOf(SlackDeliveryFailingException.class);

        // THEN "Alert Opened" is on the bus already, saying Slack does not show it, with no message yet
        assertThat(world.bus).singleElement().satisfies(e -> assertThat(e.detailType()).isEqualTo("Alert Opened"));
        LifecycleEvent ahead = world.published().getFirst();
        assertThat(ahead.alertId()).isEqualTo(ALERT_ID);
        assertThat(ahead.deliveryFailing()).isTrue();
        assertThat(ahead.ts()).isNull();

        // WHEN the retry fails again, then one gets through
        assertThatThrownBy(() -> step(TaskOp.POST, opening)).isInstanceOf(SlackDeliveryFailingException.class);
        TaskResult posted = step(TaskOp.POST, opening);

        // THEN the message is posted, and the step returns no event: the bus heard the opening once
        assertThat(world.alerts.require(ALERT_ID).hasMessage()).isTrue();
        assertThat(posted.event()).isNull();
        assertThat(world.bus).hasSize(1);
    }

    @Test
    void escalation_shouldPublishTheEscalationAhead_whenSlackIsDown() {
        // GIVEN a posted alert that escalated, and Slack answering 503
        Change opening = opened();
        assertThat(step(TaskOp.POST, opening).event()).isNotNull();
        AlertService.CommandResult escalated = world.alerts.escalate(ALERT_ID);
        world.slackStub.unavailableUntil(Fixtures.T0.plus(Duration.ofDays(3650)));

        // WHEN the escalation step fails
        assertThatThrownBy(() -> step(TaskOp.ESCALATION, escalated.outcome().change()))
                .isInstanceOf(SlackUnavailableException.class);

        // THEN "Alert Escalated" is on the bus with its level and the message's place, while Slack is down
        assertThat(world.bus).singleElement().satisfies(e -> assertThat(e.detailType()).isEqualTo("Alert Escalated"));
        LifecycleEvent ahead = world.published().getFirst();
        assertThat(ahead.escalationLevel()).isEqualTo(1);
        assertThat(ahead.state()).isEqualTo(AlertState.UNCLAIMED);
        assertThat(ahead.ts()).isEqualTo(world.alerts.require(ALERT_ID).messageTs());

        // WHEN Slack is back and the step is retried
        world.slackStub.unavailableUntil(null);
        TaskResult told = step(TaskOp.ESCALATION, escalated.outcome().change());

        // THEN the thread is told, and the event is not published a second time
        assertThat(world.slackStub.requests("chat.postMessage").stream()
                .filter(r -> r.param("thread_ts") != null && String.valueOf(r.param("text")).contains(":mega:")))
                .hasSize(1);
        assertThat(told.event()).isNull();
        assertThat(world.bus).hasSize(1);
    }

    @Test
    void announce_shouldPublishTheResolutionAhead_whenTheMessageIsNotPostedYet() {
        // GIVEN a new alert whose post Slack refuses (a revoked token), and its alarm recovering meanwhile
        Change opening = opened();
        world.slackStub.refuse("invalid_auth");
        assertThatThrownBy(() -> step(TaskOp.POST, opening)).isInstanceOf(SlackDeliveryFailingException.class);
        Change resolution = world.alerts.recover(Fixtures.recovered("sig-ok", Fixtures.T0.plusSeconds(60)))
                .outcome().change();

        // WHEN the resolution's announcement finds no message to edit
        assertThatThrownBy(() -> step(TaskOp.ANNOUNCE, resolution)).isInstanceOf(MessageNotPostedException.class);

        // THEN "Alert Resolved" is on the bus all the same, after the opening: a pager that was triggered is resolved
        assertThat(world.bus).extracting(e -> e.detailType()).containsExactly("Alert Opened", "Alert Resolved");
        assertThat(world.published().getLast().state()).isEqualTo(AlertState.RESOLVED);

        // WHEN Slack takes calls again, the post goes through and the announcement is retried
        world.slackStub.stopRefusing();
        assertThat(step(TaskOp.POST, opening).event()).isNull();
        assertThat(step(TaskOp.ANNOUNCE, resolution).event()).isNull();

        // THEN neither event is published a second time
        assertThat(world.bus).hasSize(2);
    }

    @Test
    void update_shouldLeaveTheEventToTheStep_whenPublishingAheadFailed() {
        // GIVEN a posted alert someone claimed, Slack refusing the edit, and the bus unreachable too
        Change opening = opened();
        step(TaskOp.POST, opening);
        Change claim = world.alerts.act(ALERT_ID, new Command.Claim(ALICE, world.alerts.require(ALERT_ID).version()))
                .outcome().change();
        world.slackStub.failNext("chat.update", "invalid_auth");
        world.busDown = true;

        // WHEN the step fails THEN the Slack failure is what the workflow sees, and nothing is on the bus
        assertThatThrownBy(() -> step(TaskOp.UPDATE, claim)).isInstanceOf(SlackDeliveryFailingException.class);
        assertThat(world.bus).isEmpty();

        // WHEN the retry gets through THEN the step returns the event, for the workflow to publish
        world.busDown = false;
        TaskResult told = step(TaskOp.UPDATE, claim);
        assertThat(told.event()).isNotNull();
        assertThat(told.event().detailType()).isEqualTo("Alert Claimed");
        assertThat(world.bus).isEmpty();
    }

    @Test
    void post_shouldLeaveTheEventToThePacedStep_whenKlaxonsOwnPacingHoldsItBack() {
        // GIVEN a new alert, and Slack answering its post with 429 and a Retry-After: the step is handed
        // back to be retried after the wait (Klaxon's pacing, ADR 0013), Slack itself works
        Change opening = opened();
        world.slackStub.respondNext("chat.postMessage", 429, "{\"ok\":false,\"error\":\"ratelimited\"}",
                Map.of("Retry-After", "30"));

        // WHEN the post step is paced
        assertThatThrownBy(() -> step(TaskOp.POST, opening)).isInstanceOf(SlackBusyException.class);

        // THEN nothing went ahead: the event waits for the step
        assertThat(world.bus).isEmpty();
    }

    @Test
    void update_shouldPublishNothingAhead_whenTheChangeHasNoEvent() {
        // GIVEN a posted alert, claimed, whose source recovered (an annotation: no lifecycle event), and
        // Slack refusing
        Change opening = opened();
        step(TaskOp.POST, opening);
        world.alerts.act(ALERT_ID, new Command.Claim(ALICE, world.alerts.require(ALERT_ID).version()));
        Change note = world.alerts.recover(Fixtures.recovered("sig-ok", Fixtures.T0.plusSeconds(600))).outcome().change();
        assertThat(note.event()).isNull();
        world.slackStub.failNext("chat.update", "invalid_auth");

        // WHEN the step fails THEN nothing went on the bus
        assertThatThrownBy(() -> step(TaskOp.UPDATE, note)).isInstanceOf(SlackDeliveryFailingException.class);
        assertThat(world.bus).isEmpty();
    }
}
