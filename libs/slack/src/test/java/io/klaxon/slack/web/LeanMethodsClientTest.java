package io.klaxon.slack.web;

import static io.klaxon.slack.testing.AlertSamples.ALICE;
import static io.klaxon.slack.testing.AlertSamples.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.request.chat.ChatPostMessageRequest;
import com.slack.api.methods.request.chat.ChatUpdateRequest;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.chat.ChatUpdateResponse;
import com.slack.api.model.Attachment;
import com.slack.api.model.Message;
import com.slack.api.util.json.GsonFactory;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.signal.Severity;
import io.klaxon.slack.render.AlertMessageRenderer;
import io.klaxon.slack.render.SlackMessage;
import io.klaxon.slack.testing.AlertSamples;
import io.klaxon.slack.testing.SlackStubServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Klaxon's chat.postMessage and chat.update against the SDK's own, both on the real SDK and the Slack stub on 127.0.0.1. */
class LeanMethodsClientTest {

    private static final String TOKEN = "xoxb-lean-test";

    private SlackStubServer stub;
    private Slack slack;
    private MethodsClient sdk;
    private MethodsClient lean;

    @BeforeEach
    void start() {
        stub = SlackStubServer.start();
        slack = stub.sdk();
        sdk = slack.methods(TOKEN);
        lean = new LeanMethodsClient(slack.getHttpClient(), TOKEN, stub.url());
    }

    @AfterEach
    void stop() throws Exception {
        slack.close();
        stub.close();
    }

    private static ChatPostMessageRequest post(SlackMessage message) {
        // As SlackWebApiGateway builds a post.
        return ChatPostMessageRequest.builder()
                .channel(CHANNEL)
                .text(message.text())
                .blocks(message.blocks())
                .attachments(message.attachments())
                .metadata(Message.Metadata.builder().eventType("klaxon_alert")
                        .eventPayload(Map.of("alert_id", "alert-0001")).build())
                .unfurlLinks(false)
                .unfurlMedia(false)
                .build();
    }

    @Test
    void chatPostMessage_shouldSendTheSdksFields_whenPostingRenderedAlerts() throws Exception {
        // GIVEN alert messages as the renderer makes them, in every state and severity it colours differently
        Alert open = AlertSamples.unclaimed(Severity.HIGH);
        List<Alert> alerts = List.of(open, AlertSamples.unclaimed(Severity.CRITICAL),
                AlertSamples.unclaimed(Severity.WARNING), AlertSamples.unclaimed(Severity.INFO),
                AlertSamples.escalated(open, 2), AlertSamples.claimed(open, ALICE, Duration.ofMinutes(2)),
                AlertSamples.snoozed(open, ALICE, Duration.ofMinutes(3)),
                AlertSamples.resolved(open, ALICE, Duration.ofMinutes(9)),
                AlertSamples.recovered(open, Duration.ofMinutes(5)), AlertSamples.refired(open, 3));
        AlertMessageRenderer renderer = new AlertMessageRenderer();

        for (Alert alert : alerts) {
            SlackMessage message = renderer.render(alert);
            // WHEN each is posted by the SDK's client, then by Klaxon's
            ChatPostMessageResponse bySdk = sdk.chatPostMessage(post(message));
            ChatPostMessageResponse byLean = lean.chatPostMessage(post(message));

            // THEN Slack received the same fields with the same values, the attachments' JSON string for string,
            // Klaxon's client took its own encoding of them, and both answers carry the channel and a ts
            List<SlackStubServer.Request> posts = stub.requests("chat.postMessage");
            SlackStubServer.Request fromSdk = posts.get(posts.size() - 2);
            SlackStubServer.Request fromLean = posts.get(posts.size() - 1);
            assertThat(fromLean.params()).as(alert.state() + " " + alert.signal().severity())
                    .isEqualTo(fromSdk.params());
            assertThat(fromLean.param("attachments")).isEqualTo(fromSdk.param("attachments")).contains("\"color\"");
            assertThat(fromLean.token()).isEqualTo(TOKEN);
            assertThat(LeanMethodsClient.coloredJson(message.attachments())).isNotNull();
            assertThat(byLean.isOk()).isEqualTo(bySdk.isOk()).isTrue();
            assertThat(byLean.getChannel()).isEqualTo(bySdk.getChannel()).isEqualTo(CHANNEL);
            assertThat(byLean.getTs()).isNotBlank().isNotEqualTo(bySdk.getTs());
            assertThat(byLean.getHttpResponseHeaders()).isNotEmpty();
            // and the render ledger's digest reads the same JSON the SDK's own serializer writes
            assertThat(LeanMethodsClient.coloredJson(message.attachments()))
                    .isEqualTo(GsonFactory.createSnakeCase().toJson(message.attachments()));
        }
    }

