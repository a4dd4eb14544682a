package io.klaxon.slack.web;

import com.google.gson.JsonParseException;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.request.chat.ChatPostEphemeralRequest;
import com.slack.api.methods.request.chat.ChatPostMessageRequest;
import com.slack.api.methods.request.chat.ChatUpdateRequest;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.TimelineEntry;
import io.klaxon.slack.SlackGateway;
import io.klaxon.slack.SlackRejectedException;
import io.klaxon.slack.SlackUnavailableException;
import io.klaxon.slack.render.AlertMessageRenderer;
import io.klaxon.slack.render.SlackMessage;
import io.micronaut.core.annotation.Nullable;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Slack Web API behind {@link SlackGateway}: {@code chat.postMessage}, {@code chat.update},
 * thread replies and {@code chat.postEphemeral} through the Slack SDK's {@link MethodsClient}, which
 * the factory builds once with the token and base URL.
 *
 * <p>Failures: HTTP 429, 5xx, network errors and Slack's transient error codes throw
 * {@link SlackUnavailableException} (the workflow retries); any other {@code ok:false} throws
 * {@link SlackRejectedException} with Slack's error code (retrying cannot help). When Slack refuses
 * the blocks themselves, the message is sent again as text only: a page without buttons beats none.
 */
public class SlackWebApiGateway implements SlackGateway {

    private static final Logger LOG = LoggerFactory.getLogger(SlackWebApiGateway.class);

    /** {@code ok:false} errors that say "later", not "never". */
    private static final Set<String> TRANSIENT = Set.of("ratelimited", "rate_limited", "internal_error",
            "fatal_error", "service_unavailable", "request_timeout", "team_added_to_org");

    /** {@code ok:false} errors about the blocks' shape or size: retried once as text only. */
    private static final Set<String> BLOCKS_REFUSED = Set.of("invalid_blocks", "invalid_blocks_format",
            "invalid_attachments", "msg_too_long", "too_many_attachments", "msg_blocks_too_long");

    private final MethodsClient methods;
    private final AlertMessageRenderer renderer;
    @Nullable
    private final String defaultChannel;
    @Nullable
    private final ResponseUrls responseUrls;

    /**
     * @param methods        a client bound to the bot token (built once, by the factory)
     * @param defaultChannel the channel for alerts whose policy names none; may be null
     */
    public SlackWebApiGateway(MethodsClient methods, AlertMessageRenderer renderer, @Nullable String defaultChannel) {
        this(methods, renderer, defaultChannel, null);
    }

    /**
     * @param responseUrls answers clicks through their response_url; null: {@link #respond} refuses
     *                     every address ({@code url_not_allowed}) and callers use {@link #ephemeral}
     */
    public SlackWebApiGateway(MethodsClient methods, AlertMessageRenderer renderer, @Nullable String defaultChannel,
                              @Nullable ResponseUrls responseUrls) {
        this.methods = Objects.requireNonNull(methods, "methods");
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        this.defaultChannel = defaultChannel;
        this.responseUrls = responseUrls;
    }

    @Override
    public MessageRef post(Alert alert) {
        String channel = alert.channel() != null && !alert.channel().isBlank() ? alert.channel() : defaultChannel;
        if (channel == null) {
            throw new IllegalStateException("alert " + alert.alertId()
                    + " has no Slack channel: set KLAXON_CHANNEL or the route's channel");
        }
        SlackMessage message = renderer.render(alert);
        ChatPostMessageResponse response;
        try {
            response = call("chat.postMessage", () -> methods.chatPostMessage(ChatPostMessageRequest.builder()
                    .channel(channel)
                    .text(message.text())
                    .blocks(message.blocks())
                    .attachments(message.attachments())
                    .unfurlLinks(false)
                    .unfurlMedia(false)
                    .build()));
        } catch (SlackRejectedException e) {
            if (!BLOCKS_REFUSED.contains(e.error())) {
                throw e;
            }
            LOG.warn("alertId={} chat.postMessage refused the blocks ({}); posting text only", alert.alertId(),
                    e.error());
            response = call("chat.postMessage", () -> methods.chatPostMessage(ChatPostMessageRequest.builder()
                    .channel(channel)
                    .text(renderer.renderTextOnly(alert))
                    .unfurlLinks(false)
                    .unfurlMedia(false)
                    .build()));
        }
        // Slack answers with the channel id even when we posted to a name; chat.update needs the id.
        String postedTo = response.getChannel() != null ? response.getChannel() : channel;
        LOG.info("alertId={} posted channel={} ts={}", alert.alertId(), postedTo, response.getTs());
        return new MessageRef(postedTo, response.getTs());
    }

