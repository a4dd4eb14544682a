package io.klaxon.notify;

import static io.klaxon.notify.NotifyWorld.ALERT_ID;
import static io.klaxon.notify.NotifyWorld.op;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.lifecycle.Command;
import io.klaxon.domain.lifecycle.LifecycleEventType;
import io.klaxon.domain.service.AlertService;
import io.klaxon.domain.testing.Fixtures;
import io.klaxon.domain.workflow.Change;
import io.klaxon.domain.workflow.StepOutcome;
import io.klaxon.domain.workflow.TaskOp;
import io.klaxon.domain.workflow.TaskRequest;
import io.micronaut.core.annotation.Nullable;
import io.klaxon.domain.workflow.TaskResult;
import io.klaxon.slack.SlackRejectedException;
import io.klaxon.slack.SlackUnavailableException;
import io.klaxon.slack.testing.SlackStubServer.Request;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NotifyServiceTest {

    private static final Actor ALICE = Actor.slack("U0ALICE01", "alice");

    private final NotifyWorld world = new NotifyWorld();

    @AfterEach
    void close() throws Exception {
        world.close();
    }

    private List<Request> topLevelPosts() {
        return world.slackStub.requests("chat.postMessage").stream().filter(r -> r.param("thread_ts") == null).toList();
    }

    private List<Request> threadReplies() {
        return world.slackStub.requests("chat.postMessage").stream().filter(r -> r.param("thread_ts") != null).toList();
    }

    private static String sectionText(Request update, int block) {
        return update.json("blocks").getAsJsonArray().get(block).getAsJsonObject().getAsJsonObject("text")
                .get("text").getAsString();
    }

    /** The open alert, posted. */
    private Alert posted() {
        world.opened();
        world.notify.handle(op(TaskOp.POST));
        world.slackStub.reset();
        return world.alerts.require(ALERT_ID);
    }

    private TaskResult update(@Nullable Change change) {
        return world.notify.handle(TaskRequest.telling(TaskOp.UPDATE, ALERT_ID, change));
    }

    @Test
    void post_shouldPostRecordTheMessageAndThreadTheOpening_whenTheAlertIsNew() {
        // GIVEN a freshly opened alert
        world.opened();

        // WHEN the workflow's post step runs
        TaskResult result = world.notify.handle(op(TaskOp.POST));

        // THEN one message went to the policy's channel and the opening went into its thread
        Request post = topLevelPosts().getFirst();
        assertThat(topLevelPosts()).hasSize(1);
        assertThat(post.param("channel")).isEqualTo("C0123456789");
        assertThat(post.token()).isEqualTo(NotifyWorld.TOKEN);
        assertThat(threadReplies()).singleElement().satisfies(reply -> {
            assertThat(reply.param("thread_ts")).isEqualTo("1700000000.000001");
            assertThat(reply.param("text")).startsWith(":rotating_light: Opened: api-5xx is ALARM");
        });

        // AND the store knows where the message is, and the workflow publishes "Alert Opened"
        Alert alert = world.alerts.require(ALERT_ID);
        assertThat(alert.channel()).isEqualTo("C0123456789");
        assertThat(alert.messageTs()).isEqualTo("1700000000.000001");
        assertThat(result.outcome()).isEqualTo(StepOutcome.DONE);
        assertThat(result.alert().alertId()).isEqualTo(ALERT_ID);
        assertThat(result.event().detailType()).isEqualTo("Alert Opened");
        assertThat(result.event().detail().ts()).isEqualTo("1700000000.000001");
        assertThat(result.event().detail().channel()).isEqualTo("C0123456789");
        assertThat(result.event().detail().actor()).isEqualTo(Actor.SYSTEM);
    }

    @Test
    void post_shouldUpdateInsteadOfPostingAgain_whenTheStepIsRetriedAfterAFailedReply() {
        // GIVEN the first attempt posts the message, then Slack fails on the thread reply
        world.opened();
        world.slackStub.respondNext("chat.postMessage", 200,
                "{\"ok\":true,\"channel\":\"C0123456789\",\"ts\":\"1700000000.000777\"}");
        world.slackStub.respondNext("chat.postMessage", 503, "");
        assertThatThrownBy(() -> world.notify.handle(op(TaskOp.POST))).isInstanceOf(SlackUnavailableException.class);

        // WHEN the workflow retries the step
        TaskResult result = world.notify.handle(op(TaskOp.POST));

        // THEN there is still exactly one message: the retry edited it and completed the thread
        assertThat(topLevelPosts()).hasSize(1);
        assertThat(world.slackStub.requests("chat.update")).singleElement()
                .satisfies(u -> assertThat(u.param("ts")).isEqualTo("1700000000.000777"));
        assertThat(threadReplies()).last()
                .satisfies(r -> assertThat(r.param("thread_ts")).isEqualTo("1700000000.000777"));
        assertThat(result.event().detailType()).isEqualTo("Alert Opened");
    }

    @Test
    void post_shouldMarkTheAlertDeliveryFailingAndAskForARetry_whenSlackRejectsTheChannel() {
        // GIVEN Slack does not know the channel
        world.opened();
        long version = world.alerts.require(ALERT_ID).version();
        world.slackStub.failNext("chat.postMessage", "channel_not_found");

        // WHEN the post step runs THEN the workflow gets the retryable error, naming the cause
        assertThatThrownBy(() -> world.notify.handle(op(TaskOp.POST)))
                .isInstanceOfSatisfying(SlackDeliveryFailingException.class,
                        e -> assertThat(e.error()).isEqualTo("channel_not_found"))
                .hasMessageContaining("channel_not_found")
                .hasCauseInstanceOf(SlackRejectedException.class);

        // AND the alert is marked, with no message recorded and no lifecycle version spent on it
        Alert alert = world.alerts.require(ALERT_ID);
        assertThat(alert.deliveryFailing()).isTrue();
        assertThat(alert.hasMessage()).isFalse();
        assertThat(alert.version()).isEqualTo(version);
    }

    @Test
    void post_shouldPostOnceClearTheMarkAndTellTheEventWasLate_whenARetryGetsThrough() {
        // GIVEN a post Slack refused twice (the token was revoked), then the token is fixed
        world.opened();
        world.slackStub.failNext("chat.postMessage", "invalid_auth").failNext("chat.postMessage", "invalid_auth");
        assertThatThrownBy(() -> world.notify.handle(op(TaskOp.POST))).isInstanceOf(SlackDeliveryFailingException.class);
        assertThatThrownBy(() -> world.notify.handle(op(TaskOp.POST))).isInstanceOf(SlackDeliveryFailingException.class);

        // WHEN the workflow retries the step once more
        TaskResult result = world.notify.handle(op(TaskOp.POST));

        // THEN two refused posts and the one that landed, the mark cleared, and "Alert Opened" says
        // it was told late
        assertThat(topLevelPosts()).hasSize(3);
        assertThat(threadReplies()).singleElement()
                .satisfies(r -> assertThat(r.param("thread_ts")).isEqualTo(result.event().detail().ts()));
        assertThat(world.alerts.require(ALERT_ID).deliveryFailing()).isFalse();
        assertThat(world.alerts.require(ALERT_ID).hasMessage()).isTrue();
        assertThat(result.event().detailType()).isEqualTo("Alert Opened");
        assertThat(result.event().detail().deliveryFailing()).isTrue();
        // AND no retry searched the channel's history: refused posts certainly posted nothing
        assertThat(world.slackStub.requests("conversations.history")).isEmpty();
    }

    @Test
    void escalation_shouldMarkTheAlert_whenSlackRejectsTheThreadReply_andNotMarkAHealthyOne() {
        // GIVEN a posted alert that escalated, and Slack rejecting the thread reply for the bot's channel
        posted();
        AlertService.CommandResult escalated = world.alerts.escalate(ALERT_ID);
        world.slackStub.failNext("chat.postMessage", "not_in_channel");

        // WHEN the escalation step runs THEN it asks for a retry and the alert is marked
        assertThatThrownBy(() -> escalation(escalated)).isInstanceOf(SlackDeliveryFailingException.class)
                .hasMessageContaining("not_in_channel").hasMessageContaining("escalation");
        assertThat(world.alerts.require(ALERT_ID).deliveryFailing()).isTrue();

        // AND "Alert Escalated" went on the bus at once, saying Slack does not show it
        assertThat(world.published()).singleElement().satisfies(e -> {
            assertThat(e.escalationLevel()).isEqualTo(1);
            assertThat(e.deliveryFailing()).isTrue();
        });

        // AND once Slack takes it, the retry mentions the level, clears the mark, and publishes nothing more
        TaskResult retried = escalation(escalated);
        assertThat(threadReplies()).filteredOn(r -> r.param("text").contains(":mega:")).hasSize(2); // refused, landed
        assertThat(retried.event()).isNull();
        assertThat(world.bus).hasSize(1);
        assertThat(world.alerts.require(ALERT_ID).deliveryFailing()).isFalse();
        assertThat(update(null).alert().alertId()).isEqualTo(ALERT_ID);
        assertThat(world.alerts.require(ALERT_ID).deliveryFailing()).isFalse();
    }

    private TaskResult escalation(AlertService.CommandResult escalated) {
        return world.notify.handle(TaskRequest.telling(TaskOp.ESCALATION, ALERT_ID, escalated.outcome().change()));
    }

    @Test
    void update_shouldReRenderAndThreadTheClaim_whenSomeoneClaimed() {
        // GIVEN a posted alert that alice claimed two minutes later
        Alert alert = posted();
        world.clock.advance(Duration.ofMinutes(2));
        var claim = world.alerts.act(ALERT_ID, new Command.Claim(ALICE, alert.version()));

        // WHEN the workflow's update step runs for the claim
        TaskResult result = update(claim.outcome().change());

        // THEN the message shows the owner, in place, and the thread tells the story once
        Request edit = world.slackStub.requests("chat.update").getFirst();
        assertThat(edit.param("ts")).isEqualTo(alert.messageTs());
        assertThat(sectionText(edit, 1)).startsWith("*HIGH* · *Claimed* by <@U0ALICE01>").contains("time to claim 2m");
        assertThat(topLevelPosts()).isEmpty();
        assertThat(threadReplies()).singleElement()
                .satisfies(r -> assertThat(r.param("text")).startsWith(":raising_hand: Claimed by alice"));
        assertThat(result.event().detailType()).isEqualTo("Alert Claimed");
        assertThat(result.event().detail().actor()).isEqualTo(ALICE);
        assertThat(result.event().detail().secondsToClaim()).isEqualTo(120L);
        assertThat(result.alert().state()).isEqualTo(AlertState.CLAIMED);
    }

    @Test
    void update_shouldShowTheRefireCounterWithoutANewMessage_whenTheAlarmFiredAgain() {
        // GIVEN a posted alert whose alarm fired again a minute later
        posted();
        world.clock.advance(Duration.ofMinutes(1));
        var refire = world.alerts.open("exec-0002", Fixtures.firing("sig-2", Fixtures.T0.plusSeconds(60)),
                Fixtures.policy());
        assertThat(refire).isInstanceOf(AlertService.Refired.class);

        // WHEN the update step runs for the refire
        TaskResult result = update(((AlertService.Refired) refire).change());

        // THEN the same message counts it, and the thread gets exactly one line
        assertThat(topLevelPosts()).isEmpty();
        Request edit = world.slackStub.requests("chat.update").getFirst();
        assertThat(edit.param("blocks")).contains("Fired 2 times");
        assertThat(threadReplies()).singleElement()
                .satisfies(r -> assertThat(r.param("text")).startsWith(":repeat: Fired again (2 times in all)"));
        assertThat(result.event().detailType()).isEqualTo("Alert Refired");
        assertThat(result.event().detail().refireCount()).isEqualTo(1);
    }

    @Test
    void update_shouldThreadTheAnnotationWithoutAnEvent_whenTheChangePublishesNone() {
        // GIVEN a posted alert, claimed, then the source recovered (an annotation, no lifecycle event)
        Alert alert = posted();
        world.alerts.act(ALERT_ID, new Command.Claim(ALICE, alert.version()));
        var recovery = world.alerts.recover(Fixtures.recovered("sig-ok", Fixtures.T0.plusSeconds(600)));

        // WHEN the update step tells that change
        TaskResult result = update(recovery.outcome().change());

        // THEN the message shows the recovery and who still owns it, the thread says it once, the bus hears nothing
        Request edit = world.slackStub.requests("chat.update").getFirst();
        assertThat(edit.param("blocks")).contains("Source recovered").contains("still owned by");
        assertThat(threadReplies()).singleElement()
                .satisfies(r -> assertThat(r.param("text")).contains("still owned by alice"));
        assertThat(result.event()).isNull();
    }

    @Test
    void update_shouldOnlyReRender_whenNoChangeIsGiven() {
        // GIVEN a posted alert that alice claimed (her click's writer announced the change)
        Alert alert = posted();
        world.alerts.act(ALERT_ID, new Command.Claim(ALICE, alert.version()));

        // WHEN the update step runs without a change
        TaskResult result = update(null);

        // THEN the message catches up with the state; nothing else is said
        assertThat(sectionText(world.slackStub.requests("chat.update").getFirst(), 1)).contains("*Claimed*");
        assertThat(threadReplies()).isEmpty();
        assertThat(result.event()).isNull();
        assertThat(result.alert().state()).isEqualTo(AlertState.CLAIMED);
    }

    @Test
    void announce_shouldTellTheChangeOnTheExistingMessage_withoutEverPosting() {
        // GIVEN a posted alert claimed while its workflow was between steps
        Alert alert = posted();
        var claim = world.alerts.act(ALERT_ID, new Command.Claim(ALICE, alert.version()));

        // WHEN the announcement execution's step runs
        TaskResult result = world.notify.handle(TaskRequest.telling(TaskOp.ANNOUNCE, ALERT_ID, claim.outcome().change()));

        // THEN the message is edited, the thread says it once, the event is returned to publish
        assertThat(topLevelPosts()).isEmpty();
        assertThat(world.slackStub.requests("chat.update")).hasSize(1);
        assertThat(threadReplies()).singleElement()
                .satisfies(r -> assertThat(r.param("text")).startsWith(":raising_hand: Claimed by alice"));
        assertThat(result.event().detailType()).isEqualTo("Alert Claimed");
        assertThat(result.event().detail().actor()).isEqualTo(ALICE);
    }

    @Test
    void announce_shouldMentionTheNewOwnerOnce_whenTheChangeIsAReassignment() {
        // GIVEN a posted alert that alice hands to carol
        Alert alert = posted();
        Actor carol = Actor.slack("U0CAROL03", "carol");
        var assign = world.alerts.act(ALERT_ID, new Command.Reassign(ALICE, alert.version(), carol));

        // WHEN the change is told
        TaskResult result = world.notify.handle(TaskRequest.telling(TaskOp.ANNOUNCE, ALERT_ID, assign.outcome().change()));

        // THEN the one thread reply mentions carol first; the event is a claim, by alice
        assertThat(threadReplies()).singleElement()
                .satisfies(r -> assertThat(r.param("text")).startsWith("<@U0CAROL03> :point_right: Assigned to carol by alice"));
        assertThat(result.event().detailType()).isEqualTo("Alert Claimed");
        assertThat(result.event().detail().actor()).isEqualTo(ALICE);
    }

    @Test
    void announce_shouldMentionNobody_whenTheChangeIsANote() {
        Alert alert = posted();
        var note = world.alerts.act(ALERT_ID, new Command.Note(ALICE, alert.version(), "checking <@U0X> & co"));
        TaskResult result = world.notify.handle(TaskRequest.telling(TaskOp.ANNOUNCE, ALERT_ID, note.outcome().change()));
        assertThat(threadReplies()).singleElement()
                .satisfies(r -> assertThat(r.param("text")).startsWith(":memo: Note from alice: checking &lt;@U0X&gt; &amp; co"));
        assertThat(result.event()).isNull();
    }

    @Test
    void announce_shouldWaitForTheMessage_whenTheOccurrencesWorkflowHasNotPostedItYet() {
        // GIVEN an alert claimed before its workflow posted the message
        Alert alert = world.opened();
        var claim = world.alerts.act(ALERT_ID, new Command.Claim(ALICE, alert.version()));

        // WHEN the announcement runs THEN it refuses with the retryable error, and Slack hears nothing
        assertThatThrownBy(() -> world.notify.handle(
                TaskRequest.telling(TaskOp.ANNOUNCE, ALERT_ID, claim.outcome().change())))
                .isInstanceOf(MessageNotPostedException.class)
                .hasMessageContaining(ALERT_ID);
        assertThat(world.slackStub.requests()).isEmpty();
    }

    @Test
    void announce_shouldPostTheMessageOnce_whenARepairFindsItWasNeverPosted() {
        // GIVEN an alert whose opening execution died before posting (the reconciler starts a repair:
        // an announcement without a change)
        world.opened();

        // WHEN the repair's step runs, and runs again (a retry)
        TaskResult first = world.notify.handle(TaskRequest.telling(TaskOp.ANNOUNCE, ALERT_ID, null));
        TaskResult again = world.notify.handle(TaskRequest.telling(TaskOp.ANNOUNCE, ALERT_ID, null));

        // THEN the message is posted once and recorded; the retry edits it; nothing is said in a thread
        assertThat(topLevelPosts()).hasSize(1);
        assertThat(world.alerts.require(ALERT_ID).hasMessage()).isTrue();
        assertThat(world.slackStub.requests("chat.update")).hasSize(1);
        assertThat(threadReplies()).isEmpty();
        assertThat(first.event()).isNull();
        assertThat(again.alert().state()).isEqualTo(AlertState.UNCLAIMED);
    }

    @Test
    void update_shouldWaitAndNeverPost_whenTheOpenerHasNotRecordedItsMessageYet() {
        // GIVEN an alert whose opener is still posting, and a refire counted on it by a second execution
        world.opened();
        AlertService.OpenResult refire = world.alerts.open("exec-0002",
                Fixtures.firing("sig-2", Fixtures.T0.plusSeconds(60)), Fixtures.policy());
        assertThat(refire).isInstanceOf(AlertService.Refired.class);

        // WHEN the refire's render step runs THEN it waits for the opener's post (the workflow retries it)
        Change change = ((AlertService.Refired) refire).change();
        assertThatThrownBy(() -> update(change))
                .isInstanceOf(MessageNotPostedException.class)
                .hasMessageContaining(ALERT_ID);

        // AND it posted nothing: only the opener's post step posts the one message
        assertThat(world.slackStub.requests()).isEmpty();
        assertThat(world.alerts.require(ALERT_ID).hasMessage()).isFalse();
    }

    @Test
    void escalation_shouldWaitAndNeverPost_whenTheMessageIsNotRecordedYet() {
        // GIVEN an escalated alert whose message is not recorded
        world.opened();
        AlertService.CommandResult escalated = world.alerts.escalate(ALERT_ID);

        // WHEN the escalation step runs THEN it waits, posting nothing
        assertThatThrownBy(() -> escalation(escalated)).isInstanceOf(MessageNotPostedException.class);
        assertThat(world.slackStub.requests()).isEmpty();
    }

    @Test
    void escalation_shouldMentionTheLevelsPeopleInTheThreadAndShowTheLevel_whenUnclaimed() {
        // GIVEN a posted alert nobody claimed for five minutes, so the lifecycle escalated it
        posted();
        world.clock.advance(Duration.ofMinutes(5));
        var escalation = world.alerts.escalate(ALERT_ID);

        // WHEN the escalation step runs
        TaskResult result = escalation(escalation);

        // THEN the message shows the level and the thread pings level 1's on-call
        assertThat(world.slackStub.requests("chat.update").getFirst().param("blocks"))
                .contains("escalation level 1");
        assertThat(threadReplies()).singleElement().satisfies(r -> assertThat(r.param("text"))
                .startsWith("<@U0ONCALL1> :mega: Unclaimed after 300s: escalated to level 1"));
        assertThat(result.event().detailType()).isEqualTo("Alert Escalated");
        assertThat(result.event().detail().escalationLevel()).isEqualTo(1);
        assertThat(result.event().detail().page()).isFalse();
    }

    @Test
    void escalation_shouldPageTheGroup_whenTheSecondLevelIsReached() {
        // GIVEN an alert escalated twice
        posted();
        world.alerts.escalate(ALERT_ID);
        var second = world.alerts.escalate(ALERT_ID);

        // WHEN the escalation step runs
        TaskResult result = escalation(second);

        // THEN the user group of level 2 is mentioned and the event says it is a page
        assertThat(threadReplies()).singleElement()
                .satisfies(r -> assertThat(r.param("text")).startsWith("<!subteam^S0SRE> :mega:"));
        assertThat(result.event().detail().page()).isTrue();
    }

    @Test
    void escalation_shouldMentionNobody_whenSomeoneClaimedItMeanwhile() {
        // GIVEN an escalation, then alice claimed before the escalation step ran
        posted();
        var escalation = world.alerts.escalate(ALERT_ID);
        Alert escalated = world.alerts.require(ALERT_ID);
        world.alerts.act(ALERT_ID, new Command.Claim(ALICE, escalated.version()));

        // WHEN the escalation step runs
        escalation(escalation);

        // THEN nobody is woken up for an alert someone already owns
        assertThat(threadReplies()).singleElement()
                .satisfies(r -> assertThat(r.param("text")).startsWith(":mega: Unclaimed after"));
    }

    @Test
    void remind_shouldMentionTheOwnerInTheThread_whenTheyHeldItForAWhile() {
        // GIVEN alice claimed the alert an hour ago
        Alert alert = posted();
        world.alerts.act(ALERT_ID, new Command.Claim(ALICE, alert.version()));
        world.clock.advance(Duration.ofHours(1));

        // WHEN the remind step runs
        TaskResult result = world.notify.handle(op(TaskOp.REMIND));

        // THEN alice is reminded in the thread; the message and the bus are left alone
        assertThat(threadReplies()).singleElement().satisfies(r -> assertThat(r.param("text"))
                .startsWith("<@U0ALICE01> :hourglass_flowing_sand: Still claimed by alice after 1h: "));
        assertThat(world.slackStub.requests("chat.update")).isEmpty();
        assertThat(result.event()).isNull();
        assertThat(result.outcome()).isEqualTo(StepOutcome.DONE);
    }

    @Test
    void remind_shouldSayNothing_whenTheAlertIsNoLongerClaimed() {
        // GIVEN an alert resolved before the reminder fired
        Alert alert = posted();
        world.alerts.act(ALERT_ID, new Command.Resolve(ALICE, alert.version()));

        // WHEN the remind step runs THEN Slack hears nothing
        world.notify.handle(op(TaskOp.REMIND));
        assertThat(world.slackStub.requests()).isEmpty();
    }

    @Test
    void handle_shouldRefuseClearly_whenTheOpIsUnknownOrTheAlertMissing() {
        // GIVEN no alert at all
        // WHEN asked for an unknown op or a missing alert THEN the errors say what is wrong
        assertThatThrownBy(() -> world.notify.handle(op(TaskOp.ESCALATE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no op 'escalate'");
        assertThatThrownBy(() -> world.notify.handle(TaskRequest.of(TaskOp.POST, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alertId");
        assertThatThrownBy(() -> world.notify.handle(op(TaskOp.POST)))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining(ALERT_ID);
        assertThat(world.slackStub.requests()).isEmpty();
    }
}
