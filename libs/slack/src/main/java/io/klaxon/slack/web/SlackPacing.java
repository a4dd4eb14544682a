package io.klaxon.slack.web;

import io.klaxon.domain.port.CallBudget;
import io.klaxon.domain.port.CallBudget.Rate;
import io.klaxon.domain.port.CallBudget.Slot;
import io.klaxon.slack.SlackBusyException;
import io.micronaut.core.annotation.Nullable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps Klaxon's Slack calls inside Slack's own limits, with one {@link CallBudget} that every
 * function shares (ADR 0013). Before a call it takes a slot for (method, channel); a slot a few
 * seconds away is waited for here, a further one throws {@link SlackBusyException} for the workflow
 * to retry. A 429 records its {@code Retry-After} so that no call of that method to that channel is
 * made before it expires, by any Lambda.
 *
 * <p>Rates, from Slack's documentation (api.slack.com/apis/rate-limits and the methods' pages):
 * {@code chat.postMessage} "1 message per second per channel" (short bursts allowed);
 * {@code chat.update}, {@code conversations.history} and {@code conversations.replies} are Tier 3, "50+ per
 * minute", per method per workspace; {@code chat.postEphemeral} is Tier 4, "100+ per minute". Thread replies are
 * {@code chat.postMessage} calls and share the channel's budget.
 */
public class SlackPacing {

    private static final Logger LOG = LoggerFactory.getLogger(SlackPacing.class);

    /**
     * chat.postMessage: one per second per channel. Slack allows short bursts without saying how
     * long; 3 back to back is our guess, so an alert's post and its first reply do not wait.
     */
    static final Rate POST_PER_CHANNEL = new Rate(Duration.ofSeconds(1), 3);
    /** Tier 3 (chat.update, conversations.history): 50 per minute per workspace, bursts of 10 (ours). */
    static final Rate TIER_3 = new Rate(perMinute(50), 10);
    /** Tier 4 (chat.postEphemeral): 100 per minute per workspace, bursts of 10 (ours). */
    static final Rate TIER_4 = new Rate(perMinute(100), 10);
    /** The longest a call waits for its slot in process; beyond, the workflow waits instead. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(3);
    /** When a 429 carries no usable Retry-After. */
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

    /** Waits in process; a test may count instead. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    @Nullable
    private final Supplier<CallBudget> budgets;
    /** Resolved at the first call: building it builds a DynamoDB client, which start-up need not. */
    @Nullable
    private volatile CallBudget budget;
    private final Clock clock;
    private final Duration maxWait;
    private final Sleeper sleeper;

    /**
     * @param budget the shared budget; null paces nothing (the console sink, unit tests)
     */
    public SlackPacing(@Nullable CallBudget budget, Clock clock, Duration maxWait, Sleeper sleeper) {
        this(budget == null ? null : () -> budget, clock, maxWait, sleeper);
    }

