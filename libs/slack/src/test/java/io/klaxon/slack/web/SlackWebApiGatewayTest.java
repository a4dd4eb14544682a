package io.klaxon.slack.web;

import static io.klaxon.slack.testing.AlertSamples.ALICE;
import static io.klaxon.slack.testing.AlertSamples.CHANNEL;
import static io.klaxon.slack.testing.AlertSamples.T0;
import static io.klaxon.slack.testing.AlertSamples.claimed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.TimelineEntry;
import io.klaxon.domain.alert.TimelineKind;
import io.klaxon.domain.signal.Severity;
import io.klaxon.domain.testing.Fixtures;
import io.klaxon.slack.SlackGateway.MessageRef;
import io.klaxon.slack.SlackRejectedException;
import io.klaxon.slack.SlackUnavailableException;
import io.klaxon.slack.render.AlertMessageRenderer;
import io.klaxon.slack.testing.SlackStubServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real Slack SDK against a Slack stub on 127.0.0.1: what goes over the wire, and failures. */
class SlackWebApiGatewayTest {

    private static final String TOKEN = "xoxb-test-token";

    private SlackStubServer stub;
    private Slack slack;
    private SlackWebApiGateway gateway;

    @BeforeEach
    void start() {
        stub = SlackStubServer.start();
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(stub.url());
        slack = Slack.getInstance(config);
        gateway = new SlackWebApiGateway(slack.methods(TOKEN), new AlertMessageRenderer(), "C0DEFAULT");
    }

    @AfterEach
    void stop() throws Exception {
        slack.close();
        stub.close();
    }

    /** A fresh occurrence before it has a message, going to the policy's channel. */
    private static Alert fresh() {
        return Alert.open("alert-0001", Fixtures.firing("sig-1", T0), Fixtures.policy(), T0);
    }

    @Test
    void postUpdateReplyEphemeral_shouldSendWhatSlackExpects_whenSlackAccepts() {
        // GIVEN a new alert
        Alert alert = fresh();

        // WHEN it is posted, claimed and updated, a reply goes in its thread and one user is told something
        MessageRef ref = gateway.post(alert);
        Alert posted = alert.withMessage(ref.channel(), ref.ts());
        Alert claimedAlert = claimed(posted, ALICE, Duration.ofMinutes(2));
        gateway.update(claimedAlert);
        gateway.reply(claimedAlert, new TimelineEntry(T0.plusSeconds(120), 2, TimelineKind.CLAIMED, ALICE, "Claimed by alice"),
                List.of());
        gateway.ephemeral(CHANNEL, "U0BOB0001", "Already claimed by alice");

        // THEN the post carried the channel, the fallback text, the blocks and the coloured attachment
        var post = stub.requests("chat.postMessage").get(0);
        assertThat(post.authorization()).isEqualTo("Bearer " + TOKEN);
        assertThat(post.param("channel")).isEqualTo(CHANNEL);
        assertThat(post.param("text")).isEqualTo("HIGH · Unclaimed: api-5xx is ALARM");
        assertThat(post.json("blocks").getAsJsonArray()).hasSize(3);
        assertThat(post.json("attachments").getAsJsonArray().get(0).getAsJsonObject().get("color").getAsString())
                .isEqualTo("#F2952F");
        assertThat(post.param("unfurl_links")).as("the SDK sends booleans as 0/1").isEqualTo("0");
        assertThat(ref).isEqualTo(new MessageRef(CHANNEL, "1700000000.000001"));

        // AND the update edited that message with the claimed rendering
        var update = stub.requests("chat.update").get(0);
        assertThat(update.token()).isEqualTo(TOKEN);
        assertThat(update.param("channel")).isEqualTo(CHANNEL);
        assertThat(update.param("ts")).isEqualTo("1700000000.000001");
        assertThat(update.param("text")).isEqualTo("HIGH · Claimed: api-5xx is ALARM");
        var blocks = update.json("blocks").getAsJsonArray();
        assertThat(blocks.get(1).getAsJsonObject().getAsJsonObject("text").get("text").getAsString())
                .startsWith("*HIGH* · *Claimed* by <@U0ALICE01>");
        assertThat(blocks.get(2).getAsJsonObject().getAsJsonArray("elements")).extracting(
                e -> e.getAsJsonObject().get("action_id").getAsString()).containsExactly("klaxon.resolve", "klaxon.unclaim",
                "klaxon.snooze.choose", "klaxon.more");

        // AND the reply went into the thread
        var reply = stub.requests("chat.postMessage").get(1);
        assertThat(reply.param("channel")).isEqualTo(CHANNEL);
        assertThat(reply.param("thread_ts")).isEqualTo("1700000000.000001");
        assertThat(reply.param("text")).startsWith(":raising_hand: Claimed by alice · <!date^");
        assertThat(reply.param("blocks")).isNull();

        // AND the ephemeral message went to that user only
        var ephemeral = stub.requests("chat.postEphemeral").get(0);
        assertThat(ephemeral.param("channel")).isEqualTo(CHANNEL);
        assertThat(ephemeral.param("user")).isEqualTo("U0BOB0001");
        assertThat(ephemeral.param("text")).isEqualTo("Already claimed by alice");
        assertThat(stub.requests()).extracting(SlackStubServer.Request::method)
                .containsExactly("chat.postMessage", "chat.update", "chat.postMessage", "chat.postEphemeral");
    }

