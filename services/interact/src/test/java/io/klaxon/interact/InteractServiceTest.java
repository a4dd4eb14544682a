package io.klaxon.interact;

import static io.klaxon.interact.testing.InteractWorld.CHANNEL;
import static io.klaxon.interact.testing.InteractWorld.RESPONSE_URL;
import static io.klaxon.interact.testing.InteractWorld.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.lifecycle.Command;
import io.klaxon.domain.lifecycle.LifecycleEventType;
import io.klaxon.domain.port.WorkflowOutcome;
import io.klaxon.domain.port.WorkflowUnavailableException;
import io.klaxon.domain.workflow.Change;
import io.klaxon.domain.alert.TimelineKind;
import io.klaxon.domain.testing.Fixtures;
import io.klaxon.interact.InteractService.Feedback;
import io.klaxon.interact.InteractService.Status;
import io.klaxon.interact.slack.Replies;
import io.klaxon.interact.testing.InteractWorld;
import io.klaxon.interact.testing.RecordingResumer;
import io.klaxon.domain.workflow.Tell;
import java.time.Duration;
import io.klaxon.domain.alert.TimelineEntry;
import io.klaxon.domain.signal.BusEvent;
import org.junit.jupiter.api.Test;

class InteractServiceTest {

    private final InteractWorld world = new InteractWorld();
    private final InteractService service = world.interactService();
    private final Actor alice = Actor.slack("UALICE", "alice");
    private final Actor bob = Actor.slack("UBOB", "bob");

    @Test
    void click_shouldApplyAndResumeWorkflowWithClaimedOutcome_whenUnclaimedAlertIsClaimed() {
        // GIVEN
        world.waitingAlert("a1");
        // WHEN
        Feedback feedback = service.click("a1", new Command.Claim(alice, 1L), CHANNEL, RESPONSE_URL);
        // THEN
        assertThat(feedback).isEqualTo(new Feedback(Status.APPLIED, null));
        assertThat(world.resumer.calls()).singleElement().satisfies(call -> {
            assertThat(call.taskToken()).isEqualTo(token("a1"));
            assertThat(call.outcome()).isEqualTo(new WorkflowOutcome("a1", 2, AlertState.CLAIMED,
                    new Change(world.store.timeline("a1").getLast(), LifecycleEventType.CLAIMED)));
            assertThat(call.outcome().change().actor()).isEqualTo(alice);
        });
        assertThat(world.store.get("a1").orElseThrow().owner()).isEqualTo(alice);
        // The workflow renders and tells; interact says nothing in Slack on success and starts nothing.
        assertThat(world.slack.silent()).isTrue();
        assertThat(world.starter.executions()).isEmpty();
    }

