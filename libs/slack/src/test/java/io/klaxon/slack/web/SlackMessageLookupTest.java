package io.klaxon.slack.web;

import static io.klaxon.slack.testing.AlertSamples.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.request.chat.ChatPostMessageRequest;
import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.TimelineEntry;
import io.klaxon.domain.alert.TimelineKind;
import io.klaxon.domain.testing.Fixtures;
import io.klaxon.domain.testing.MutableClock;
import io.klaxon.slack.SlackGateway.MessageRef;
import io.klaxon.slack.InvocationDeadline;
import io.klaxon.slack.SlackBusyException;
import io.klaxon.slack.SlackOutOfTimeException;
import io.klaxon.slack.SlackRejectedException;
import io.klaxon.slack.SlackUnavailableException;
import io.klaxon.slack.render.AlertMessageRenderer;
import io.klaxon.slack.testing.SlackStubServer.Posted;
import io.klaxon.slack.testing.SlackStubServer.Request;
import io.klaxon.slack.testing.SlackStubServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Finding a message whose post landed although its answer did not: the real Slack SDK against a
 * stub that keeps what was posted and answers {@code conversations.history} as Slack does.
 */
class SlackMessageLookupTest {

    private static final String TOKEN = "xoxb-lookup-test";
    /** Shorter than the stub's late answers, as the SDK's 10 s is shorter than a slow Slack's. */
    private static final int CLIENT_TIMEOUT_MILLIS = 300;

    private final MutableClock clock = new MutableClock(Fixtures.T0);
    private SlackStubServer stub;
    private Slack slack;
    private SlackWebApiGateway gateway;

    @BeforeEach
    void start() {
        stub = SlackStubServer.start(clock);
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(stub.url());
        config.setHttpClientReadTimeoutMillis(CLIENT_TIMEOUT_MILLIS);
        slack = Slack.getInstance(config);
        gateway = new SlackWebApiGateway(slack.methods(TOKEN), new AlertMessageRenderer(), "C0DEFAULT");
    }

    @AfterEach
    void stop() throws Exception {
        slack.close();
        stub.close();
    }

    private static Alert alert(String alertId) {
        return Alert.open(alertId, Fixtures.firing("sig-" + alertId, Fixtures.T0), Fixtures.policy(), Fixtures.T0);
    }

    @Test
    void post_shouldMarkTheMessageAsTheAlerts_withSlackMessageMetadata() {
        // WHEN an alert is posted
        MessageRef ref = gateway.post(alert("alert-0001"));

        // THEN the post carries Klaxon's event type and the alert id, and Slack keeps them with the message
        JsonObject metadata = stub.requests("chat.postMessage").getFirst().json("metadata").getAsJsonObject();
        assertThat(metadata.get("event_type").getAsString()).isEqualTo(SlackWebApiGateway.METADATA_EVENT_TYPE);
        assertThat(metadata.getAsJsonObject("event_payload").get("alertId").getAsString()).isEqualTo("alert-0001");
        assertThat(stub.messages(CHANNEL)).singleElement().satisfies(m -> {
            assertThat(m.ts()).isEqualTo(ref.ts());
            assertThat(m.metadata()).isEqualTo(metadata);
        });
    }

    @Test
    void findPosted_shouldFindTheEarlierPost_whenSlackStoredItButAnsweredAfterTheClientGaveUp() {
        // GIVEN Slack stores the post but answers after the client's timeout
        Alert alert = alert("alert-0001");
        Instant intent = clock.instant();
        stub.answerLate("chat.postMessage", r -> true, 1, Duration.ofMillis(CLIENT_TIMEOUT_MILLIS * 5L));
        assertThatThrownBy(() -> gateway.post(alert)).isInstanceOf(SlackUnavailableException.class);
        clock.advance(Duration.ofSeconds(3));

        // WHEN the retry looks for it since the first attempt
        Optional<MessageRef> found = gateway.findPosted(alert, intent);

        // THEN it finds the one message Slack stored
        Posted stored = stub.messages(CHANNEL).getFirst();
        assertThat(stub.messages(CHANNEL)).hasSize(1);
        assertThat(found).contains(new MessageRef(CHANNEL, stored.ts()));
        // AND it asked for the channel's history since then, with the metadata Slack hides by default
        Request history = stub.requests("conversations.history").getFirst();
        assertThat(history.param("channel")).isEqualTo(CHANNEL);
        assertThat(history.param("oldest")).isEqualTo(SlackWebApiGateway.ts(intent));
        assertThat(history.param("include_all_metadata")).isEqualTo("1");
        assertThat(history.token()).isEqualTo(TOKEN);
    }

    @Test
    void findPosted_shouldFindNothing_whenOnlyOtherAlertsAndThreadRepliesWerePosted() {
        // GIVEN another alert's message, a thread reply, and a message without metadata
        Alert other = alert("alert-0002");
        MessageRef otherRef = gateway.post(other);
        gateway.reply(other.withMessage(otherRef.channel(), otherRef.ts()),
                new TimelineEntry(Fixtures.T0, 1, TimelineKind.OPENED, Actor.SYSTEM, "Opened"), List.of());
        postPlain("someone talking in the channel");

        // WHEN alert-0001 looks for an earlier post THEN there is none
        assertThat(gateway.findPosted(alert("alert-0001"), Fixtures.T0)).isEmpty();
    }

