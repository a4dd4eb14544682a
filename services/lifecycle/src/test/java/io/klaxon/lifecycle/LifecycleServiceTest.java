package io.klaxon.lifecycle;

import static io.klaxon.domain.testing.Fixtures.T0;
import static io.klaxon.domain.testing.Fixtures.firing;
import static io.klaxon.domain.testing.Fixtures.recovered;
import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.lifecycle.Command;
import io.klaxon.domain.port.WorkflowExecutions;
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
import java.util.Map;
import io.klaxon.config.BuiltInConfig;
import io.micronaut.serde.ObjectMapper;
import org.junit.jupiter.api.Test;

class LifecycleServiceTest {

    private final Clock clock = Clock.fixed(T0.plusSeconds(1), ZoneOffset.UTC);
    private final AlertService alerts = new AlertService(new InMemoryAlertStore(), clock);
    private final List<String> resumedTokens = new ArrayList<>();
    private final List<WorkflowOutcome> resumedWith = new ArrayList<>();
    private final FakeExecutions executions = new FakeExecutions();
    private final AlertRouting routing = new AlertRouting(BuiltInConfig.fromEnvironment(Map.of(
            "KLAXON_CHANNEL", "C1", "KLAXON_ESCALATE_AFTER_SECONDS", "60", "KLAXON_REMIND_AFTER_SECONDS", "600",
            "KLAXON_ESCALATION_MENTIONS", "U1;!S2,here")), ObjectMapper.getDefault());
    private final LifecycleService service = new LifecycleService(alerts, (token, outcome) -> {
        resumedTokens.add(token);
        resumedWith.add(outcome);
        return true;
    }, executions, routing, clock);

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
        assertThat(policy.route()).isEqualTo("default");
        assertThat(policy.autoResolveOnRecovery()).isTrue();
        // mention tokens as the configuration writes them: notify resolves them when it escalates
        assertThat(policy.level(1).mentions()).containsExactly("user:U1");
        assertThat(policy.level(2).page()).isTrue();
        assertThat(policy.level(2).mentions()).containsExactly("group:S2", "here");
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
    void await_shouldTellTheEarlyRecoveryOnItsRetry_whenTheResumeFailedAfterApplyingIt() {
        // GIVEN a resumer Step Functions throttles once, and an OK from 10:01 remembered before its ALARM from 10:00
        List<String> throttled = new ArrayList<>();
        var flaky = new LifecycleService(alerts, (token, outcome) -> {
            if (throttled.isEmpty()) {
                throttled.add(token);
                throw new io.klaxon.domain.port.WorkflowUnavailableException("throttled", null);
            }
            resumedTokens.add(token);
            resumedWith.add(outcome);
            return true;
        }, executions, routing, clock);
        assertThat(alerts.recoveries().remember(recovered("ok-1001", T0.plusSeconds(60)))).isTrue();
        flaky.handle(open("a1", "s1"));
        var await = new TaskRequest(TaskOp.AWAIT, "a1", null, "tok-1", AlertState.UNCLAIMED, null);
        // WHEN the first attempt applies the recovery but cannot resume, and the ASL retries the wait
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> flaky.handle(await))
                .isInstanceOf(io.klaxon.domain.port.WorkflowUnavailableException.class);
        flaky.handle(new TaskRequest(TaskOp.AWAIT, "a1", null, "tok-2", AlertState.UNCLAIMED, null));
        // THEN the retry resumes the workflow with the resolution to tell ("Alert Resolved" after "Alert Opened")
        assertThat(throttled).containsExactly("tok-1");
        assertThat(resumedTokens).containsExactly("tok-2");
        assertThat(resumedWith.getFirst().state()).isEqualTo(AlertState.RESOLVED);
        assertThat(resumedWith.getFirst().change().event()).isEqualTo(LifecycleEventType.RESOLVED);
        assertThat(alerts.require("a1").version()).isEqualTo(2);
        // AND, handed over, the recovery is forgotten
        assertThat(alerts.store().rememberedRecovery(alerts.require("a1").alertKey(), clock.instant())).isEmpty();
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
    void wake_shouldAnswerWokeAgain_whenRetriedAfterItsWriteLanded() {
        // GIVEN the snooze set at version 2 ended and the wake landed, but its answer was lost
        service.handle(open("a1", "s1"));
        alerts.act("a1", new Command.Snooze(Actor.slack("UALICE", "alice"), null, java.time.Duration.ofMinutes(30)));
        var first = service.handle(TaskRequest.timer(TaskOp.WAKE, "a1", 2));
        // WHEN Step Functions retries the step
        var retry = service.handle(TaskRequest.timer(TaskOp.WAKE, "a1", 2));
        // THEN the same change goes on to be told
        assertThat(retry.outcome()).isEqualTo(StepOutcome.WOKE);
        assertThat(retry.change()).isEqualTo(first.change());
    }

