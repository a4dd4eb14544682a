package io.klaxon.domain.port;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A budget of calls to an outside service, shared by every process that calls it (concurrent
 * Lambdas included), so that together they keep to the service's rate limits. One budget per key
 * (for Slack: method and channel, or method alone for a workspace-wide limit).
 *
 * <p>Slots are spaced by the rate's interval (a generic cell rate algorithm: {@code burst} calls may
 * go back to back, then one per interval). A hold-off (the service answered "too many, retry after
 * N seconds") blocks every slot of the key until it ends.
 */
public interface CallBudget {

    /**
     * Takes the next slot for one call, if it is at most {@code maxWait} away.
     *
     * @return the slot taken and how long until it starts (the caller waits that long, then calls),
     *         or, when the next free slot is further away than {@code maxWait}, not taken and how
     *         long until it would be free (nothing is reserved then)
     */
    Slot take(String key, Rate rate, Duration maxWait);

    /** No slot of {@code key} starts before {@code until} (a later hold-off already recorded stays). */
    void holdOff(String key, Instant until);

    /**
     * The end of the hold-off of {@code key}, possibly past. A caller that waited for its slot asks
     * again before calling: a hold-off may have been recorded while it waited.
     */
    Instant heldUntil(String key);

    /** How often calls under one key may go. */
    record Rate(Duration interval, int burst) {
        public Rate {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative() || burst < 1) {
                throw new IllegalArgumentException("a rate needs an interval >= 0 and a burst >= 1, got "
                        + interval + " and " + burst);
            }
        }

        /** {@code calls} per {@code period}, one at a time. */
        public static Rate of(int calls, Duration period) {
            return new Rate(period.dividedBy(calls), 1);
        }

        /** No spacing: only a hold-off stops the call. */
        public static final Rate UNLIMITED = new Rate(Duration.ZERO, 1);
    }

    /** The answer of {@link #take}. */
    record Slot(boolean taken, Duration delay) {
        public static Slot now() {
            return new Slot(true, Duration.ZERO);
        }
    }
}
