package io.klaxon.lifecycle;

import static io.klaxon.domain.testing.Fixtures.T0;
import static io.klaxon.domain.testing.Fixtures.firing;
import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.lifecycle.Command;
import io.klaxon.domain.port.WorkflowOutcome;
import io.klaxon.domain.service.AlertService;
import io.klaxon.domain.testing.InMemoryAlertStore;
import io.klaxon.domain.workflow.StepOutcome;
import io.klaxon.domain.workflow.TaskOp;
import io.klaxon.domain.workflow.TaskRequest;
import io.klaxon.domain.alert.TimelineKind;
import io.klaxon.domain.lifecycle.LifecycleEventType;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifecycleServiceTest {

    private final Clock clock = Clock.fixed(T0.plusSeconds(1), ZoneOffset.UTC);
    private final AlertService alerts = new AlertService(new InMemoryAlertStore(), clock);
    private final List<String> resumedTokens = new ArrayList<>();
    private final List<WorkflowOutcome> resumedWith = new ArrayList<>();
    private final PolicySettings settings = new PolicySettings("C1", 60, 600, "U1;!S2,here", true);
    private final LifecycleService service = new LifecycleService(alerts, (token, outcome) -> {
        resumedTokens.add(token);
        resumedWith.add(outcome);
        return true;
    }, settings, clock);

    private TaskRequest open(String alertId, String signalId) {
        return open(alertId, signalId, T0);
    }

    private TaskRequest open(String alertId, String signalId, java.time.Instant changedAt) {
        return new TaskRequest(TaskOp.OPEN, alertId, firing(signalId, changedAt), null, null, null);
    }

    @Test
    void open_shouldSnapshotConfiguredPolicy_whenNewOccurrence() {
        var result = service.handle(open("a1", "s1"));
        assertThat(result.outcome()).isEqualTo(StepOutcome.OPENED);
        assertThat(result.change().entry().kind()).isEqualTo(TimelineKind.OPENED);
        assertThat(result.change().event()).isEqualTo(LifecycleEventType.OPENED);
        assertThat(result.alert().claimTimeoutSeconds()).isEqualTo(60);
        assertThat(result.alert().remindAfterSeconds()).isEqualTo(600);
        var policy = alerts.require("a1").policy();
        assertThat(policy.channel()).isEqualTo("C1");
        assertThat(policy.level(1).mentions()).containsExactly("U1");
        assertThat(policy.level(2).page()).isTrue();
        assertThat(policy.level(2).mentions()).containsExactly("S2", "here");
    }

    @Test
    void open_shouldReportRefireAndUnchanged() {
        service.handle(open("a1", "s1"));
        var refired = service.handle(open("a2", "s2", T0.plusSeconds(60)));
        assertThat(refired.outcome()).isEqualTo(StepOutcome.REFIRED);
        assertThat(refired.alert().alertId()).isEqualTo("a1");
        assertThat(refired.change().entry()).isEqualTo(alerts.store().timeline("a1").getLast());
        assertThat(refired.change().event()).isEqualTo(LifecycleEventType.REFIRED);
        var again = service.handle(open("a3", "s2", T0.plusSeconds(60)));
        assertThat(again.outcome()).isEqualTo(StepOutcome.UNCHANGED);
        assertThat(again.change()).isNull();
        // The same state change under another signal id (its other delivery path) is no refire either.
        var sameChange = service.handle(open("a4", "s3", T0.plusSeconds(60)));
        assertThat(sameChange.outcome()).isEqualTo(StepOutcome.UNCHANGED);
        assertThat(alerts.require("a1").refireCount()).isEqualTo(1);
    }

    @Test
    void await_shouldParkToken_whenAlertIsInAwaitedState() {
        service.handle(open("a1", "s1"));
        var result = service.handle(new TaskRequest(TaskOp.AWAIT, "a1", null, "tok-1", AlertState.UNCLAIMED, null));
        assertThat(result.outcome()).isEqualTo(StepOutcome.WAITING);
        assertThat(alerts.require("a1").taskToken()).isEqualTo("tok-1");
        assertThat(resumedTokens).isEmpty();
    }

    @Test
    void await_shouldResumeAtOnce_whenClickLandedBetweenSteps() {
        // GIVEN a claim that landed before the workflow reached its wait
        service.handle(open("a1", "s1"));
        alerts.act("a1", new Command.Claim(Actor.slack("UALICE", "alice"), null));
        // WHEN the workflow starts waiting for a claim
        service.handle(new TaskRequest(TaskOp.AWAIT, "a1", null, "tok-1", AlertState.UNCLAIMED, null));
        // THEN it is resumed at once with the current state, so it never waits for nothing
        assertThat(resumedTokens).containsExactly("tok-1");
        assertThat(resumedWith.getFirst().state()).isEqualTo(AlertState.CLAIMED);
        // with no change to tell: the click's writer announced it
        assertThat(resumedWith.getFirst().change()).isNull();
        assertThat(alerts.require("a1").taskToken()).isNull();
    }

    @Test
    void wake_shouldReturnToUnclaimed_whenSnoozeEnds() {
        service.handle(open("a1", "s1"));
        alerts.act("a1", new Command.Snooze(Actor.slack("UALICE", "alice"), null, java.time.Duration.ofMinutes(30)));
        var result = service.handle(TaskRequest.of(TaskOp.WAKE, "a1"));
        assertThat(result.outcome()).isEqualTo(StepOutcome.WOKE);
        assertThat(result.alert().state()).isEqualTo(AlertState.UNCLAIMED);
        assertThat(result.change().event()).isEqualTo(LifecycleEventType.UNCLAIMED);
        assertThat(result.change().entry().kind()).isEqualTo(TimelineKind.WOKE);
    }

    @Test
    void parseLevels_shouldSkipBlanks() {
        assertThat(PolicySettings.parseLevels(" ; U1 , ;")).hasSize(1);
        assertThat(PolicySettings.parseLevels("")).isEmpty();
    }
}