    @Test
    void post_shouldUseTheDefaultChannel_whenThePolicyNamesNone() {
        // GIVEN an alert whose policy has no channel
        Alert base = fresh();
        Alert alert = new Alert(base.alertId(), base.alertKey(), base.version(), base.state(), base.signal(),
                base.policy(), base.openedAt(), base.lastFiredAt(), base.lastSignalAt(), base.lastSignalId(), 0, 0,
                null, null, null, null, null, null, null, null, null, null, base.revision(), false);

        // WHEN it is posted
        MessageRef ref = gateway.post(alert);

        // THEN it goes to the configured default channel
        assertThat(stub.requests("chat.postMessage").get(0).param("channel")).isEqualTo("C0DEFAULT");
        assertThat(ref.channel()).isEqualTo("C0DEFAULT");
    }

    @Test
    void post_shouldThrowUnavailable_whenSlackRateLimits() {
        // GIVEN Slack answers HTTP 429 with Retry-After
        stub.respondNext("chat.postMessage", 429, "{\"ok\":false,\"error\":\"ratelimited\"}", Map.of("Retry-After", "30"));

        // WHEN an alert is posted THEN the failure is retryable and says when to retry
        assertThatThrownBy(() -> gateway.post(fresh()))
                .isInstanceOf(SlackUnavailableException.class)
                .hasMessageContaining("HTTP 429")
                .hasMessageContaining("retry after 30s");
    }

    @Test
    void update_shouldThrowUnavailable_whenSlackFailsWith500() {
        // GIVEN Slack has an outage
        stub.respondNext("chat.update", 500, "<html>oops</html>");

        // WHEN the message is updated THEN the failure is retryable
        assertThatThrownBy(() -> gateway.update(fresh().withMessage(CHANNEL, "1.2")))
                .isInstanceOf(SlackUnavailableException.class)
                .hasMessageContaining("HTTP 500");
    }

    @Test
    void post_shouldThrowUnavailable_whenSlackSaysOkFalseWithATransientError() {
        // GIVEN Slack answers 200 with a transient error code
        stub.failNext("chat.postMessage", "internal_error");

        // WHEN an alert is posted THEN the failure is retryable
        assertThatThrownBy(() -> gateway.post(fresh())).isInstanceOf(SlackUnavailableException.class)
                .hasMessageContaining("internal_error");
    }

    @Test
    void post_shouldThrowUnavailable_whenSlackIsUnreachable() {
        // GIVEN nothing listens where Slack should be
        stub.close();

        // WHEN an alert is posted THEN the failure is retryable
        assertThatThrownBy(() -> gateway.post(fresh())).isInstanceOf(SlackUnavailableException.class)
                .hasMessageContaining("unreachable");
    }

    @Test
    void post_shouldThrowRejectedWithSlacksErrorCode_whenTheChannelDoesNotExist() {
        // GIVEN Slack does not know the channel
        stub.failNext("chat.postMessage", "channel_not_found");

        // WHEN an alert is posted THEN the failure is final and names Slack's error
        assertThatThrownBy(() -> gateway.post(fresh()))
                .isInstanceOfSatisfying(SlackRejectedException.class, e -> {
                    assertThat(e.error()).isEqualTo("channel_not_found");
                    assertThat(e.method()).isEqualTo("chat.postMessage");
                })
                .hasMessageContaining("channel_not_found")
                .hasMessageContaining("KLAXON_CHANNEL");
    }

    @Test
    void reply_shouldThrowRejected_whenTheBotIsNotInTheChannel() {
        // GIVEN the app was never invited
        stub.failNext("chat.postMessage", "not_in_channel");

        // WHEN a thread reply is sent THEN the failure is final and says how to fix it
        Alert alert = fresh().withMessage(CHANNEL, "1.2");
        assertThatThrownBy(() -> gateway.reply(alert, new TimelineEntry(T0, 1, TimelineKind.OPENED, Actor.SYSTEM, "x"), List.of()))
                .isInstanceOf(SlackRejectedException.class)
                .hasMessageContaining("not_in_channel")
                .hasMessageContaining("/invite");
    }

    @Test
    void ephemeral_shouldThrowRejected_whenTheTokenIsInvalid() {
        // GIVEN Slack refuses the token
        stub.failNext("chat.postEphemeral", "invalid_auth");

        // WHEN an ephemeral message is sent THEN the failure is final
        assertThatThrownBy(() -> gateway.ephemeral(CHANNEL, "U0BOB0001", "hi"))
                .isInstanceOf(SlackRejectedException.class)
                .hasMessageContaining("invalid_auth")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void post_shouldFallBackToTextOnly_whenSlackRefusesTheBlocks() {
        // GIVEN Slack refuses the blocks once
        stub.failNext("chat.postMessage", "invalid_blocks");

        // WHEN an alert is posted
        MessageRef ref = gateway.post(fresh());

        // THEN the page still goes out, as text without blocks
        var second = stub.requests("chat.postMessage").get(1);
        assertThat(second.param("blocks")).isNull();
        assertThat(second.param("text")).startsWith("HIGH · Unclaimed: api-5xx is ALARM\n*HIGH* · *Unclaimed*");
        assertThat(ref.ts()).isEqualTo("1700000000.000001");
    }

    @Test
    void update_shouldRefuseClearly_whenTheAlertHasNoMessageYet() {
        // GIVEN an alert that was never posted
        // WHEN it is updated THEN the error says what is missing, and Slack is not called
        assertThatThrownBy(() -> gateway.update(fresh()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no Slack message");
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void post_shouldKeepEveryMessageWithinBudget_whenRenderedForRealSeverities() {
        // GIVEN alerts of every severity
        for (Severity severity : Severity.values()) {
            Alert alert = io.klaxon.slack.testing.AlertSamples.unclaimed(severity);
            // WHEN posted THEN Slack accepts them (the stub records them all)
            gateway.post(alert);
        }
        assertThat(stub.requests("chat.postMessage")).hasSize(Severity.values().length);
    }
}