    @Test
    void chatUpdate_shouldSendTheSdksFields_whenUpdatingToARenderedAlert() throws Exception {
        // GIVEN a posted alert, then claimed
        Alert open = AlertSamples.unclaimed(Severity.CRITICAL);
        AlertMessageRenderer renderer = new AlertMessageRenderer();
        String ts = lean.chatPostMessage(post(renderer.render(open))).getTs();
        SlackMessage claimed = renderer.render(AlertSamples.claimed(open, ALICE, Duration.ofMinutes(1)));

        // WHEN the SDK's client and Klaxon's each update the message to it
        ChatUpdateResponse bySdk = sdk.chatUpdate(update(ts, claimed));
        ChatUpdateResponse byLean = lean.chatUpdate(update(ts, claimed));

        // THEN Slack received the same fields with the same values, and both answers carry the channel and ts
        List<SlackStubServer.Request> updates = stub.requests("chat.update");
        assertThat(updates).hasSize(2);
        assertThat(updates.get(1).params()).isEqualTo(updates.get(0).params());
        assertThat(updates.get(1).param("attachments")).contains("\"color\"");
        assertThat(byLean.isOk()).isEqualTo(bySdk.isOk()).isTrue();
        assertThat(byLean.getChannel()).isEqualTo(bySdk.getChannel()).isEqualTo(CHANNEL);
        assertThat(byLean.getTs()).isEqualTo(bySdk.getTs()).isEqualTo(ts);
    }

    private static ChatUpdateRequest update(String ts, SlackMessage message) {
        // As SlackWebApiGateway builds an update.
        return ChatUpdateRequest.builder().channel(CHANNEL).ts(ts).text(message.text()).blocks(message.blocks())
                .attachments(message.attachments()).build();
    }

    @Test
    void chatPostMessage_shouldSendTheSdksEncoding_whenAnAttachmentHoldsMoreThanKlaxonRenders() throws Exception {
        // GIVEN an attachment with a title, which Klaxon's renderer never sets
        Attachment titled = Attachment.builder().color("#F2952F").fallback("fallback").title("a title").build();
        ChatPostMessageRequest request = ChatPostMessageRequest.builder().channel(CHANNEL).text("t")
                .attachments(List.of(titled)).build();

        // WHEN both clients post it
        sdk.chatPostMessage(request);
        lean.chatPostMessage(request);

        // THEN Klaxon's client left it to the SDK's encoding: the same body, the title included, the request unchanged
        assertThat(LeanMethodsClient.coloredJson(List.of(titled))).isNull();
        List<SlackStubServer.Request> posts = stub.requests("chat.postMessage");
        assertThat(posts.get(1).body()).isEqualTo(posts.get(0).body());
        assertThat(posts.get(1).json("attachments").getAsJsonArray().get(0).getAsJsonObject().get("title").getAsString())
                .isEqualTo("a title");
        assertThat(request.getAttachments()).containsExactly(titled);
        assertThat(request.getAttachmentsAsString()).isNull();
    }

    @Test
    void chatPostMessage_shouldAnswerAsTheSdk_whenSlackRefusesOrLimits() throws Exception {
        // GIVEN a Slack that refuses a post, then rate-limits one
        SlackMessage message = new AlertMessageRenderer().render(AlertSamples.unclaimed(Severity.HIGH));

        // WHEN Klaxon's client posts into each
        stub.failNext("chat.postMessage", "channel_not_found");
        ChatPostMessageResponse refused = lean.chatPostMessage(post(message));
        stub.respondNext("chat.postMessage", 429, "{\"ok\":false,\"error\":\"ratelimited\"}", Map.of("Retry-After", "7"));
        SlackApiException limited = catchThrowableOfType(SlackApiException.class,
                () -> lean.chatPostMessage(post(message)));

        // THEN the refusal is an answer with Slack's error, and the limit the SDK's exception with its Retry-After
        assertThat(refused.isOk()).isFalse();
        assertThat(refused.getError()).isEqualTo("channel_not_found");
        assertThat(limited).isNotNull();
        assertThat(limited.getResponse().code()).isEqualTo(429);
        assertThat(limited.getResponse().header("Retry-After")).isEqualTo("7");
    }
}
