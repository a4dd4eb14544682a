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
    void handle_shouldRejectUnknownOp() {
        assertThatThrownBy(() -> service.handle(TaskRequest.of(TaskOp.POST, "a1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("post");
    }
}
