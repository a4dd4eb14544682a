package io.klaxon.config;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

/**
 * An on-call rotation: {@code members} take turns, one shift of {@code every} each, handing off at
 * {@code handoff} local time; {@code members[0]} has the shift that starts on {@code start}.
 *
 * <p>Shift boundaries are wall-clock times: boundary {@code k} is {@code start} at {@code handoff},
 * plus {@code k × every} on the local clock, so a daily or weekly handoff stays at 09:00 across DST
 * and a 12-hour one at 09:00 and 21:00. {@link WallClock} says when a boundary that DST skips or
 * repeats takes effect.
 */
public record Schedule(String name, ZoneId timezone, LocalDate start, LocalTime handoff, Duration every,
                       List<String> members, List<Override> overrides) {

    /** Shorter shifts would hand off more often than anybody can follow, and make DST gaps swallow whole shifts. */
    public static final Duration MIN_SHIFT = Duration.ofHours(1);

    public Schedule {
        members = List.copyOf(members);
        overrides = List.copyOf(overrides);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a schedule has at least one member");
        }
        if (every.compareTo(MIN_SHIFT) < 0) {
            throw new IllegalArgumentException("a shift is at least " + MIN_SHIFT);
        }
    }

    /**
     * Somebody covers for the rotation during local times {@code [from, to)} in the schedule's zone.
     */
    public record Override(String user, LocalDateTime from, LocalDateTime to) {

        public boolean covers(Instant at, ZoneId zone) {
            return !at.isBefore(WallClock.instantOf(from, zone)) && at.isBefore(WallClock.instantOf(to, zone));
        }
    }

    /**
     * Who is on call at {@code at}: an override covering it wins; otherwise {@code members[count mod n]}
     * where {@code count} is the number of handoffs since the first shift began. Before {@code start}
     * the rotation runs backwards, so somebody is always on call.
     */
    public String onCall(Instant at) {
        for (Override o : overrides) {
            if (o.covers(at, timezone)) {
                return o.user();
            }
        }
        return members.get((int) Math.floorMod(handoffsBefore(at), (long) members.size()));
    }

    /** When shift {@code k} begins (k = 0 is the first shift, on {@code start}). */
    public Instant shiftStart(long k) {
        return WallClock.instantOf(start.atTime(handoff).plusSeconds(Math.multiplyExact(k, every.toSeconds())), timezone);
    }

    /** The largest k whose shift has begun at {@code at}: DST moves a boundary by hours, so the estimate is off by one or two at most. */
    private long handoffsBefore(Instant at) {
        long k = Math.floorDiv(Duration.between(shiftStart(0), at).toSeconds(), every.toSeconds());
        while (shiftStart(k).isAfter(at)) {
            k--;
        }
        while (!shiftStart(k + 1).isAfter(at)) {
            k++;
        }
        return k;
    }
}
