package io.klaxon.slack.web;

import static io.klaxon.slack.testing.AlertSamples.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import io.klaxon.aws.dynamodb.DynamoCallBudget;
import io.klaxon.aws.dynamodb.DynamoRenderLedger;
import io.klaxon.aws.testing.DynamoDbLocalTables;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.storm.Storm;
import io.klaxon.domain.testing.Fixtures;
import io.klaxon.domain.testing.MutableClock;
import io.klaxon.slack.InvocationDeadline;
import io.klaxon.slack.SlackBusyException;
import io.klaxon.slack.SlackGateway;
import io.klaxon.slack.SlackUnavailableException;
import io.klaxon.slack.render.AlertMessageRenderer;
import io.klaxon.slack.testing.AlertSamples;
import io.klaxon.slack.testing.SlackStubServer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gateway paced by the real DynamoDB budget (DynamoDB Local) against the Slack stub. Time is a
 * hand-moved clock and "waiting" records the wait and moves the clock, so nothing sleeps.
 */
class SlackPacingTest {

    private static final String TOKEN = "xoxb-test-token";

    @RegisterExtension
    static final DynamoDbLocalTables DYNAMODB = new DynamoDbLocalTables("pacing-");

    /** Near the real time: DynamoDB Local's TTL deletes items whose expiresAt has passed. */
    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final List<Duration> waited = new ArrayList<>();
    private String table;
    private SlackStubServer stub;
    private Slack slack;
    private SlackWebApiGateway gateway;

    @BeforeEach
    void start() {
        table = DYNAMODB.freshTable();
        SlackPacing pacing = new SlackPacing(new DynamoCallBudget(DYNAMODB.client(), table, clock), clock,
                SlackPacing.DEFAULT_MAX_WAIT, d -> {
                    waited.add(d);
                    clock.advance(d);
                });
        stub = SlackStubServer.start();
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(stub.url());
        slack = Slack.getInstance(config);
        gateway = new SlackWebApiGateway(slack.methods(TOKEN), new AlertMessageRenderer(), "C0DEFAULT", null, pacing,
                () -> new DynamoRenderLedger(DYNAMODB.client(), table, clock));
    }

    @AfterEach
    void stop() throws Exception {
        slack.close();
        stub.close();
    }

    private static Alert alert(int n) {
        return Alert.open("alert-" + n, Fixtures.firing("sig-" + n, T0), Fixtures.policy(), T0);
    }

    @Test
    void post_shouldWaitForTheChannelsNextSlot_whenTheBurstIsUsedUp() {
        // GIVEN three posts to one channel went back to back (the burst)
        for (int i = 1; i <= 3; i++) {
            gateway.post(alert(i));
        }

        // WHEN a fourth is posted at the same instant
        gateway.post(alert(4));

        // THEN it waited one second in process, then went
        assertThat(waited).containsExactly(Duration.ofSeconds(1));
        assertThat(stub.requests("chat.postMessage")).hasSize(4);
    }

    @Test
    void post_shouldNotWaitForItsSlot_whenTheInvocationHasNoTimeLeftForTheWait() {
        // GIVEN three posts to one channel went back to back (the burst): the next slot is a second away
        for (int i = 1; i <= 3; i++) {
            gateway.post(alert(i));
        }

        // WHEN a fourth is posted by an invocation with half a second to spare beyond the call's own 10 s
        Throwable thrown;
        try (var deadline = InvocationDeadline.until(Instant.now().plus(SlackWebApiGateway.SDK_CALL_TIMEOUT)
                .plusMillis(500))) {
            thrown = org.assertj.core.api.Assertions.catchThrowable(() -> gateway.post(alert(4)));
        }

        // THEN it did not wait past what the invocation has: handed back as paced, nothing sent
        assertThat(thrown).isInstanceOf(SlackBusyException.class);
        assertThat(waited).isEmpty();
        assertThat(stub.requests("chat.postMessage")).hasSize(3);
    }

