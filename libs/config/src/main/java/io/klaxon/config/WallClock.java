package io.klaxon.config;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;

/**
 * When a local wall-clock time in a zone happens, for schedules' handoffs and overrides.
 *
 * <ul>
 *   <li>A time that happens once: that instant.</li>
 *   <li>A time skipped by a DST change (02:30 on a spring-forward night in Berlin): the first instant
 *       after the gap, i.e. the moment of the change (03:00 CEST). Note: {@code ZonedDateTime.of}
 *       would instead move it by the gap's length (03:30); a handoff should not come later than the
 *       clock allows.</li>
 *   <li>A time that happens twice (02:30 on a fall-back night): its first occurrence (the earlier
 *       offset), as {@code ZonedDateTime.of} does.</li>
 * </ul>
 */
public final class WallClock {

    private WallClock() {
    }

    public static Instant instantOf(LocalDateTime local, ZoneId zone) {
        ZoneOffsetTransition transition = zone.getRules().getTransition(local);
        if (transition != null && transition.isGap()) {
            return transition.getInstant();
        }
        // Not in a gap: ZonedDateTime.of keeps the earlier offset for an overlap, the only offset otherwise.
        return local.atZone(zone).toInstant();
    }
}