    @Test
    void click_shouldLetOneWin_whenTwoPeopleClaimTheSameVersion() {
        // GIVEN
        world.waitingAlert("a1");
        // WHEN both clicked Claim on the same message
        Feedback first = service.click("a1", new Command.Claim(alice, 1L), CHANNEL, RESPONSE_URL);
        Feedback second = service.click("a1", new Command.Claim(bob, 1L), CHANNEL, RESPONSE_URL);
        // THEN one resume, and the loser is told who owns it while the message is refreshed
        assertThat(first.status()).isEqualTo(Status.APPLIED);
        assertThat(second.status()).isEqualTo(Status.REJECTED);
        assertThat(world.resumer.calls()).hasSize(1);
        assertThat(world.starter.tells()).containsExactly(new Tell("a1", RESPONSE_URL, "UBOB", CHANNEL, "Already claimed by <@UALICE>."));
        assertThat(world.starter.tellNames()).containsExactly("tell-v2-a1-UBOB");
        assertThat(world.slack.silent()).as("interact never calls Slack").isTrue();
        assertThat(world.starter.refreshes()).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(AlertState.CLAIMED);
            assertThat(a.version()).isEqualTo(2L);
        });
    }

    @Test
    void click_shouldExplainAndRefresh_whenButtonPredatesARefire() {
        // GIVEN the alert fired again: the message's buttons still carry version 1
        world.waitingAlert("a1");
        world.alerts.open("a2", Fixtures.firing("signal-again", Fixtures.T0.plusSeconds(30)), Fixtures.policy());
        // WHEN
        Feedback feedback = service.click("a1", new Command.Claim(alice, 1L), CHANNEL, RESPONSE_URL);
        // THEN
        assertThat(feedback).isEqualTo(new Feedback(Status.REJECTED, Replies.STALE));
        assertThat(world.starter.tells()).containsExactly(new Tell("a1", RESPONSE_URL, "UALICE", CHANNEL, Replies.STALE));
        assertThat(world.starter.refreshes()).singleElement().extracting(WorkflowOutcome::version).isEqualTo(2L);
        assertThat(world.resumer.calls()).isEmpty();
        assertThat(world.store.get("a1").orElseThrow().state()).isEqualTo(AlertState.UNCLAIMED);
    }

    @Test
    void click_shouldSayWhoResolvedItAndWhen_whenAlertIsAlreadyResolved() {
        // GIVEN
        world.waitingAlert("a1");
        service.click("a1", new Command.Resolve(alice, 1L), CHANNEL, RESPONSE_URL);
        // WHEN
        service.click("a1", new Command.Claim(bob, 2L), CHANNEL, RESPONSE_URL);
        // THEN
        long epoch = InteractWorld.NOW.getEpochSecond();
        assertThat(world.starter.tells()).singleElement().extracting(Tell::text).isEqualTo(
                "This alert was resolved by <@UALICE> at <!date^" + epoch
                        + "^{date_short_pretty} {time}|2026-11-21 03:01 UTC>.");
    }

    @Test
    void click_shouldTellOwnerTheMessageWasRefreshed_whenTheirOldButtonFollowsTheirOwnClaim() {
        world.waitingAlert("a1");
        service.click("a1", new Command.Claim(alice, 1L), CHANNEL, RESPONSE_URL);
        // WHEN alice clicks Resolve on the message rendered before her claim
        Feedback feedback = service.click("a1", new Command.Resolve(alice, 1L), CHANNEL, RESPONSE_URL);
        // THEN
        assertThat(feedback.text()).isEqualTo("You already own this alert — the message has been refreshed.");
        assertThat(world.starter.refreshes()).hasSize(1);
    }

    @Test
    void click_shouldSayNoSuchAlert_andChangeNothing_whenAlertIdIsUnknown() {
        Feedback feedback = service.click("ghost", new Command.Claim(alice, 1L), CHANNEL, RESPONSE_URL);
        assertThat(feedback.status()).isEqualTo(Status.NO_SUCH_ALERT);
        assertThat(world.starter.tells()).singleElement().extracting(Tell::text).asString()
                .contains("no such alert").contains("`ghost`");
        assertThat(world.starter.tellNames()).containsExactly("tell-v1-ghost-UALICE");
        assertThat(world.starter.executions()).isEmpty();
        assertThat(world.resumer.calls()).isEmpty();
    }

    @Test
    void click_shouldAskToTryAgain_whenStoreIsUnavailable() {
        // GIVEN
        world.waitingAlert("a1");
        world.store.goDown();
        // WHEN
        Feedback feedback = service.click("a1", new Command.Claim(alice, 1L), CHANNEL, RESPONSE_URL);
        // THEN
        assertThat(feedback.status()).isEqualTo(Status.UNAVAILABLE);
        assertThat(world.starter.tells()).containsExactly(
                new Tell("a1", RESPONSE_URL, "UALICE", CHANNEL, "Klaxon could not record your click — try again."));
        assertThat(world.resumer.calls()).isEmpty();
    }

    @Test
    void click_shouldStayApplied_whenTheWorkflowWaitAlreadyEnded() {
        // GIVEN the claim timer fires at the same moment: Step Functions refuses the token
        world.waitingAlert("a1");
        world.resumer.refuseTokens();
        // WHEN
        Feedback feedback = service.click("a1", new Command.Claim(alice, 1L), CHANNEL, RESPONSE_URL);
        // THEN the claim stands; the workflow's timeout path re-renders it from the store, and the
        // change goes to an announcement execution, since no wait took it. Interact renders nothing.
        assertThat(feedback.status()).isEqualTo(Status.APPLIED);
        assertThat(world.resumer.calls()).hasSize(1);
        assertThat(world.store.get("a1").orElseThrow().state()).isEqualTo(AlertState.CLAIMED);
        assertThat(world.starter.announcements()).singleElement().satisfies(o -> {
            assertThat(o.change().entry().kind()).isEqualTo(TimelineKind.CLAIMED);
            assertThat(o.change().event()).isEqualTo(LifecycleEventType.CLAIMED);
        });
        assertThat(world.slack.silent()).isTrue();
    }

    @Test
    void click_shouldBeHandedToAnAnnouncement_whenTheWorkflowIsBetweenSteps() {
        // GIVEN a posted alert whose workflow has not parked its token yet
        world.alerts.open("a1", Fixtures.firing("s1", Fixtures.T0), Fixtures.policy());
        world.alerts.recordMessage("a1", CHANNEL, "1700000000.000100");
        // WHEN alice claims it
        Feedback feedback = service.click("a1", new Command.Claim(alice, 1L), CHANNEL, RESPONSE_URL);
        // THEN nothing is resumed, and one announcement execution tells the claim
        assertThat(feedback.status()).isEqualTo(Status.APPLIED);
        assertThat(world.resumer.calls()).isEmpty();
        assertThat(world.starter.names()).containsExactly("announce-v2-a1");
        assertThat(world.starter.announcements().getFirst().change().actor()).isEqualTo(alice);
        assertThat(world.slack.silent()).isTrue();
    }

    @Test
    void click_shouldLeaveTellingToTheWorkflow_whenItsWaitTookTheChange() {
        world.waitingAlert("a1");
        service.click("a1", new Command.Claim(alice, 1L), CHANNEL, RESPONSE_URL);
        assertThat(world.resumer.calls()).hasSize(1);
        assertThat(world.starter.executions()).isEmpty();
        assertThat(world.slack.replies()).isEmpty();
    }

    @Test
    void click_shouldStayApplied_whenResumingTheWorkflowFails() {
        world.waitingAlert("a1");
        world.resumer.failWith(new IllegalStateException("Step Functions unreachable"));
        Feedback feedback = service.click("a1", new Command.Claim(alice, 1L), CHANNEL, RESPONSE_URL);
        assertThat(feedback.status()).isEqualTo(Status.APPLIED);
        assertThat(world.store.get("a1").orElseThrow().owner()).isEqualTo(alice);
        // the token is off the alert, so the wait would only end by its timer: announce instead
        assertThat(world.starter.announcements()).singleElement()
                .satisfies(o -> assertThat(o.change().event()).isEqualTo(LifecycleEventType.CLAIMED));
    }

    @Test
    void click_shouldStayApplied_whenNeitherResumeNorAnnouncementCanReachTheWorkflow() {
        world.waitingAlert("a1");
        world.resumer.failWith(new IllegalStateException("Step Functions unreachable"));
        world.starter.failWith(new WorkflowUnavailableException("Step Functions unreachable", null));
        Feedback feedback = service.click("a1", new Command.Claim(alice, 1L), CHANNEL, RESPONSE_URL);
        assertThat(feedback.status()).isEqualTo(Status.APPLIED);
        assertThat(world.store.get("a1").orElseThrow().owner()).isEqualTo(alice);
        assertThat(world.starter.attempts()).isEqualTo(1);
    }

    @Test
    void losingClicks_shouldStartOneRefreshPerVersion_howeverManyPeopleClick() {
        world.waitingAlert("a1");
        service.click("a1", new Command.Claim(alice, 1L), CHANNEL, RESPONSE_URL);
        for (int i = 0; i < 10; i++) {
            service.click("a1", new Command.Claim(Actor.slack("ULOSER" + i, "loser" + i), 1L), CHANNEL, RESPONSE_URL);
        }
        assertThat(world.starter.attempts()).isEqualTo(10);
        assertThat(world.starter.refreshes()).singleElement().extracting(WorkflowOutcome::version).isEqualTo(2L);
        assertThat(world.slack.updates()).isEmpty();
    }

    @Test
    void click_shouldNotResume_whenNoWorkflowStepIsWaiting() {
        // GIVEN an alert whose workflow has not parked a token yet
        world.alerts.open("a1", Fixtures.firing("s1", Fixtures.T0), Fixtures.policy());
        // WHEN
        Feedback feedback = service.click("a1", new Command.Claim(alice, 1L), CHANNEL, RESPONSE_URL);
        // THEN
        assertThat(feedback.status()).isEqualTo(Status.APPLIED);
        assertThat(world.resumer.calls()).isEmpty();
    }

    @Test
    void click_shouldStillAnswer_whenSlackIsDown_becauseItNeverCallsSlack() {
        // GIVEN a claimed alert, and Slack down
        world.waitingAlert("a1");
        service.click("a1", new Command.Claim(alice, 1L), CHANNEL, RESPONSE_URL);
        world.slack.goDown();
        // WHEN bob's click loses
        Feedback feedback = service.click("a1", new Command.Claim(bob, 1L), CHANNEL, RESPONSE_URL);
        // THEN he is answered by a tell execution; nothing on the click's path touched Slack
        assertThat(feedback).isEqualTo(new Feedback(Status.REJECTED, "Already claimed by <@UALICE>."));
        assertThat(world.starter.tells()).extracting(Tell::userId).containsExactly("UBOB");
        assertThat(world.slack.silent()).isTrue();
    }

    @Test
    void click_shouldStillAnswer_whenTheWorkflowCannotTakeTheNoteEither() {
        // GIVEN a claimed alert, and Step Functions unreachable
        world.waitingAlert("a1");
        service.click("a1", new Command.Claim(alice, 1L), CHANNEL, RESPONSE_URL);
        world.starter.failWith(new WorkflowUnavailableException("Step Functions unreachable", null));
        // WHEN bob's click loses
        Feedback feedback = service.click("a1", new Command.Claim(bob, 1L), CHANNEL, RESPONSE_URL);
        // THEN the click is still answered (the error is logged); no note could be started
        assertThat(feedback.status()).isEqualTo(Status.REJECTED);
        assertThat(world.starter.tellAttempts()).isEqualTo(1);
        assertThat(world.starter.tells()).isEmpty();
    }

    @Test
    void losingClicks_shouldTellEachPersonOncePerVersion_howeverOftenTheyClick() {
        // GIVEN alice claimed it
        world.waitingAlert("a1");
        service.click("a1", new Command.Claim(alice, 1L), CHANNEL, RESPONSE_URL);
        // WHEN bob clicks his stale Claim three times and carol once
        for (int i = 0; i < 3; i++) {
            service.click("a1", new Command.Claim(bob, 1L), CHANNEL, RESPONSE_URL + "/bob" + i);
        }
        service.click("a1", new Command.Claim(Actor.slack("UCAROL", "carol"), 1L), CHANNEL, null);
        // THEN one note each for version 2 (carol's, without a response_url, goes by ephemeral)
        assertThat(world.starter.tellAttempts()).isEqualTo(4);
        assertThat(world.starter.tellNames()).containsExactly("tell-v2-a1-UBOB", "tell-v2-a1-UCAROL");
        assertThat(world.starter.tells().get(1).responseUrl()).isNull();
    }

    @Test
    void typed_shouldConfirmInTheReply_andNotPostAnEphemeral_whenApplied() {
        world.waitingAlert("a1");
        Feedback feedback = service.typed("a1", new Command.Claim(alice, null));
        assertThat(feedback).isEqualTo(new Feedback(Status.APPLIED, "You claimed *api-5xx is ALARM*."));
        assertThat(world.slack.silent()).isTrue();
        assertThat(world.resumer.calls()).hasSize(1);
    }

    @Test
    void typed_shouldApplyToTheCurrentVersion_whenCommandCarriesNoVersion() {
        // GIVEN a refire moved the alert to version 2
        world.waitingAlert("a1");
        world.alerts.open("a2", Fixtures.firing("signal-again", Fixtures.T0.plusSeconds(30)), Fixtures.policy());
        // WHEN
        Feedback feedback = service.typed("a1", new Command.Snooze(alice, null, Duration.ofHours(2)));
        // THEN
        assertThat(feedback.status()).isEqualTo(Status.APPLIED);
        assertThat(world.store.get("a1").orElseThrow().snoozedUntil()).isEqualTo(InteractWorld.NOW.plus(Duration.ofHours(2)));
        assertThat(feedback.text()).startsWith("You snoozed *api-5xx is ALARM* until <!date^");
    }

    @Test
    void typed_shouldAnswerInTheReplyOnly_andRefreshTheMessage_whenRejected() {
        world.waitingAlert("a1");
        Feedback feedback = service.typed("a1", new Command.Unclaim(alice, null));
        assertThat(feedback).isEqualTo(new Feedback(Status.REJECTED, "Nobody owns this alert, so there is nothing to unclaim."));
        assertThat(world.starter.tells()).isEmpty();
        assertThat(world.starter.refreshes()).hasSize(1);
    }
}