    @Test
    void post_shouldThrowSlackBusyAndCallNobody_whenTheSlotIsFurtherThanAProcessWaits() {
        // GIVEN the burst and the next 3 seconds of slots are taken
        for (int i = 1; i <= 6; i++) {
            gateway.post(alert(i));
        }
        clock.advance(Duration.ofSeconds(-3));
        int before = stub.requests("chat.postMessage").size();

        // WHEN another post comes (its slot is 4 s away)
        // THEN it is told to come back, with the wait, and Slack saw nothing
        assertThatThrownBy(() -> gateway.post(alert(7)))
                .isInstanceOfSatisfying(SlackBusyException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(4)));
        assertThat(stub.requests("chat.postMessage")).hasSize(before);
    }

    @Test
    void post_shouldCallNobodyBeforeRetryAfterExpires_whenSlackAnswered429() {
        // GIVEN Slack answers the channel's next post 429 with Retry-After: 10
        Alert first = alert(1);
        stub.rateLimit("chat.postMessage", first.channel(), 1, Duration.ofSeconds(10));

        // WHEN an alert is posted
        // THEN the failure says 429 and the wait, and is the retryable kind
        assertThatThrownBy(() -> gateway.post(first))
                .isInstanceOfSatisfying(SlackBusyException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(10)))
                .hasMessageContaining("HTTP 429")
                .hasMessageContaining("retry after 10s");

        // WHEN another post to that channel comes 5 s later, then 10 s after the 429
        clock.advance(Duration.ofSeconds(5));
        assertThatThrownBy(() -> gateway.post(alert(2))).isInstanceOf(SlackBusyException.class);
        clock.advance(Duration.ofSeconds(5));
        gateway.post(alert(3));

        // THEN Slack saw the first post and the third, nothing in between
        assertThat(stub.requests("chat.postMessage")).hasSize(2);
    }

    @Test
    void update_shouldShareOneWorkspaceBudget_whenMessagesAreInDifferentChannels() {
        // GIVEN ten updates (the Tier 3 burst) went out, each changing its message (an unchanged one is not sent)
        for (int i = 0; i < 10; i++) {
            gateway.update(alert(10 + i).withMessage("C1", "1.0000" + (10 + i)));
        }

        // WHEN an update of a message in another channel comes at the same instant
        gateway.update(alert(2).withMessage("C2", "2.000001"));

        // THEN it waited for the workspace's next Tier 3 slot: 60 s / 50
        assertThat(waited).containsExactly(Duration.ofMillis(1200));
    }

    @Test
    void update_shouldSkipTheRender_whenANewerStateOfTheMessageWasRendered() {
        // GIVEN revision 5 of the alert is rendered
        Alert shown = alert(1).withMessage("C1", "1.000001");
        gateway.update(shown.withRevision(5));

        // WHEN a render of revision 4 comes late
        gateway.update(shown.withRevision(4));

        // THEN it is skipped: Slack saw one update
        assertThat(stub.requests("chat.update")).hasSize(1);
    }

    @Test
    void update_shouldRenderAgain_whenTheSameStateIsRetriedAfterSlackFailedIt() {
        // GIVEN the render of revision 5 failed at Slack (it may or may not have landed)
        Alert shown = alert(1).withMessage("C1", "1.000001").withRevision(5);
        stub.respondNext("chat.update", 500, "{\"ok\":false,\"error\":\"internal_error\"}");
        assertThatThrownBy(() -> gateway.update(shown)).isInstanceOf(SlackUnavailableException.class);

        // WHEN the step is retried with the same state
        gateway.update(shown);

        // THEN it goes out again (a retry of a render that landed and was recorded is not: SlackUnchangedRendersTest)
        assertThat(stub.requests("chat.update")).hasSize(2);
    }

    @Test
    void update_shouldAskForARetry_whenANewerRenderTookTheMessageWhileItWasOnItsWay() throws Exception {
        // GIVEN Slack holds the render of revision 4 on its way
        Alert shown = alert(1).withMessage("C1", "1.000001");
        SlackStubServer.Hold hold = stub.holdFirst(r -> r.method().equals("chat.update"));
        var older = java.util.concurrent.CompletableFuture.runAsync(() -> gateway.update(shown.withRevision(4)));
        hold.awaitHeld(Duration.ofSeconds(10));

        // WHEN revision 5 (the alert claimed since: another content) is rendered meanwhile, then Slack answers the
        // older one
        gateway.update(AlertSamples.claimed(shown, AlertSamples.ALICE, Duration.ofMinutes(1)).withRevision(5));
        hold.release();

        // THEN the older render asks to be retried (it may have landed last): the retried step renders
        // the alert as it is then
        assertThatThrownBy(older::join).hasCauseInstanceOf(SlackBusyException.class)
                .hasMessageContaining("render again");
    }

    @Test
    void post_shouldNotGo_whenA429CameBackWhileItWaitedForItsSlot() {
        // GIVEN the channel's burst is used up, and while the next post waits for its slot another
        // process is told 429 with Retry-After: 10
        for (int i = 1; i <= 3; i++) {
            gateway.post(alert(i));
        }
        SlackPacing pacing = new SlackPacing(new DynamoCallBudget(DYNAMODB.client(), table, clock), clock,
                SlackPacing.DEFAULT_MAX_WAIT, d -> {
                    clock.advance(d);
                    new DynamoCallBudget(DYNAMODB.client(), table, clock)
                            .holdOff(SlackPacing.key("chat.postMessage", alert(4).channel()), clock.instant().plusSeconds(10));
                });
        SlackWebApiGateway waiting = new SlackWebApiGateway(slack.methods(TOKEN), new AlertMessageRenderer(),
                "C0DEFAULT", null, pacing, null);

        // WHEN its slot comes THEN it does not call: it is told to come back when the hold-off ends
        assertThatThrownBy(() -> waiting.post(alert(4)))
                .isInstanceOfSatisfying(SlackBusyException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(10)));
        assertThat(stub.requests("chat.postMessage")).hasSize(3);
    }

    @Test
    void updateStorm_shouldShowEveryWaitingChangeInOneCall_andSkipTheStepsThatCallCovers() {
        // GIVEN a storm's message, and three changes of its members counted as render revisions 1 to 3
        List<Alert> members = List.of(alert(1), alert(2), alert(3));
        Storm unposted = new Storm("default", "storm-1", T0, null, null, null);
        SlackGateway.MessageRef ref = gateway.postStorm(unposted, "C0STORM", members.subList(0, 1));
        Storm storm = new Storm("default", "storm-1", T0, ref.channel(), ref.ts(), null);
        AtomicLong newest = new AtomicLong(3);

        // WHEN the step that wanted revision 1 gets Slack's slot, then the step that wanted revision 2 comes
        gateway.updateStorm(storm, 1, newest::get, () -> members);
        gateway.updateStorm(storm, 2, newest::get, () -> members);

        // THEN one chat.update showed all three alerts (it rendered revision 3), and the second step skipped
        assertThat(stub.requests("chat.update")).hasSize(1);
        assertThat(stub.requests("chat.update").getFirst().param("blocks")).contains("*3* unclaimed");

        // WHEN a fourth change is counted and its step comes
        newest.set(4);
        gateway.updateStorm(storm, 4, newest::get, () -> members.subList(0, 2));

        // THEN it is rendered: a change after the last render is never skipped
        assertThat(stub.requests("chat.update")).hasSize(2);
        assertThat(stub.requests("chat.update").get(1).param("blocks")).contains("*2* unclaimed");
    }

    @Test
    void updateStorm_shouldRenderAgain_whenTheRenderThatClaimedTheNewestStateFailed() {
        // GIVEN a storm's message, three changes counted, and Slack failing the first chat.update with a 500
        List<Alert> members = List.of(alert(1), alert(2), alert(3));
        Storm unposted = new Storm("default", "storm-1", T0, null, null, null);
        SlackGateway.MessageRef ref = gateway.postStorm(unposted, "C0STORM", members.subList(0, 1));
        Storm storm = new Storm("default", "storm-1", T0, ref.channel(), ref.ts(), null);
        AtomicLong newest = new AtomicLong(3);
        stub.respondNext("chat.update", 500, "{\"ok\":false,\"error\":\"internal_error\"}");

        // WHEN the step that wanted revision 1 gets the slot, claims revision 3, and Slack fails it
        assertThatThrownBy(() -> gateway.updateStorm(storm, 1, newest::get, () -> members))
                .isInstanceOf(SlackUnavailableException.class);
        // AND the workflow retries that step (the steps of revisions 2 and 3 had finished earlier)
        gateway.updateStorm(storm, 1, newest::get, () -> members);

        // THEN the retry renders: nothing newer was shown, so skipping would leave the message one state behind
        assertThat(stub.requests("chat.update")).hasSize(2);
        assertThat(stub.requests("chat.update").get(1).param("blocks")).contains("*3* unclaimed");

        // AND once it is shown, a step of an older revision skips
        gateway.updateStorm(storm, 2, newest::get, () -> members);
        assertThat(stub.requests("chat.update")).hasSize(2);
    }
}
