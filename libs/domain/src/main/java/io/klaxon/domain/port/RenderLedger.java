package io.klaxon.domain.port;

import java.time.Instant;
import java.util.Optional;

/**
 * Which state of each message was last sent to be shown, shared by every process, so that a render
 * of an older state is skipped instead of sent after a newer one (coalescing, ADR 0013). States are
 * ordered by the alert's {@code revision}, which grows with every stored write.
 */
public interface RenderLedger {

    /** The revision last claimed for the message, or -1 when none is known. */
    long claimed(String channel, String ts);

    /**
     * Claims the message for a render of {@code revision}: succeeds unless a newer revision was
     * claimed already (the same one may be claimed again: a retried render must go out).
     *
     * @return false when a newer render has the message: skip this one
     */
    boolean claim(String channel, String ts, long revision);

    /**
     * The newest revision Slack took a render of, or -1. A claim says a render is on its way; this says one
     * landed. A step that would skip its render because a newer one exists must ask this, not
     * {@link #claimed}: the render that claimed the newest revision may have failed (a 5xx, a lost
     * answer), and its retry may not render that revision again (a storm's retried step wants its own,
     * older revision), so skipping on the claim alone could leave the message a state behind for good.
     * The default, for ledgers that do not record it, is the claim.
     */
    default long shown(String channel, String ts) {
        return claimed(channel, ts);
    }

    /** Records that Slack took the render of {@code revision}; only ever raised. */
    default void recordShown(String channel, String ts, long revision) {
    }

    // ---- thread lines: each posted once (ADR 0003, "Replying once") ----

    /**
     * An earlier attempt at one thread line.
     *
     * @param attempt when that attempt began (or, once its lease was ended early, one lease before)
     * @param posted  whether Slack is known to hold the line
     */
    record ReplyMark(Instant attempt, boolean posted) {
    }

    /**
     * Marks an attempt to post the thread line {@code key} under the message {@code threadTs}, unless one
     * was marked before.
     *
     * @return empty when this attempt is the first (it posts); otherwise the earlier attempt's mark. The
     *         default, for ledgers that keep no marks, is always empty: every attempt posts.
     */
    default Optional<ReplyMark> markReply(String channel, String threadTs, String key, Instant attempt) {
        return Optional.empty();
    }

    /**
     * Moves the mark of the line from {@code expected} to {@code attempt}, only while it still holds
     * {@code expected} (or already {@code attempt}) and is not posted: of two attempts that take over the
     * same mark, one wins.
     */
    default boolean takeOverReply(String channel, String threadTs, String key, Instant expected, Instant attempt) {
        return true;
    }

    /** Removes the mark made at {@code attempt}, which certainly sent nothing; another attempt's is kept. */
    default void forgetReply(String channel, String threadTs, String key, Instant attempt) {
    }

    /** Records that Slack holds the line. */
    default void recordReplied(String channel, String threadTs, String key) {
    }
}
