package io.klaxon.domain.port;

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
}
