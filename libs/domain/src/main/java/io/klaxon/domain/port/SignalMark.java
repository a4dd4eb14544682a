package io.klaxon.domain.port;

import java.time.Instant;

/**
 * What {@link AlertStore#markSignal} found for a source signal: whether this delivery is the one to
 * publish it.
 *
 * <p>A mark has two phases. It is made "publishing, by this delivery, until its lease ends", and
 * confirmed ({@link AlertStore#confirmSignal}) once the bus took the signal. Only a confirmed mark
 * makes a later delivery a duplicate: a delivery that died between marking and publishing (a hung
 * bus call past the function's timeout, an out-of-memory kill) leaves an unconfirmed mark, which
 * the source's retry takes over once the lease has run out, instead of dropping the signal.
 */
public sealed interface SignalMark {

    /**
     * This delivery holds the mark: publish, then confirm.
     *
     * @param tookOver it replaced an earlier delivery's unconfirmed mark whose lease had run out (that
     *                 delivery may have published after all: the signal may go out twice, never zero times)
     */
    record Held(boolean tookOver) implements SignalMark {
    }

    /** An earlier delivery published the signal (its mark is confirmed): this one is a redelivery. */
    record Published() implements SignalMark {
    }

    /**
     * An earlier delivery holds an unconfirmed mark and may still be publishing, until {@code leaseUntil}:
     * neither publish nor drop; fail so that the source retries after the lease.
     */
    record InFlight(Instant leaseUntil) implements SignalMark {
    }
}