    /** @param budgets gives the shared budget when the first call needs it; null paces nothing */
    public SlackPacing(@Nullable Supplier<CallBudget> budgets, Clock clock, Duration maxWait, Sleeper sleeper) {
        this.budgets = budgets;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxWait = Objects.requireNonNull(maxWait, "maxWait");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /**
     * The spacing of {@code calls} a minute, in whole milliseconds (exact for 50 and 100). Not
     * {@code Duration.dividedBy(long)}: it divides through BigDecimal, whose static set-up (~10 ms in a cold JVM:
     * BigInteger powers, interpreted) was the only use of BigDecimal on notify's cold path.
     */
    private static Duration perMinute(int calls) {
        return Duration.ofMillis(Duration.ofMinutes(1).toMillis() / calls);
    }

    public static SlackPacing unpaced() {
        return new SlackPacing((Supplier<CallBudget>) null, Clock.systemUTC(), Duration.ZERO, d -> { });
    }

    public static SlackPacing shared(Supplier<CallBudget> budgets, Clock clock) {
        return new SlackPacing(budgets, clock, DEFAULT_MAX_WAIT, d -> Thread.sleep(d.toMillis()));
    }

    private CallBudget budget() {
        CallBudget b = budget;
        if (b == null) {
            b = budgets.get();
            budget = b;
        }
        return b;
    }

    /**
     * Returns when the call may go (after waiting for its slot, when that is short).
     *
     * @throws SlackBusyException when the slot is further away than this process waits
     */
    public void before(String method, @Nullable String channel) {
        before(method, channel, null);
    }

    /**
     * As {@link #before(String, String)}, waiting at most {@code longest} for the slot (the time the invocation
     * has left for it); a slot further away throws {@link SlackBusyException}, as one beyond the usual wait does.
     *
     * @param longest null: the usual wait
     */
    public void before(String method, @Nullable String channel, @Nullable Duration longest) {
        if (budgets == null) {
            return;
        }
        String key = key(method, channel);
        Duration wait = longest == null || longest.compareTo(maxWait) >= 0 ? maxWait
                : longest.isNegative() ? Duration.ZERO : longest;
        Slot slot;
        try {
            slot = budget().take(key, rate(method), wait);
        } catch (RuntimeException e) {
            // The budget is bookkeeping: when its table cannot answer, the alert still goes out and
            // Slack's own 429 (recorded once the table answers again) is the guard.
            LOG.warn("Slack pacing unavailable for {} ({}); calling unpaced", key, e.toString());
            return;
        }
        if (!slot.taken()) {
            throw busy(method, channel, slot.delay());
        }
        if (slot.delay().isZero()) {
            return;
        }
        try {
            sleeper.sleep(slot.delay());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy(method, channel, slot.delay());
        }
        // A 429 may have come back to another caller while this one waited: its slot is void then.
        Instant held = heldUntil(key);
        Instant now = clock.instant();
        if (held.isAfter(now)) {
            throw busy(method, channel, Duration.between(now, held));
        }
    }

    private Instant heldUntil(String key) {
        try {
            return budget().heldUntil(key);
        } catch (RuntimeException e) {
            LOG.warn("Slack pacing unavailable for {} ({}); calling unpaced", key, e.toString());
            return Instant.MIN;
        }
    }

    /**
     * Slack answered 429: no call of {@code method} to {@code channel} before {@code retryAfter}
     * passes, in any process.
     *
     * @return the exception to throw (the workflow retries it)
     */
    public SlackBusyException rateLimited(String method, @Nullable String channel, @Nullable String retryAfterHeader) {
        Duration retryAfter = retryAfter(retryAfterHeader);
        String key = key(method, channel);
        if (budgets != null) {
            try {
                budget().holdOff(key, clock.instant().plus(retryAfter));
            } catch (RuntimeException e) {
                LOG.warn("could not record Slack's Retry-After for {} ({})", key, e.toString());
            }
        }
        LOG.warn("Slack rate-limited {}: no call before {} s", key, retryAfter.toSeconds());
        return new SlackBusyException("Slack " + method + " answered HTTP 429 (retry after " + retryAfter.toSeconds()
                + "s)", retryAfter);
    }

    private static SlackBusyException busy(String method, @Nullable String channel, Duration delay) {
        return new SlackBusyException("Slack " + method + " for " + scope(method, channel)
                + " is paced: next call in " + delay.toMillis() + " ms", delay);
    }

    static Duration retryAfter(@Nullable String header) {
        if (header == null || header.isBlank()) {
            return DEFAULT_RETRY_AFTER;
        }
        try {
            long seconds = Long.parseLong(header.trim());
            return seconds < 1 ? Duration.ofSeconds(1) : Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            return DEFAULT_RETRY_AFTER;
        }
    }

    /** The budget's key: per channel for chat.postMessage, per workspace for the tiered methods. */
    static String key(String method, @Nullable String channel) {
        return "slack#" + method + "#" + scope(method, channel);
    }

    private static String scope(String method, @Nullable String channel) {
        return perChannel(method) && channel != null ? channel : "workspace";
    }

    private static boolean perChannel(String method) {
        return "chat.postMessage".equals(method);
    }

    static Rate rate(String method) {
        return switch (method) {
            case "chat.postMessage" -> POST_PER_CHANNEL;
            case "chat.update", "conversations.history", "conversations.replies" -> TIER_3;
            case "chat.postEphemeral" -> TIER_4;
            default -> Rate.UNLIMITED;
        };
    }
}
