package io.klaxon.domain.alert;

import io.klaxon.domain.storm.StormSettings;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * How an unclaimed alert escalates. A snapshot of it is copied into the alert when it opens, so
 * later edits of the policy do not change alerts in flight.
 *
 * @param claimTimeoutSeconds  how long an unclaimed alert waits before the next escalation level
 * @param remindAfterSeconds   how long a claimed alert waits before its owner is reminded
 * @param levels               who is mentioned at each level; level 1 is the first escalation.
 *                             Past the last level the last one repeats.
 * @param autoResolveOnRecovery whether a RECOVERED signal resolves an unclaimed alert
 * @param flapWindowSeconds    how long after an automatic resolution a FIRING reopens the same
 *                             occurrence, and the window in which state changes count towards
 *                             flapping (0: {@link #DEFAULT_FLAP_WINDOW_SECONDS}, as for alerts
 *                             stored before it existed)
 * @param flapThreshold        more state changes than this within the window mark the alert
 *                             flapping (0: {@link #DEFAULT_FLAP_THRESHOLD})
 * @param storm                when the route enters storm mode (null given: the defaults, ADR 0014)
 */
@Serdeable
public record EscalationPolicy(
        String route,
        String channel,
        long claimTimeoutSeconds,
        long remindAfterSeconds,
        List<Level> levels,
        boolean autoResolveOnRecovery,
        long flapWindowSeconds,
        int flapThreshold,
        @Nullable StormSettings storm) {

    public EscalationPolicy {
        levels = levels == null ? List.of() : List.copyOf(levels);
        // Policies stored before storms existed take the defaults.
        storm = storm == null ? StormSettings.DEFAULT : storm;
    }

    /** 15 minutes: an alarm that re-fires this soon after recovering is the same problem. */
    public static final long DEFAULT_FLAP_WINDOW_SECONDS = 900;
    /** More than 5 state changes within the window mark an alarm flapping. */
    public static final int DEFAULT_FLAP_THRESHOLD = 5;

    /** A policy with the default flap window and threshold and the default storm settings. */
    public EscalationPolicy(String route, String channel, long claimTimeoutSeconds, long remindAfterSeconds,
                            List<Level> levels, boolean autoResolveOnRecovery) {
        this(route, channel, claimTimeoutSeconds, remindAfterSeconds, levels, autoResolveOnRecovery, 0, 0, null);
    }

    /** A policy with the default storm settings. */
    public EscalationPolicy(String route, String channel, long claimTimeoutSeconds, long remindAfterSeconds,
                            List<Level> levels, boolean autoResolveOnRecovery, long flapWindowSeconds,
                            int flapThreshold) {
        this(route, channel, claimTimeoutSeconds, remindAfterSeconds, levels, autoResolveOnRecovery,
                flapWindowSeconds, flapThreshold, null);
    }

    /** A policy with the default flap window and threshold. */
    public EscalationPolicy(String route, String channel, long claimTimeoutSeconds, long remindAfterSeconds,
                            List<Level> levels, boolean autoResolveOnRecovery, @Nullable StormSettings storm) {
        this(route, channel, claimTimeoutSeconds, remindAfterSeconds, levels, autoResolveOnRecovery, 0, 0, storm);
    }

    /** The flap window in seconds, the default when none was configured. */
    public long flapWindow() {
        return flapWindowSeconds > 0 ? flapWindowSeconds : DEFAULT_FLAP_WINDOW_SECONDS;
    }

    /** The flap threshold, the default when none was configured. */
    public int flapChanges() {
        return flapThreshold > 0 ? flapThreshold : DEFAULT_FLAP_THRESHOLD;
    }

    /** Past the last level, repeats slow down to at most one an hour. */
    public static final long MAX_REPEAT_SECONDS = 3600;

    /**
     * How long an unclaimed alert at {@code level} waits before the next escalation. Until the last
     * level it is {@code claimTimeoutSeconds}; past it the last level repeats with the wait doubling
     * each time, up to {@link #MAX_REPEAT_SECONDS} (or the configured timeout, if longer). A page
     * nobody answers keeps being repeated, hourly, and the workflow's history stays bounded.
     */
    public long claimTimeoutAt(int level) {
        long base = Math.max(1, claimTimeoutSeconds);
        int repeats = level - Math.max(1, levels.size()) + 1;
        if (repeats <= 0) {
            return base;
        }
        long cap = Math.max(base, MAX_REPEAT_SECONDS);
        return repeats >= 32 ? cap : Math.min(cap, base << repeats);
    }

    /** The level reached after {@code level} escalations (1-based), repeating the last one. */
    public Level level(int level) {
        if (levels.isEmpty() || level < 1) {
            return new Level(List.of(), false);
        }
        return levels.get(Math.min(level, levels.size()) - 1);
    }

    /**
     * @param mentions Slack mention targets: user ids ({@code U…}), user-group ids ({@code S…}) or
     *                 the special {@code here} / {@code channel}
     * @param page     whether this level is a page (rules on "Alert Escalated" may act on it)
     */
    @Serdeable
    public record Level(List<String> mentions, boolean page) {
        public Level {
            mentions = mentions == null ? List.of() : List.copyOf(mentions);
        }
    }
}