    @Test
    void adopt_shouldRecordTheExecutionAndClearTheDeadToken_whenTheRecordedWorkflowEnded() {
        // GIVEN an open alert whose opening execution parked a token and then was aborted
        service.handle(open("a1", "s1"));
        alerts.awaitAction("a1", "dead-token", AlertState.UNCLAIMED);
        executions.ended("a1", WorkflowExecutions.Status.ABORTED);
        // WHEN an announcement execution offers to adopt it
        var result = service.handle(TaskRequest.adopting("a1", "announce-v2-a1"));
        // THEN it becomes the alert's workflow, without a version bump
        assertThat(result.outcome()).isEqualTo(StepOutcome.ADOPTED);
        assertThat(result.alert().state()).isEqualTo(AlertState.UNCLAIMED);
        var stored = alerts.require("a1");
        assertThat(stored.workflow()).isEqualTo("announce-v2-a1");
        assertThat(stored.taskToken()).isNull();
        assertThat(stored.version()).isEqualTo(1);
    }

    @Test
    void adopt_shouldLeaveTheAlert_whenItsWorkflowIsStillRunning() {
        // GIVEN an open alert whose opening execution runs
        service.handle(open("a1", "s1"));
        executions.running("a1");
        // WHEN an announcement offers to adopt it
        var result = service.handle(TaskRequest.adopting("a1", "announce-v2-a1"));
        // THEN it ends, the running one keeps the alert
        assertThat(result.outcome()).isEqualTo(StepOutcome.UNCHANGED);
        assertThat(alerts.require("a1").workflow()).isEqualTo("a1");
    }

    @Test
    void adopt_shouldLeaveTheAlert_whenItIsResolved() {
        // GIVEN a resolved alert whose workflow is gone
        service.handle(open("a1", "s1"));
        alerts.act("a1", new Command.Resolve(Actor.slack("U1", "ann"), null));
        // WHEN an announcement offers to adopt it
        var result = service.handle(TaskRequest.adopting("a1", "announce-v2-a1"));
        // THEN nobody needs to run it
        assertThat(result.outcome()).isEqualTo(StepOutcome.UNCHANGED);
        assertThat(alerts.require("a1").workflow()).isEqualTo("a1");
    }

    @Test
    void adopt_shouldLetOneOfTwoAdoptersWin_whenBothFindTheWorkflowDead() {
        // GIVEN an alert whose workflow ended; the first adopter runs once it has adopted
        service.handle(open("a1", "s1"));
        var first = service.handle(TaskRequest.adopting("a1", "announce-v2-a1"));
        executions.running("announce-v2-a1");
        // WHEN a second execution offers too (and the first retries its step)
        var second = service.handle(TaskRequest.adopting("a1", "refresh-v2-a1"));
        var firstAgain = service.handle(TaskRequest.adopting("a1", "announce-v2-a1"));
        // THEN only the first is the alert's workflow
        assertThat(first.outcome()).isEqualTo(StepOutcome.ADOPTED);
        assertThat(second.outcome()).isEqualTo(StepOutcome.UNCHANGED);
        assertThat(firstAgain.outcome()).isEqualTo(StepOutcome.ADOPTED);
        assertThat(alerts.require("a1").workflow()).isEqualTo("announce-v2-a1");
    }

    @Test
    void finish_shouldReleaseTheAlert_andLetAReopeningAdoptIt_whenTheWorkflowFinishesFirst() {
        // GIVEN an alert its recovery resolved; its opening execution a1 reads it RESOLVED and finishes
        service.handle(open("a1", "s1"));
        alerts.recover(recovered("s2", T0.plusSeconds(60)));
        executions.running("a1");
        var finish = service.handle(TaskRequest.finishing("a1", "a1"));
        // WHEN the alarm fires again, and the reopening execution a2 offers to adopt while a1 still runs
        var reopened = service.handle(open("a2", "s3", T0.plusSeconds(120)));
        var adoption = service.handle(TaskRequest.adopting("a1", "a2"));
        // THEN a1 ends, and a2 becomes the workflow of the reopened alert
        assertThat(finish.outcome()).isEqualTo(StepOutcome.FINISHED);
        assertThat(reopened.outcome()).isEqualTo(StepOutcome.REFIRED);
        assertThat(adoption.outcome()).isEqualTo(StepOutcome.ADOPTED);
        assertThat(alerts.require("a1").workflow()).isEqualTo("a2");
    }

    @Test
    void finish_shouldAnswerContinueWithTheOpenAlert_whenAReopeningLandedBeforeTheWorkflowEnded() {
        // GIVEN an alert its recovery resolved, reopened while its workflow a1 still runs its last steps,
        // so that the reopening execution a2 did not adopt it
        service.handle(open("a1", "s1"));
        alerts.recover(recovered("s2", T0.plusSeconds(60)));
        executions.running("a1");
        service.handle(open("a2", "s3", T0.plusSeconds(120)));
        var adoption = service.handle(TaskRequest.adopting("a1", "a2"));
        // WHEN a1 reaches its end
        var finish = service.handle(TaskRequest.finishing("a1", "a1"));
        // THEN it carries on with the alert as it is now (Route sends it back to AwaitClaim)
        assertThat(adoption.outcome()).isEqualTo(StepOutcome.UNCHANGED);
        assertThat(finish.outcome()).isEqualTo(StepOutcome.CONTINUE);
        assertThat(finish.alert().alertId()).isEqualTo("a1");
        assertThat(finish.alert().state()).isEqualTo(AlertState.UNCLAIMED);
        assertThat(finish.alert().claimTimeoutSeconds()).isEqualTo(60);
        assertThat(alerts.require("a1").workflow()).isEqualTo("a1");
    }
}
