package io.klaxon.domain.port;

import java.time.Duration;
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

    // ---- what the message shows: a render whose content Slack shows already is not sent (ADR 0013) ----

    /**
     * A render under way, from {@link #begin} until {@link #landed} or {@link #failed}.
     *
     * @param digest the digest of the content it sends (as Slack would be told it)
     */
    record RenderClaim(long revision, String digest) {
    }

    /**
     * Claims the message for a render of {@code revision} sending content {@code digest}, like {@link #claim}, and
     * counts it as under way until {@link #landed} or {@link #failed} ends it.
     *
     * @return empty when a newer revision was claimed already: skip this render. The default, for ledgers that
     *         track no renders under way, is {@link #claim}.
     */
    default Optional<RenderClaim> begin(String channel, String ts, long revision, String digest) {
        return claim(channel, ts, revision) ? Optional.of(new RenderClaim(revision, digest)) : Optional.empty();
    }

    /**
     * Slack took the render {@code claim} (its answer said ok). Raises {@link #shown} to its revision, and
     * records its content as what the message shows when every render under way, or ended since none was,
     * carries that same content (whichever lands last, the message shows it); otherwise forgets any recorded
     * content, since another may land after this one. The default is {@link #recordShown}.
     */
    default void landed(String channel, String ts, RenderClaim claim) {
        recordShown(channel, ts, claim.revision());
    }

    /**
     * The render {@code claim} ended without Slack's ok. {@code mayHaveLanded}: its outcome is unknown (a 5xx, a
     * lost answer), so the recorded content is forgotten unless it is this very content and every render under
     * way carries it too; false: Slack certainly changed nothing (a 429, a refusal).
     */
    default void failed(String channel, String ts, RenderClaim claim, boolean mayHaveLanded) {
    }

    /**
     * Whether a render of this very content, which the message does not show yet, began less than {@code within}
     * ago and is still under way, with nothing else under way: sending it again would change nothing once that one
     * lands, and that one's end decides whether it did. The default, for ledgers that track no renders, is false.
     */
    default boolean sameUnderWay(String channel, String ts, String digest, Duration within) {
        return false;
    }

    /**
     * A render went out without {@link #begin} (the ledger could not answer then): the message may show
     * something the ledger never saw, so the recorded content is forgotten, and no render under way meanwhile
     * records its own.
     */
    default void forget(String channel, String ts) {
    }

    /**
     * One conditional write, asked before sending a render of {@code revision} whose content has the digest
     * {@code digest}: succeeds only when the message is known to show exactly that content (recorded by
     * {@link #landed}), every render under way (if any) carries it too, and neither the shown nor the claimed
     * revision is newer; it then raises both to {@code revision} at once, so that an older render's claim fails
     * afterwards.
     *
     * @return true: Slack shows this content already, skip the call; false: send it. The default, for ledgers
     *         that record no content, is false.
     */
    default boolean confirmUnchanged(String channel, String ts, long revision, String digest) {
        return false;
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
