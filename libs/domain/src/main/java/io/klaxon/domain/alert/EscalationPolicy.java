package io.klaxon.domain.alert;

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
 */
@Serdeable
public record EscalationPolicy(
        String route,
        String channel,
        long claimTimeoutSeconds,
        long remindAfterSeconds,
        List<Level> levels,
        boolean autoResolveOnRecovery) {

    public EscalationPolicy {
        levels = levels == null ? List.of() : List.copyOf(levels);
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
