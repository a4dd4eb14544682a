package io.klaxon.config;

import java.time.Duration;
import java.util.List;

/**
 * An escalation policy as configured. Snapshotted into an alert when it opens, with schedule
 * <em>names</em> kept so a handoff during an incident pages the new person.
 *
 * @param levels in order; past the last, the last repeats (with the existing back-off)
 * @param flapWindow how soon after a recovery resolved an alert automatically a FIRING reopens it,
 *                   and the window in which more than 5 state changes mark the alarm flapping
 */
public record Policy(String name, Duration claimTimeout, Duration remindAfter, boolean autoResolve, List<Level> levels,
                     Duration flapWindow) {

    public static final Duration DEFAULT_CLAIM_TIMEOUT = Duration.ofMinutes(5);
    public static final Duration DEFAULT_REMIND_AFTER = Duration.ofHours(1);
    /** The template's bounds on EscalateAfterSeconds and RemindAfterSeconds, kept for the file too. */
    public static final Duration MIN_CLAIM_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration MIN_REMIND_AFTER = Duration.ofSeconds(60);

    public static final Duration DEFAULT_FLAP_WINDOW = Duration.ofMinutes(15);
    public static final Duration MIN_FLAP_WINDOW = Duration.ofSeconds(1);

    public Policy {
        levels = List.copyOf(levels);
        flapWindow = flapWindow == null ? DEFAULT_FLAP_WINDOW : flapWindow;
    }

    /** A policy with the default flap window. */
    public Policy(String name, Duration claimTimeout, Duration remindAfter, boolean autoResolve, List<Level> levels) {
        this(name, claimTimeout, remindAfter, autoResolve, levels, DEFAULT_FLAP_WINDOW);
    }

    public record Level(List<Mention> mention, boolean page) {
        public Level {
            mention = List.copyOf(mention);
        }
    }
}
