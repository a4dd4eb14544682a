package io.klaxon.escalate;

import static io.klaxon.domain.testing.Fixtures.T0;
import static io.klaxon.domain.testing.Fixtures.firing;
import static io.klaxon.domain.testing.Fixtures.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.lifecycle.Command;
import io.klaxon.domain.service.AlertService;
import io.klaxon.domain.testing.InMemoryAlertStore;
import io.klaxon.domain.workflow.StepOutcome;
import io.klaxon.domain.workflow.TaskOp;
import io.klaxon.domain.workflow.TaskRequest;
import io.klaxon.domain.alert.TimelineKind;
import io.klaxon.domain.lifecycle.LifecycleEventType;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class EscalateServiceTest {

    private final Clock clock = Clock.fixed(T0.plusSeconds(301), ZoneOffset.UTC);
    private final AlertService alerts = new AlertService(new InMemoryAlertStore(), clock);
    private final EscalateService service = new EscalateService(alerts, clock);

    private static TaskRequest escalate(String alertId) {
        return TaskRequest.of(TaskOp.ESCALATE, alertId);
    }

    @Test
    void escalate_shouldRaiseLevelAndHandOverTheChange_whenUnclaimed() {
        // GIVEN an unclaimed alert
        alerts.open("a1", firing("s1", T0), policy());
        // WHEN the claim timer runs out twice
        var first = service.handle(escalate("a1"));
        var second = service.handle(escalate("a1"));
        // THEN each escalation hands the entry it stored and its event to the step that tells it
        assertThat(first.outcome()).isEqualTo(StepOutcome.ESCALATED);
        assertThat(first.change().event()).isEqualTo(LifecycleEventType.ESCALATED);
        assertThat(first.change().entry().kind()).isEqualTo(TimelineKind.ESCALATED);
        assertThat(first.change().entry()).isEqualTo(alerts.store().timeline("a1").get(1));
        assertThat(second.change().entry().text()).contains("level 2");
        assertThat(second.alert().state()).isEqualTo(AlertState.UNCLAIMED);
        assertThat(alerts.require("a1").escalationLevel()).isEqualTo(2);
    }

    @Test
    void escalate_shouldRepeatLastLevel_whenPolicyRunsOut() {
        alerts.open("a1", firing("s1", T0), policy());
        service.handle(escalate("a1"));
        service.handle(escalate("a1"));
        var third = service.handle(escalate("a1"));
        assertThat(third.change().entry().text()).contains("level 3");
        assertThat(third.alert().version()).isEqualTo(4);
    }

    @Test
    void escalate_shouldChangeNothing_whenClaimedJustBeforeTheTimer() {
        // GIVEN a claim that landed a moment before the timer fired
        alerts.open("a1", firing("s1", T0), policy());
        alerts.act("a1", new Command.Claim(Actor.slack("UALICE", "alice"), 1L));
        // WHEN
        var result = service.handle(escalate("a1"));
        // THEN the workflow is told to re-route on the current state
        assertThat(result.outcome()).isEqualTo(StepOutcome.UNCHANGED);
        assertThat(result.alert().state()).isEqualTo(AlertState.CLAIMED);
        assertThat(result.change()).isNull();
        assertThat(alerts.require("a1").escalationLevel()).isZero();
    }

    @Test
    void escalate_shouldAnswerTheSameEscalation_whenTheStepIsRetriedAfterItsWriteLanded() {
        // GIVEN the claim timer set at version 1 ran out, and escalate's write landed but its answer
        // was lost (Lambda.ServiceException after the function ran), so Step Functions retries it
        alerts.open("a1", firing("s1", T0), policy());
        var first = service.handle(TaskRequest.timer(TaskOp.ESCALATE, "a1", 1));
        // WHEN the retry arrives
        var retry = service.handle(TaskRequest.timer(TaskOp.ESCALATE, "a1", 1));
        // THEN it raises nothing and answers the first escalation, so notify mentions level 1
        assertThat(alerts.require("a1").escalationLevel()).isEqualTo(1);
        assertThat(retry.outcome()).isEqualTo(StepOutcome.ESCALATED);
        assertThat(retry.change()).isEqualTo(first.change());
        assertThat(retry.alert()).isEqualTo(first.alert());
    }

    @Test
    void escalate_shouldAnswerTheSameEscalation_whenANoteLandedBetweenTheWriteAndTheRetry() {
        // GIVEN a note landed during the wait and another right after the escalation
        alerts.open("a1", firing("s1", T0), policy());
        Actor bob = Actor.slack("UBOB", "bob");
        alerts.act("a1", new Command.Note(bob, null, "looking at the graphs"));
        var first = service.handle(TaskRequest.timer(TaskOp.ESCALATE, "a1", 1));
        alerts.act("a1", new Command.Note(bob, null, "still looking"));
        // WHEN
        var retry = service.handle(TaskRequest.timer(TaskOp.ESCALATE, "a1", 1));
        // THEN
        assertThat(alerts.require("a1").escalationLevel()).isEqualTo(1);
        assertThat(retry.outcome()).isEqualTo(StepOutcome.ESCALATED);
        assertThat(retry.change()).isEqualTo(first.change());
    }

    @Test
    void escalate_shouldRaiseAgain_whenTheNextTimerRunsOut() {
        // GIVEN the first escalation was told and the workflow waited again at its version
        alerts.open("a1", firing("s1", T0), policy());
        var first = service.handle(TaskRequest.timer(TaskOp.ESCALATE, "a1", 1));
        // WHEN the next claim timer, set at the escalated version, runs out
        var second = service.handle(TaskRequest.timer(TaskOp.ESCALATE, "a1", first.alert().version()));
        // THEN
        assertThat(second.outcome()).isEqualTo(StepOutcome.ESCALATED);
        assertThat(second.change().entry().text()).contains("level 2");
        assertThat(alerts.require("a1").escalationLevel()).isEqualTo(2);
    }

    @Test
    void escalate_shouldChangeNothing_whenTheRetryFindsTheAlertClaimedSinceItsEscalation() {
        alerts.open("a1", firing("s1", T0), policy());
        service.handle(TaskRequest.timer(TaskOp.ESCALATE, "a1", 1));
        alerts.act("a1", new Command.Claim(Actor.slack("UALICE", "alice"), 2L));
        // WHEN
        var retry = service.handle(TaskRequest.timer(TaskOp.ESCALATE, "a1", 1));
        // THEN the workflow re-routes on the claim (which its writer told)
        assertThat(retry.outcome()).isEqualTo(StepOutcome.UNCHANGED);
        assertThat(retry.alert().state()).isEqualTo(AlertState.CLAIMED);
        assertThat(alerts.require("a1").escalationLevel()).isEqualTo(1);
    }

    @Test
    void handle_shouldRejectUnknownOp() {
        assertThatThrownBy(() -> service.handle(TaskRequest.of(TaskOp.POST, "a1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("post");
    }
}