    @Override
    public void update(Alert alert) {
        requireMessage(alert);
        SlackMessage message = renderer.render(alert);
        try {
            call("chat.update", () -> methods.chatUpdate(ChatUpdateRequest.builder()
                    .channel(alert.channel())
                    .ts(alert.messageTs())
                    .text(message.text())
                    .blocks(message.blocks())
                    .attachments(message.attachments())
                    .build()));
        } catch (SlackRejectedException e) {
            if (!BLOCKS_REFUSED.contains(e.error())) {
                throw e;
            }
            LOG.warn("alertId={} chat.update refused the blocks ({}); updating as text only", alert.alertId(),
                    e.error());
            // An empty list (not null) makes the SDK send "blocks=[]" and "attachments=[]", which clears
            // the old buttons instead of leaving a stale, clickable rendering behind.
            call("chat.update", () -> methods.chatUpdate(ChatUpdateRequest.builder()
                    .channel(alert.channel())
                    .ts(alert.messageTs())
                    .text(renderer.renderTextOnly(alert))
                    .blocks(List.of())
                    .attachments(List.of())
                    .build()));
        }
        LOG.info("alertId={} updated version={} state={}", alert.alertId(), alert.version(), alert.state());
    }

    @Override
    public void reply(Alert alert, TimelineEntry entry, List<String> mentions) {
        requireMessage(alert);
        String text = renderer.replyText(alert, entry, mentions);
        call("chat.postMessage", () -> methods.chatPostMessage(ChatPostMessageRequest.builder()
                .channel(alert.channel())
                .threadTs(alert.messageTs())
                .text(text)
                .unfurlLinks(false)
                .unfurlMedia(false)
                .build()));
        LOG.info("alertId={} replied kind={} mentions={}", alert.alertId(), entry.kind(),
                mentions == null ? 0 : mentions.size());
    }

    @Override
    public void ephemeral(String channel, String userId, String text) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(userId, "userId");
        call("chat.postEphemeral", () -> methods.chatPostEphemeral(ChatPostEphemeralRequest.builder()
                .channel(channel)
                .user(userId)
                .text(text)
                .build()));
    }

    @Override
    public void respond(String responseUrl, String text) {
        if (responseUrls == null) {
            throw new SlackRejectedException("response_url", "url_not_allowed");
        }
        responseUrls.send(responseUrl, text);
    }

    private static void requireMessage(Alert alert) {
        if (!alert.hasMessage() || alert.channel() == null) {
            throw new IllegalStateException("alert " + alert.alertId() + " has no Slack message yet: post it first");
        }
    }

    @FunctionalInterface
    private interface SlackCall<T extends SlackApiTextResponse> {
        T call() throws IOException, SlackApiException;
    }

    private static <T extends SlackApiTextResponse> T call(String method, SlackCall<T> call) {
        T response;
        try {
            response = call.call();
        } catch (SlackApiException e) {
            int status = e.getResponse().code();
            String error = e.getError() != null && e.getError().getError() != null ? e.getError().getError() : null;
            if (status == 429 || status == 408 || status >= 500) {
                String retryAfter = e.getResponse().header("Retry-After");
                throw new SlackUnavailableException("Slack " + method + " answered HTTP " + status
                        + (retryAfter == null ? "" : " (retry after " + retryAfter + "s)"), e);
            }
            // 4xx other than 408/429: a wrong SLACK_API_URL or a refused request; retrying will not help.
            throw new SlackRejectedException(method, error != null ? error : "http_" + status);
        } catch (IOException e) {
            throw new SlackUnavailableException("Slack " + method + " unreachable: " + e.getMessage(), e);
        } catch (JsonParseException e) {
            // A proxy's error page instead of Slack's JSON: treat like a 5xx.
            throw new SlackUnavailableException("Slack " + method + " answered something that is not JSON", e);
        }
        if (response.isOk()) {
            return response;
        }
        String error = response.getError() == null ? "unknown_error" : response.getError();
        if (TRANSIENT.contains(error)) {
            throw new SlackUnavailableException("Slack " + method + " failed for now: " + error);
        }
        throw new SlackRejectedException(method, error);
    }
}