    @Test
    void findPosted_shouldIgnoreMessagesOlderThanTheFirstAttempt() {
        // GIVEN the alert's message from long before (stamped by Slack with its time)
        Alert alert = alert("alert-0001");
        gateway.post(alert);
        clock.advance(Duration.ofMinutes(30));

        // WHEN it looks for posts since a later attempt THEN that old message is outside the window
        assertThat(gateway.findPosted(alert, clock.instant())).isEmpty();
    }

    @Test
    void findPosted_shouldFollowTheCursor_whenTheMessageIsBeyondTheFirstPage() {
        // GIVEN the alert's message, then a page and a half of newer chatter
        Alert alert = alert("alert-0001");
        MessageRef posted = gateway.post(alert);
        for (int i = 0; i < SlackWebApiGateway.HISTORY_PAGE_SIZE + SlackWebApiGateway.HISTORY_PAGE_SIZE / 2; i++) {
            postPlain("chatter " + i);
        }

        // WHEN it looks for the earlier post
        Optional<MessageRef> found = gateway.findPosted(alert, Fixtures.T0);

        // THEN it finds it on the second page, reached through the cursor of the first
        assertThat(found).contains(posted);
        List<Request> pages = stub.requests("conversations.history");
        assertThat(pages).hasSize(2);
        assertThat(pages.get(0).param("cursor")).isNull();
        assertThat(pages.get(1).param("cursor")).isNotBlank();
        assertThat(pages).extracting(p -> p.param("limit"))
                .containsOnly(Integer.toString(SlackWebApiGateway.HISTORY_PAGE_SIZE));
    }

    @Test
    void findPosted_shouldStopAfterItsBoundedPages_whenTheChannelIsFlooded() {
        // GIVEN the alert's message buried under more newer messages than the lookup reads
        Alert alert = alert("alert-0001");
        gateway.post(alert);
        int bound = SlackWebApiGateway.HISTORY_PAGES * SlackWebApiGateway.HISTORY_PAGE_SIZE;
        for (int i = 0; i < bound; i++) {
            postPlain("flood " + i);
        }

        // WHEN it looks for the earlier post THEN it gives up after its pages rather than reading on
        assertThat(gateway.findPosted(alert, Fixtures.T0)).isEmpty();
        assertThat(stub.requests("conversations.history")).hasSize(SlackWebApiGateway.HISTORY_PAGES);
    }

    @Test
    void findPosted_shouldThrowRejected_whenTheAppLacksTheHistoryScope() {
        // GIVEN an app installed without channels:history
        stub.failNext("conversations.history", "missing_scope");

        // WHEN it looks for an earlier post THEN the refusal is final and says what to fix
        assertThatThrownBy(() -> gateway.findPosted(alert("alert-0001"), Fixtures.T0))
                .isInstanceOf(SlackRejectedException.class)
                .hasMessageContaining("missing_scope")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void findPosted_shouldThrowUnavailable_whenSlackFailsForNow() {
        stub.respondNext("conversations.history", 503, "");
        assertThatThrownBy(() -> gateway.findPosted(alert("alert-0001"), Fixtures.T0))
                .isInstanceOf(SlackUnavailableException.class);
    }

    @Test
    void findPosted_shouldGiveUpWithOutOfTime_whenTheInvocationsDeadlineComesDuringThePagedLookup() {
        // GIVEN the alert's message buried under more messages than three pages hold, each page taking 4 s (a
        // clock that moves 4 s each time the gateway reads it), and an invocation with 25 s left for a client
        // that may wait 10 s for an answer
        Alert alert = alert("alert-0001");
        gateway.post(alert);
        for (int i = 0; i < 3 * SlackWebApiGateway.HISTORY_PAGE_SIZE + 1; i++) {
            postPlain("flood " + i);
        }
        MutableClock invocationTime = new MutableClock(Fixtures.T0);
        java.time.Clock slowPages = new java.time.Clock() {
            @Override
            public Instant instant() {
                invocationTime.advance(Duration.ofSeconds(4));
                return invocationTime.instant();
            }

            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                throw new UnsupportedOperationException();
            }
        };
        SlackWebApiGateway timed = new SlackWebApiGateway(slack.methods(TOKEN), new AlertMessageRenderer(), "C0DEFAULT",
                null, SlackPacing.unpaced(), null, io.klaxon.metrics.Metrics.NONE, slowPages, Duration.ofSeconds(10));

        // WHEN a retry looks for the earlier post within that invocation
        Throwable thrown;
        try (var deadline = InvocationDeadline.until(Fixtures.T0.plusSeconds(25))) {
            thrown = org.assertj.core.api.Assertions.catchThrowable(() -> timed.findPosted(alert, Fixtures.T0));
        }

        // THEN it reads three pages (at 4, 8 and 12 s) and gives up before the fourth (9 s left), retryable, rather
        // than being killed in the middle of a call
        assertThat(thrown).isInstanceOf(SlackOutOfTimeException.class).isInstanceOf(SlackBusyException.class)
                .hasMessageContaining("conversations.history");
        assertThat(stub.requests("conversations.history")).hasSize(3);
        // AND outside an invocation the same lookup has no deadline
        assertThat(timed.findPosted(alert, Fixtures.T0)).isPresent();
    }

    /** A message from someone else: no metadata. */
    private void postPlain(String text) {
        try {
            slack.methods(TOKEN).chatPostMessage(ChatPostMessageRequest.builder().channel(CHANNEL).text(text).build());
        } catch (Exception e) {
            throw new AssertionError("posting to the stub failed", e);
        }
    }
}
