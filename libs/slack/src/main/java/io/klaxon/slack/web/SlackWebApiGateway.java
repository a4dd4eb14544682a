package io.klaxon.slack.web;

import com.google.gson.JsonParseException;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.request.chat.ChatPostEphemeralRequest;
import com.slack.api.methods.request.chat.ChatPostMessageRequest;
import com.slack.api.methods.request.chat.ChatUpdateRequest;
import com.slack.api.methods.request.conversations.ConversationsHistoryRequest;
import com.slack.api.methods.request.conversations.ConversationsRepliesRequest;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.chat.ChatUpdateResponse;
import com.slack.api.methods.response.conversations.ConversationsHistoryResponse;
import com.slack.api.methods.response.conversations.ConversationsRepliesResponse;
import com.slack.api.model.Message;
import com.slack.api.model.ResponseMetadata;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.TimelineEntry;
import io.klaxon.domain.port.RenderLedger;
import io.klaxon.domain.storm.Storm;
import io.klaxon.metrics.Metrics;
import io.klaxon.slack.InvocationDeadline;
import io.klaxon.slack.SlackBusyException;
import io.klaxon.slack.SlackOutOfTimeException;
import io.klaxon.slack.SlackGateway;
import io.klaxon.slack.SlackRejectedException;
import io.klaxon.slack.SlackUnavailableException;
import io.klaxon.slack.render.AlertMessageRenderer;
import io.klaxon.slack.render.SlackMessage;
import io.klaxon.slack.render.StormMessageRenderer;
import io.micronaut.core.annotation.Nullable;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Slack Web API behind {@link SlackGateway}: {@code chat.postMessage}, {@code chat.update},
 * thread replies and {@code chat.postEphemeral} through the Slack SDK's {@link MethodsClient}, which
 * the factory builds once with the token and base URL.
 *
 * <p>Every call first takes its slot from {@link SlackPacing}, the budget all functions share; HTTP
 * 429 records Slack's {@code Retry-After} there and throws {@link io.klaxon.slack.SlackBusyException}
 * (ADR 0013). Failures: 5xx, network errors and Slack's transient error codes throw
 * {@link SlackUnavailableException} (the workflow retries); any other {@code ok:false} throws
 * {@link SlackRejectedException} with Slack's error code (retrying cannot help). When Slack refuses
 * the blocks themselves, the message is sent again as text only: a page without buttons beats none.
 *
 * <p>Every alert message carries Slack message metadata, event type {@value #METADATA_EVENT_TYPE} with
 * payload {@code {"alertId": …}}, so that {@link #findPosted} can find a message whose post timed
 * out on the client after Slack stored it: {@code conversations.history} of the channel since a given
 * time, with {@code include_all_metadata}, newest first, at most {@value #HISTORY_PAGES} pages of
 * {@value #HISTORY_PAGE_SIZE}. It needs the {@code channels:history} scope ({@code groups:history}
 * for a private channel).
 *
 * <p>Every thread line carries metadata too, event type {@code klaxon_reply} with the key of the change it
 * tells, and is posted once across retries and lost answers ({@link ThreadLines}, ADR 0003): a retry that may
 * repeat a line whose answer was lost looks for it with {@code conversations.replies} first.
 */
public class SlackWebApiGateway implements SlackGateway {

    private static final Logger LOG = LoggerFactory.getLogger(SlackWebApiGateway.class);

    /** {@code ok:false} errors that say "later", not "never". */
    private static final Set<String> TRANSIENT = Set.of("ratelimited", "rate_limited", "internal_error",
            "fatal_error", "service_unavailable", "request_timeout", "team_added_to_org");

    /** {@code ok:false} errors about the blocks' shape or size: retried once as text only. */
    private static final Set<String> BLOCKS_REFUSED = Set.of("invalid_blocks", "invalid_blocks_format",
            "invalid_attachments", "msg_too_long", "too_many_attachments", "msg_blocks_too_long");

    /** The metadata event type of an alert's message. */
    public static final String METADATA_EVENT_TYPE = "klaxon_alert";
    /** The metadata payload field holding the alert id. */
    public static final String METADATA_ALERT_ID = "alertId";
    /** Slack's recommended page size for conversations.history. */
    static final int HISTORY_PAGE_SIZE = 200;
    /** Enough for a busy channel over a retry's few minutes; the lookup must stay cheap. */
    static final int HISTORY_PAGES = 5;
    /**
     * How long a render of the same content under way is waited for: a chat.update takes well under a second,
     * and the SDK gives up on one after 10 s.
     */
    static final Duration SAME_CONTENT_WAIT = Duration.ofSeconds(10);
    /** The SDK's own read timeout, and the bound of a whole call, when none is configured. */
    public static final Duration SDK_CALL_TIMEOUT = Duration.ofSeconds(10);
    /** When a step deferred to a render of the same content looks again. */
    static final Duration SAME_CONTENT_RETRY = Duration.ofSeconds(1);

    private final MethodsClient methods;
    private final AlertMessageRenderer renderer;
    private final StormMessageRenderer stormRenderer = new StormMessageRenderer();
    @Nullable
    private final String defaultChannel;
    @Nullable
    private final ResponseUrls responseUrls;
    private final SlackPacing pacing;
    private final Metrics metrics;
    @Nullable
    private final Supplier<RenderLedger> ledger;
    private final ThreadLines lines;
    private final Clock clock;
    private final Duration callTimeout;

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
        this(methods, renderer, defaultChannel, responseUrls, SlackPacing.unpaced(), null);
    }

    /**
     * @param pacing keeps the calls inside Slack's rate limits, shared with every other function (ADR 0013)
     * @param ledger gives the shared record of what each message last showed, so a render of an older
     *               state is skipped (coalescing, ADR 0013); null renders every update
     */
    public SlackWebApiGateway(MethodsClient methods, AlertMessageRenderer renderer, @Nullable String defaultChannel,
                              @Nullable ResponseUrls responseUrls, SlackPacing pacing,
                              @Nullable Supplier<RenderLedger> ledger) {
        this(methods, renderer, defaultChannel, responseUrls, pacing, ledger, Metrics.NONE);
    }

    /** @param metrics counts the calls, the errors and the 429s, by method */
    public SlackWebApiGateway(MethodsClient methods, AlertMessageRenderer renderer, @Nullable String defaultChannel,
                              @Nullable ResponseUrls responseUrls, SlackPacing pacing,
                              @Nullable Supplier<RenderLedger> ledger, Metrics metrics) {
        this(methods, renderer, defaultChannel, responseUrls, pacing, ledger, metrics, Clock.systemUTC());
    }

    /** @param clock times thread-line attempts, whose marks expire after {@link ThreadLines#LEASE} */
    public SlackWebApiGateway(MethodsClient methods, AlertMessageRenderer renderer, @Nullable String defaultChannel,
                              @Nullable ResponseUrls responseUrls, SlackPacing pacing,
                              @Nullable Supplier<RenderLedger> ledger, Metrics metrics, Clock clock) {
        this(methods, renderer, defaultChannel, responseUrls, pacing, ledger, metrics, clock, SDK_CALL_TIMEOUT);
    }

    /**
     * @param callTimeout how long one call may wait for Slack's answer (the SDK client's read timeout): a call
     *                    is not begun, nor its paced slot waited for, when the invocation has less time left
     *                    ({@link InvocationDeadline})
     */
    public SlackWebApiGateway(MethodsClient methods, AlertMessageRenderer renderer, @Nullable String defaultChannel,
                              @Nullable ResponseUrls responseUrls, SlackPacing pacing,
                              @Nullable Supplier<RenderLedger> ledger, Metrics metrics, Clock clock,
                              Duration callTimeout) {
        this.clock = clock;
        this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
        this.lines = new ThreadLines(ledger, Objects.requireNonNull(clock, "clock"), this::findLine);
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.pacing = Objects.requireNonNull(pacing, "pacing");
        this.ledger = ledger;
        this.methods = Objects.requireNonNull(methods, "methods");
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        this.defaultChannel = defaultChannel;
        this.responseUrls = responseUrls;
    }

    @Override
    public MessageRef post(Alert alert) {
        String channel = channelOf(alert);
        Message.Metadata metadata = metadata(alert);
        SlackMessage message = renderer.render(alert);
        ChatPostMessageResponse response;
        try {
            response = call("chat.postMessage", channel, () -> methods.chatPostMessage(ChatPostMessageRequest.builder()
                    .channel(channel)
                    .text(message.text())
                    .blocks(message.blocks())
                    .attachments(message.attachments())
                    .metadata(metadata)
                    .unfurlLinks(false)
                    .unfurlMedia(false)
                    .build()));
        } catch (SlackRejectedException e) {
            if (!BLOCKS_REFUSED.contains(e.error())) {
                throw e;
            }
            LOG.warn("alertId={} chat.postMessage refused the blocks ({}); posting text only", alert.alertId(),
                    e.error());
            response = call("chat.postMessage", channel, () -> methods.chatPostMessage(ChatPostMessageRequest.builder()
                    .channel(channel)
                    .text(renderer.renderTextOnly(alert))
                    .metadata(metadata)
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
    public Optional<MessageRef> findPosted(Alert alert, Instant since) {
        String channel = channelOf(alert);
        String oldest = ts(since);
        Optional<Message> found = firstInPages(cursor -> {
            ConversationsHistoryResponse history = call("conversations.history", channel, () -> methods.conversationsHistory(
                    ConversationsHistoryRequest.builder()
                            .channel(channel)
                            .oldest(oldest)
                            .inclusive(true)
                            .includeAllMetadata(true)
                            .limit(HISTORY_PAGE_SIZE)
                            .cursor(cursor)
                            .build()));
            return new Page(history.getMessages(), history.isHasMore(), history.getResponseMetadata());
        }, m -> isMessageOf(m, alert.alertId()), () -> LOG.warn("alertId={} no earlier post found in the newest {} "
                + "messages of channel={} since {}; the search stops there", alert.alertId(),
                HISTORY_PAGES * HISTORY_PAGE_SIZE, channel, since));
        found.ifPresent(m -> LOG.info("alertId={} found its earlier post channel={} ts={}", alert.alertId(), channel,
                m.getTs()));
        return found.map(m -> new MessageRef(channel, m.getTs()));
    }

    /** One page of a Slack listing (conversations.history or .replies): its messages, and where the next begins. */
    private record Page(List<Message> messages, boolean hasMore, @Nullable ResponseMetadata metadata) {
        @Nullable
        String next() {
            String cursor = metadata == null ? null : metadata.getNextCursor();
            return hasMore && cursor != null && !cursor.isBlank() ? cursor : null;
        }
    }

    /**
     * The first message {@code wanted} accepts, walking at most {@value #HISTORY_PAGES} pages that {@code fetch}
     * returns for a cursor (null for the first); {@code stopped} is told when the pages ran out before the listing.
     */
    private static Optional<Message> firstInPages(Function<String, Page> fetch, Predicate<Message> wanted,
                                                  Runnable stopped) {
        String cursor = null;
        for (int page = 1; page <= HISTORY_PAGES; page++) {
            Page listed = fetch.apply(cursor);
            List<Message> messages = listed.messages() == null ? List.of() : listed.messages();
            Optional<Message> match = messages.stream().filter(wanted).findFirst();
            if (match.isPresent()) {
                return match;
            }
            cursor = listed.next();
            if (cursor == null) {
                return Optional.empty();
            }
        }
        stopped.run();
        return Optional.empty();
    }

    /** The alert's own top-level message: our metadata with its id (a thread reply carries none). */
    private static boolean isMessageOf(Message m, String alertId) {
        Message.Metadata metadata = m.getMetadata();
        if (metadata == null || !METADATA_EVENT_TYPE.equals(metadata.getEventType())
                || metadata.getEventPayload() == null) {
            return false;
        }
        boolean topLevel = m.getThreadTs() == null || m.getThreadTs().equals(m.getTs());
        return topLevel && alertId.equals(String.valueOf(metadata.getEventPayload().get(METADATA_ALERT_ID)));
    }

    private static Message.Metadata metadata(Alert alert) {
        return Message.Metadata.builder()
                .eventType(METADATA_EVENT_TYPE)
                .eventPayload(Map.of(METADATA_ALERT_ID, alert.alertId()))
                .build();
    }

    /** A Slack timestamp ({@code seconds.micros}) for an instant. */
    static String ts(Instant at) {
        return String.format(Locale.ROOT, "%d.%06d", at.getEpochSecond(), at.getNano() / 1000);
    }

    private String channelOf(Alert alert) {
        String channel = alert.channel() != null && !alert.channel().isBlank() ? alert.channel() : defaultChannel;
        if (channel == null) {
            throw new IllegalStateException("alert " + alert.alertId()
                    + " has no Slack channel: set KLAXON_CHANNEL or the route's channel");
        }
        return channel;
    }

    /**
     * Re-renders the message, unless a render of a newer state of the alert (a higher revision) has
     * the message already: then this one is skipped, not queued (ADR 0013). The check runs before
     * and again after waiting for the paced slot, when newer renders overtake. If a newer render
     * claimed the message while this one was on its way, this one may have landed last: it throws
     * {@link SlackBusyException}, and the retried step renders the alert as it is then. A render whose
     * content Slack is known to show already, with no other render under way, is not sent either
     * ({@link RenderLedger#confirmUnchanged}): a retried step renders again what its earlier attempt showed.
     */
    @Override
    public void update(Alert alert) {
        requireMessage(alert);
        if (newerClaimed(alert)) {
            LOG.info("alertId={} update of revision={} skipped: a newer state is rendered", alert.alertId(),
                    alert.revision());
            return;
        }
        SlackMessage message = renderer.render(alert);
        try {
            if (!edit(alert, message)) {
                return;
            }
        } catch (SlackRejectedException e) {
            if (!BLOCKS_REFUSED.contains(e.error())) {
                throw e;
            }
            LOG.warn("alertId={} chat.update refused the blocks ({}); updating as text only", alert.alertId(),
                    e.error());
            // An empty list (not null) makes the SDK send "blocks=[]" and "attachments=[]", which clears
            // the old buttons instead of leaving a stale, clickable rendering behind. The same rule as the
            // blocks: a message showing this text only already is not edited again.
            if (!edit(alert, new SlackMessage(renderer.renderTextOnly(alert), List.of(), List.of()))) {
                return;
            }
        }
        if (newerClaimed(alert)) {
            throw new SlackBusyException("Slack chat.update of alert " + alert.alertId() + " revision "
                    + alert.revision() + " may have landed after a newer one: render again", Duration.ZERO);
        }
        LOG.info("alertId={} updated version={} state={}", alert.alertId(), alert.version(), alert.state());
    }

    /**
     * One chat.update of the alert's message with {@code message}, told to the ledger from its claim to its end.
     *
     * @return false when it was not sent: Slack shows this content already, or a newer state took the message
     *         while this one waited for its slot
     */
    private boolean edit(Alert alert, SlackMessage message) {
        String digest = ContentDigest.of(message);
        Rendering rendering = new Rendering("alertId=" + alert.alertId(), alert.channel(), alert.messageTs());
        // Asked before the slot: a render that changes nothing costs no Tier 3 call, not even a slot of ours.
        if (rendering.unchanged(alert.revision(), digest)) {
            LOG.info("alertId={} update of revision={} skipped: Slack shows this content already", alert.alertId(),
                    alert.revision());
            return false;
        }
        rendering.deferToSameUnderWay(digest);
        ChatUpdateResponse sent = rendering.send(() -> rendering.begin(alert.revision(), digest),
                () -> methods.chatUpdate(ChatUpdateRequest.builder()
                        .channel(alert.channel())
                        .ts(alert.messageTs())
                        .text(message.text())
                        .blocks(message.blocks())
                        .attachments(message.attachments())
                        .build()));
        if (sent == null) {
            LOG.info("alertId={} update of revision={} skipped: a newer state took the message while it waited",
                    alert.alertId(), alert.revision());
            return false;
        }
        return true;
    }

    /**
     * One chat.update told to the render ledger: begun once the slot is there, then ended as Slack answered (its
     * content recorded as what the message shows when it landed, forgotten when its fate is unknown, each as far
     * as the other renders under way allow). The ledger is bookkeeping:
     * when it cannot answer, the call still goes, and the message's recorded content is forgotten, as far as the
     * ledger lets (an extra edit beats a lost one).
     */
    private final class Rendering {
        private final String subject;
        private final String channel;
        private final String ts;
        @Nullable
        private RenderLedger.RenderClaim claim;
        /** The call went out without a claim (the ledger failed): whatever the ledger recorded is void. */
        private boolean unclaimed;

        Rendering(String subject, String channel, String ts) {
            this.subject = subject;
            this.channel = channel;
            this.ts = ts;
        }

        /**
         * Whether Slack is known to show {@code digest} on the message, with nothing else under way, raising the
         * claimed and shown revisions to {@code revision} when so. Any doubt, a ledger error included, says no:
         * render.
         */
        boolean unchanged(long revision, String digest) {
            if (ledger == null) {
                return false;
            }
            try {
                return ledger.get().confirmUnchanged(channel, ts, revision, digest);
            } catch (RuntimeException e) {
                LOG.warn("{} render ledger unavailable ({}); rendering", subject, e.toString());
                return false;
            }
        }

        /**
         * Throws {@link SlackBusyException} when a render of this very content is on its way (two steps rendering
         * at once): once it lands this one would change nothing, and if it fails this one's retry renders. A render
         * under way longer than {@link #SAME_CONTENT_WAIT} is not waited for (it may have died). Any ledger error:
         * render.
         */
        void deferToSameUnderWay(String digest) {
            boolean same;
            try {
                same = ledger != null && ledger.get().sameUnderWay(channel, ts, digest, SAME_CONTENT_WAIT);
            } catch (RuntimeException e) {
                LOG.warn("{} render ledger unavailable ({}); rendering", subject, e.toString());
                return;
            }
            if (same) {
                LOG.info("{} update deferred: a render of the same content is on its way", subject);
                throw new SlackBusyException("Slack chat.update of " + subject + ": a render of the same content is on "
                        + "its way; see whether it lands", SAME_CONTENT_RETRY);
            }
        }

        /** @return false when a newer revision has the message: do not send */
        boolean begin(long revision, String digest) {
            if (ledger == null) {
                return true;
            }
            try {
                Optional<RenderLedger.RenderClaim> begun = ledger.get().begin(channel, ts, revision, digest);
                claim = begun.orElse(null);
                return begun.isPresent();
            } catch (RuntimeException e) {
                LOG.warn("{} render ledger unavailable ({}); rendering", subject, e.toString());
                unclaimed = true;
                return true;
            }
        }

        /**
         * The call, paced, with {@code proceed} asked once the slot is there.
         *
         * @return Slack's answer, or null when {@code proceed} said no
         */
        @Nullable
        ChatUpdateResponse send(BooleanSupplier proceed, SlackCall<ChatUpdateResponse> update) {
            ChatUpdateResponse sent;
            try {
                sent = call("chat.update", channel, proceed, update);
            } catch (SlackBusyException | SlackRejectedException nothingDone) {
                end(false);
                throw nothingDone;
            } catch (RuntimeException unknown) {
                end(!(unknown instanceof SlackUnavailableException u && u.certainlyNotSent()));
                throw unknown;
            }
            if (sent != null) {
                landed();
            }
            return sent;
        }

        private void landed() {
            if (ledger == null) {
                return;
            }
            try {
                if (claim != null) {
                    ledger.get().landed(channel, ts, claim);
                } else if (unclaimed) {
                    forget();
                }
            } catch (RuntimeException e) {
                LOG.warn("{} render ledger unavailable ({}); shown but not recorded", subject, e.toString());
            }
        }

        private void end(boolean mayHaveLanded) {
            if (ledger == null) {
                return;
            }
            try {
                if (claim != null) {
                    ledger.get().failed(channel, ts, claim, mayHaveLanded);
                } else if (unclaimed && mayHaveLanded) {
                    forget();
                }
            } catch (RuntimeException e) {
                LOG.warn("{} render ledger unavailable ({}); the render's end not recorded", subject, e.toString());
            }
        }

        /** A call went out unclaimed: whatever content the ledger recorded may no longer be the message's. */
        private void forget() {
            ledger.get().forget(channel, ts);
        }
    }

    /** Coalescing is bookkeeping: when the ledger cannot answer, render (an extra edit beats a lost one). */
    private boolean newerClaimed(Alert alert) {
        if (ledger == null) {
            return false;
        }
        try {
            return ledger.get().claimed(alert.channel(), alert.messageTs()) > alert.revision();
        } catch (RuntimeException e) {
            LOG.warn("alertId={} render ledger unavailable ({}); rendering", alert.alertId(), e.toString());
            return false;
        }
    }

    @Override
    public void reply(Alert alert, TimelineEntry entry, List<String> mentions) {
        requireMessage(alert);
        lines.post(alert.channel(), alert.messageTs(), SlackGateway.lineKey(alert, entry),
                () -> renderer.replyText(alert, entry, mentions),
                (text, metadata) -> postLine(alert.channel(), alert.messageTs(), text, metadata));
        LOG.info("alertId={} replied kind={} mentions={}", alert.alertId(), entry.kind(),
                mentions == null ? 0 : mentions.size());
    }

    private void postLine(String channel, String threadTs, String text, Message.Metadata metadata) {
        call("chat.postMessage", channel, () -> methods.chatPostMessage(ChatPostMessageRequest.builder()
                .channel(channel)
                .threadTs(threadTs)
                .text(text)
                .metadata(metadata)
                .unfurlLinks(false)
                .unfurlMedia(false)
                .build()));
    }

    /**
     * Whether the thread holds the line: {@code conversations.replies} since {@code since}, with
     * {@code include_all_metadata}, at most {@value #HISTORY_PAGES} pages of {@value #HISTORY_PAGE_SIZE}. Asked
     * only by a retry after an attempt whose outcome is unknown (Tier 3, like conversations.history).
     */
    private boolean findLine(String channel, String threadTs, String key, Instant since) {
        String oldest = ts(since);
        return firstInPages(cursor -> {
            ConversationsRepliesResponse replies = call("conversations.replies", channel, () -> methods.conversationsReplies(
                    ConversationsRepliesRequest.builder()
                            .channel(channel)
                            .ts(threadTs)
                            .oldest(oldest)
                            .inclusive(true)
                            .includeAllMetadata(true)
                            .limit(HISTORY_PAGE_SIZE)
                            .cursor(cursor)
                            .build()));
            return new Page(replies.getMessages(), replies.isHasMore(), replies.getResponseMetadata());
        }, m -> ThreadLines.isLine(m, key), () -> LOG.warn("line={} not found in the newest {} lines of thread {} in "
                + "channel={} since {}; the search stops there", key, HISTORY_PAGES * HISTORY_PAGE_SIZE, threadTs,
                channel, since)).isPresent();
    }

    // ---- a route's storm message (ADR 0014) ----

    /** The metadata event type of a storm's message. */
    public static final String METADATA_STORM_EVENT_TYPE = "klaxon_storm";
    /** The metadata payload field holding the storm id. */
    public static final String METADATA_STORM_ID = "stormId";

    @Override
    public MessageRef postStorm(Storm storm, String channel, List<Alert> alerts) {
        if (channel == null || channel.isBlank()) {
            channel = defaultChannel;
        }
        if (channel == null) {
            throw new IllegalStateException("storm " + storm.stormId() + " has no Slack channel: set KLAXON_CHANNEL or the route's channel");
        }
        String to = channel;
        SlackMessage message = stormRenderer.render(storm, alerts);
        Message.Metadata metadata = Message.Metadata.builder().eventType(METADATA_STORM_EVENT_TYPE)
                .eventPayload(Map.of(METADATA_STORM_ID, storm.stormId())).build();
        ChatPostMessageResponse response = call("chat.postMessage", to, () -> methods.chatPostMessage(
                ChatPostMessageRequest.builder()
                        .channel(to)
                        .text(message.text())
                        .blocks(message.blocks())
                        .metadata(metadata)
                        .unfurlLinks(false)
                        .unfurlMedia(false)
                        .build()));
        String postedTo = response.getChannel() != null ? response.getChannel() : to;
        LOG.info("stormId={} posted channel={} ts={} alerts={}", storm.stormId(), postedTo, response.getTs(), alerts.size());
        return new MessageRef(postedTo, response.getTs());
    }

    @Override
    public Optional<MessageRef> findStormPosted(Storm storm, String channel, Instant since) {
        ConversationsHistoryResponse history = call("conversations.history", channel, () -> methods.conversationsHistory(
                ConversationsHistoryRequest.builder()
                        .channel(channel)
                        .oldest(ts(since))
                        .inclusive(true)
                        .includeAllMetadata(true)
                        .limit(HISTORY_PAGE_SIZE)
                        .build()));
        List<Message> messages = history.getMessages() == null ? List.of() : history.getMessages();
        return messages.stream().filter(m -> m.getMetadata() != null
                        && METADATA_STORM_EVENT_TYPE.equals(m.getMetadata().getEventType())
                        && m.getMetadata().getEventPayload() != null
                        && storm.stormId().equals(String.valueOf(m.getMetadata().getEventPayload().get(METADATA_STORM_ID))))
                .findFirst().map(m -> new MessageRef(channel, m.getTs()));
    }

    @Override
    public void updateStorm(Storm storm, List<Alert> alerts, long revision) {
        // A render of alerts read already: it wants and claims exactly its own revision.
        updateStorm(storm, revision, () -> revision, () -> alerts);
    }

    @Override
    public void updateStorm(Storm storm, long wanted, LongSupplier newest, Supplier<List<Alert>> alerts) {
        if (!storm.hasMessage()) {
            throw new IllegalStateException("storm " + storm.stormId() + " has no Slack message yet: post it first");
        }
        // Skipped only when a newer state has landed, not when one is merely claimed: the render that claimed it
        // may fail, and this step's retry would then be the one to show the change (RenderLedger#shown).
        if (stormNewerShown(storm, wanted)) {
            LOG.info("stormId={} update for revision={} skipped: a newer state is shown", storm.stormId(), wanted);
            return;
        }
        // What to render is decided once the slot is there: the newest revision counted by then, and the
        // alerts read after it, so this call shows every change that waited for the slot. A content the message
        // shows already, with no render under way, is not sent (the slot is spent by then: the content is not
        // known before it).
        StormRender render = new StormRender();
        Rendering rendering = new Rendering("stormId=" + storm.stormId(), storm.channel(), storm.messageTs());
        ChatUpdateResponse sent = rendering.send(() -> {
            if (stormNewerShown(storm, wanted)) {
                return false; // shown while this step waited for the slot
            }
            render.revision = Math.max(wanted, newest.getAsLong());
            List<Alert> shown = alerts.get();
            render.alerts = shown.size();
            render.message = stormRenderer.render(storm, shown);
            render.digest = ContentDigest.of(render.message.text(), render.message.blocks(), List.of());
            if (rendering.unchanged(render.revision, render.digest)) {
                render.unchanged = true;
                return false;
            }
            rendering.deferToSameUnderWay(render.digest);
            return rendering.begin(render.revision, render.digest);
        }, () -> methods.chatUpdate(ChatUpdateRequest.builder()
                .channel(storm.channel())
                .ts(storm.messageTs())
                .text(render.message.text())
                .blocks(render.message.blocks())
                .build()));
        if (sent == null) {
            if (render.unchanged) {
                LOG.info("stormId={} update of revision={} skipped: Slack shows this content already", storm.stormId(),
                        render.revision);
            } else {
                LOG.info("stormId={} update for revision={} skipped: a newer state took the message while it waited",
                        storm.stormId(), wanted);
            }
            return;
        }
        if (stormNewerClaimed(storm, render.revision)) {
            throw new SlackBusyException("Slack chat.update of storm " + storm.stormId() + " revision " + render.revision
                    + " may have landed after a newer one: render again", Duration.ZERO);
        }
        LOG.info("stormId={} updated revision={} (wanted {}) alerts={}", storm.stormId(), render.revision, wanted,
                render.alerts);
    }

    /** What a coalesced storm update rendered, decided once its Slack slot was there. */
    private static final class StormRender {
        long revision;
        int alerts;
        SlackMessage message;
        String digest;
        /** Slack showed this content already: not sent. */
        boolean unchanged;
    }

    private boolean stormNewerClaimed(Storm storm, long revision) {
        return stormNewer(storm, revision, RenderLedger::claimed);
    }

    private boolean stormNewerShown(Storm storm, long revision) {
        return stormNewer(storm, revision, RenderLedger::shown);
    }

    /** Whether the ledger's revision of the storm message ({@code which}: claimed or shown) is above {@code revision}. */
    private boolean stormNewer(Storm storm, long revision, RevisionOf which) {
        try {
            return ledger != null && which.of(ledger.get(), storm.channel(), storm.messageTs()) > revision;
        } catch (RuntimeException e) {
            LOG.warn("stormId={} render ledger unavailable ({}); rendering", storm.stormId(), e.toString());
            return false;
        }
    }

    private interface RevisionOf {
        long of(RenderLedger ledger, String channel, String ts);
    }

    @Override
    public void replyStorm(Storm storm, String key, Supplier<String> text) {
        if (!storm.hasMessage()) {
            throw new IllegalStateException("storm " + storm.stormId() + " has no Slack message yet: post it first");
        }
        lines.post(storm.channel(), storm.messageTs(), key, () -> stormRenderer.replyText(text.get()),
                (line, metadata) -> postLine(storm.channel(), storm.messageTs(), line, metadata));
        LOG.info("stormId={} replied line={}", storm.stormId(), key);
    }

    @Override
    public void ephemeral(String channel, String userId, String text) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(userId, "userId");
        call("chat.postEphemeral", channel, () -> methods.chatPostEphemeral(ChatPostEphemeralRequest.builder()
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

    /** One call, paced (it may wait for its slot, or throw {@link io.klaxon.slack.SlackBusyException}). */
    private <T extends SlackApiTextResponse> T call(String method, @Nullable String channel, SlackCall<T> call) {
        return call(method, channel, () -> true, call);
    }

    /**
     * @param proceed asked once the slot is there; false: the call is no longer wanted
     * @return Slack's answer, or null when {@code proceed} said no
     */
    @Nullable
    private <T extends SlackApiTextResponse> T call(String method, @Nullable String channel, BooleanSupplier proceed,
                                                    SlackCall<T> call) {
        pacing.before(method, channel, timeToWait(method));
        if (!proceed.getAsBoolean()) {
            return null;
        }
        Map<String, String> byMethod = Map.of("Method", method);
        metrics.count("SlackCalls", 1, byMethod);
        try {
            return answer(method, channel, call);
        } catch (SlackBusyException rateLimited) {
            metrics.count("SlackRateLimited", 1, byMethod);
            throw rateLimited;
        } catch (SlackUnavailableException | SlackRejectedException failed) {
            metrics.count("SlackErrors", 1, byMethod);
            throw failed;
        }
    }

    /**
     * How long this call may wait for its paced slot and still get its answer before the invocation must have
     * answered; null outside an invocation with a deadline.
     *
     * @throws SlackOutOfTimeException when not even the call itself fits: a paged lookup or a step's
     *                                 second or third call stops here, before Lambda kills it mid-call
     */
    @Nullable
    private Duration timeToWait(String method) {
        Optional<Instant> deadline = InvocationDeadline.current();
        if (deadline.isEmpty()) {
            return null;
        }
        Duration left = Duration.between(clock.instant(), deadline.get());
        if (left.compareTo(callTimeout) < 0) {
            LOG.warn("Slack {} not called: {} ms left in this invocation, a call may take {} ms; the step is retried",
                    method, Math.max(0, left.toMillis()), callTimeout.toMillis());
            throw new SlackOutOfTimeException(method, left, callTimeout);
        }
        return left.minus(callTimeout);
    }

    private <T extends SlackApiTextResponse> T answer(String method, @Nullable String channel, SlackCall<T> call) {
        T response;
        try {
            response = call.call();
        } catch (SlackApiException e) {
            int status = e.getResponse().code();
            String error = e.getError() != null && e.getError().getError() != null ? e.getError().getError() : null;
            if (status == 429) {
                // Everyone waits out Retry-After, not only this call (ADR 0013).
                throw pacing.rateLimited(method, channel, e.getResponse().header("Retry-After"));
            }
            if (status == 408 || status >= 500) {
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
