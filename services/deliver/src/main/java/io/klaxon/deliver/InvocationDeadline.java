package io.klaxon.deliver;

import java.time.Duration;
import java.time.Instant;

/**
 * When an invocation must be done telling destinations: Lambda's remaining time less a reserve, so that
 * what was delivered is recorded and the answer (or the failure Lambda retries) is given before Lambda's
 * timeout ends the invocation and loses both.
 */
final class InvocationDeadline {

    /** The most kept back for the ledger's last writes, the counts and the answer. */
    static final Duration RESERVE = Duration.ofSeconds(5);
    /**
     * The time an invocation has when no Lambda Context says (the local runtime calls the handler
     * directly): the template's Timeout of the deliver function.
     */
    static final Duration WITHOUT_CONTEXT = Duration.ofSeconds(120);

    private InvocationDeadline() {
    }

    /**
     * @param remaining the invocation's remaining time, as the Lambda Context reports it; null: unknown
     * @return {@code now} plus the remaining time less a quarter of it, at most {@link #RESERVE}
     */
    static Instant of(Instant now, Duration remaining) {
        Duration time = remaining == null ? WITHOUT_CONTEXT : remaining;
        Duration quarter = time.dividedBy(4);
        return now.plus(time.minus(quarter.compareTo(RESERVE) < 0 ? quarter : RESERVE));
    }
}
