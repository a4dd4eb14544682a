package io.klaxon.slack.web;

import com.slack.api.model.Message;
import io.klaxon.domain.port.RenderLedger;
import io.klaxon.domain.port.RenderLedger.ReplyMark;
import io.klaxon.slack.SlackBusyException;
import io.klaxon.slack.SlackRejectedException;
import io.klaxon.slack.SlackUnavailableException;
import io.micronaut.core.annotation.Nullable;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts each thread line once across the workflow's retries and Slack answers that were lost (ADR 0003,
 * "Replying once"). Every line has a key naming the change it tells and carries it as Slack message metadata.
 * Before posting, the attempt marks the key in the render ledger; after Slack took the line, it records it
 * posted. A retry that finds the line posted skips it; one that finds only the mark of an attempt that may
 * have landed looks for the line in the thread ({@code conversations.replies}, Tier 3: only then, never on
 * the happy path) and posts only if it is not there.
 */
final class ThreadLines {

    private static final Logger LOG = LoggerFactory.getLogger(ThreadLines.class);

    /** The metadata event type of a thread line. */
    static final String METADATA_EVENT_TYPE = "klaxon_reply";
    /** The metadata payload field holding the line's key. */
    static final String METADATA_KEY = "key";
    /**
     * How long an attempt that got no answer may still land: as the post's lease (ADR 0003), the notify
     * function's 30 s timeout plus 15 s for a request Slack stores late and for two instances' clocks.
     */
    static final Duration LEASE = Duration.ofSeconds(45);
    /** How far before the earlier attempt to look: Slack stamps lines with its own clock. */
    static final Duration LOOKUP_MARGIN = Duration.ofMinutes(2);
    /** How long a step waits for another attempt that took over the line's mark. */
    private static final Duration TAKEN_OVER = Duration.ofSeconds(2);

    /** Posts the line with its metadata (one {@code chat.postMessage} with {@code thread_ts}). */
    @FunctionalInterface
    interface Poster {
        void post(String text, Message.Metadata metadata);
    }

    /** Whether the thread holds the line with this key, posted at or after {@code since}. */
    @FunctionalInterface
    interface Finder {
        boolean find(String channel, String threadTs, String key, Instant since);
    }

    @Nullable
    private final Supplier<RenderLedger> ledger;
    private final Clock clock;
    private final Finder finder;

    /** @param ledger null: no marks, every attempt posts (as before lines were keyed) */
    ThreadLines(@Nullable Supplier<RenderLedger> ledger, Clock clock, Finder finder) {
        this.ledger = ledger;
        this.clock = clock;
        this.finder = finder;
    }

    static Message.Metadata metadata(String key) {
        return Message.Metadata.builder().eventType(METADATA_EVENT_TYPE).eventPayload(Map.of(METADATA_KEY, key)).build();
    }

    /** Whether a message of a thread is the line with this key. */
    static boolean isLine(Message m, String key) {
        Message.Metadata metadata = m.getMetadata();
        return metadata != null && METADATA_EVENT_TYPE.equals(metadata.getEventType())
                && metadata.getEventPayload() != null
                && key.equals(String.valueOf(metadata.getEventPayload().get(METADATA_KEY)));
    }

    /**
     * Posts the line {@code key} under {@code threadTs} unless Slack holds it already.
     *
     * @param text rendered only when the line is posted
     * @throws SlackBusyException when an earlier attempt may still land (its lease runs) or another attempt
     *                            took the line over: the workflow retries, and the retry finds the line
     */
    void post(String channel, String threadTs, String key, Supplier<String> text, Poster poster) {
        Instant attempt = clock.instant();
        Optional<ReplyMark> earlier;
        try {
            earlier = ledger == null ? Optional.empty() : ledger.get().markReply(channel, threadTs, key, attempt);
        } catch (RuntimeException e) {
            // Bookkeeping: without it the line may be doubled by a retry, never lost.
            LOG.warn("line={} render ledger unavailable ({}); replying without a mark", key, e.toString());
            poster.post(text.get(), metadata(key));
            return;
        }
        if (earlier.isPresent()) {
            ReplyMark mark = earlier.get();
            if (mark.posted()) {
                LOG.info("line={} is in the thread already: not replied again", key);
                return;
            }
            Instant until = mark.attempt().plus(LEASE);
            if (attempt.isBefore(until)) {
                throw new SlackBusyException("thread line " + key + ": an earlier attempt since " + mark.attempt()
                        + " may still land", Duration.between(attempt, until));
            }
            if (found(channel, threadTs, key, mark.attempt().minus(LOOKUP_MARGIN))) {
                LOG.info("line={} found in the thread, posted by an earlier attempt whose answer was lost", key);
                bookkeeping(key, "record it posted", l -> l.recordReplied(channel, threadTs, key));
                return;
            }
            if (!ledger.get().takeOverReply(channel, threadTs, key, mark.attempt(), attempt)) {
                throw new SlackBusyException("thread line " + key + " is being posted by another attempt", TAKEN_OVER);
            }
        }
        try {
            poster.post(text.get(), metadata(key));
        } catch (SlackBusyException | SlackRejectedException nothingSent) {
            giveBackMark(channel, threadTs, key, attempt, earlier);
            throw nothingSent;
        } catch (SlackUnavailableException failed) {
            if (failed.certainlyNotSent()) {
                // No connection to Slack was made: as certainly not posted as a refusal.
                giveBackMark(channel, threadTs, key, attempt, earlier);
            } else if (!(failed.getCause() instanceof IOException)) {
                // Slack answered (a 5xx, a transient error): nothing is in flight any more, but Slack may have kept
                // the line. End the lease so the next attempt looks at once instead of waiting.
                bookkeeping(key, "end its lease", l -> l.takeOverReply(channel, threadTs, key, attempt,
                        attempt.minus(LEASE)));
            }
            throw failed;
        }
        bookkeeping(key, "record it posted", l -> l.recordReplied(channel, threadTs, key));
    }

    /** Certainly not posted: gives the mark back, so the next attempt posts without looking first. */
    private void giveBackMark(String channel, String threadTs, String key, Instant attempt, Optional<ReplyMark> earlier) {
        bookkeeping(key, "give its mark back", l -> {
            if (earlier.isEmpty()) {
                l.forgetReply(channel, threadTs, key, attempt);
            } else {
                l.takeOverReply(channel, threadTs, key, attempt, earlier.get().attempt());
            }
        });
    }

    /** Looks for the line; when Slack refuses the lookup (no history scope), posting again beats losing it. */
    private boolean found(String channel, String threadTs, String key, Instant since) {
        try {
            return finder.find(channel, threadTs, key, since);
        } catch (SlackRejectedException e) {
            LOG.warn("line={} cannot look for an earlier attempt's line ({}); replying again, which may show it "
                    + "twice: add the channels:history scope (groups:history for a private channel)", key, e.error());
            return false;
        }
    }

    private void bookkeeping(String key, String what, java.util.function.Consumer<RenderLedger> write) {
        if (ledger == null) {
            return;
        }
        try {
            write.accept(ledger.get());
        } catch (RuntimeException e) {
            // The Slack outcome stands; a later attempt looks in the thread instead of trusting the mark.
            LOG.warn("line={} render ledger unavailable ({}): could not {}", key, e.toString(), what);
        }
    }
}
