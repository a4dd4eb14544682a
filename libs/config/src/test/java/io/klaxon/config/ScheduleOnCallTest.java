package io.klaxon.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who is on call, instant by instant, around the 2026 DST changes: Europe/Berlin springs forward on
 * 29 March (02:00 CET → 03:00 CEST, at 01:00Z) and falls back on 25 October (03:00 CEST → 02:00 CET,
 * at 01:00Z); America/New_York on 8 March (02:00 EST → 03:00 EDT, at 07:00Z) and 1 November
 * (02:00 EDT → 01:00 EST, at 06:00Z). Every expected user is spelled out; none is computed.
 */
class ScheduleOnCallTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final List<String> ABC = List.of("UA", "UB", "UC");
    private static final List<String> AB = List.of("UA", "UB");

    record Case(String why, Schedule schedule, String at, String expected) {
        @Override
        public String toString() {
            return why + " @ " + at + " -> " + expected;
        }
    }

    private static Schedule schedule(ZoneId zone, String start, String handoff, String every, List<String> members,
                                     Schedule.Override... overrides) {
        return new Schedule("s", zone, LocalDate.parse(start), LocalTime.parse(handoff),
                DurationText.parse(every).orElseThrow(), members, List.of(overrides));
    }

    private static Schedule.Override override(String user, String from, String to) {
        return new Schedule.Override(user, LocalDateTime.parse(from), LocalDateTime.parse(to));
    }

    static Stream<Case> cases() {
        // Berlin, daily at 09:00 from Fri 27 March: UA 27th, UB 28th, UC 29th (the short day), UA 30th.
        Schedule berlinDaily = schedule(BERLIN, "2026-03-27", "09:00", "1d", ABC);
        // Berlin, daily at 02:30: on the 29th 02:30 does not exist.
        Schedule berlinSkipped = schedule(BERLIN, "2026-03-27", "02:30", "1d", ABC);
        // Berlin, daily at 02:30 in October: on the 25th 02:30 happens twice.
        Schedule berlinRepeated = schedule(BERLIN, "2026-10-23", "02:30", "1d", ABC);
        // The example's rotation: weekly, Mondays 09:00, from Mon 5 January, with an override over the change.
        Schedule berlinWeekly = schedule(BERLIN, "2026-01-05", "09:00", "1w", List.of("U01", "U02", "U03"),
                override("U09", "2026-03-28T00:00", "2026-03-30T00:00"));
        // New York, 12-hour shifts at 08:00 and 20:00 local.
        Schedule nySpring12h = schedule(NEW_YORK, "2026-03-06", "08:00", "12h", AB);
        Schedule nyFall12h = schedule(NEW_YORK, "2026-10-30", "08:00", "12h", AB);
        // New York, weekly on Sundays at 02:30 (skipped on 8 March) and at 01:30 (twice on 1 November).
        Schedule nyWeeklySkipped = schedule(NEW_YORK, "2026-03-01", "02:30", "1w", AB);
        Schedule nyWeeklyRepeated = schedule(NEW_YORK, "2026-10-25", "01:30", "1w", AB);
        // New York, daily at 09:00, with an override from local midnight to 03:00 across the fall-back (4 real hours).
        Schedule nyOverrideFall = schedule(NEW_YORK, "2026-10-31", "09:00", "1d", AB,
                override("U09", "2026-11-01T00:00", "2026-11-01T03:00"));
        // Berlin, daily at 09:00, with an override ending inside the skipped hour and one starting in the repeated hour
        // (211 days from 27 March to 24 October: UB has the 24th's shift).
        Schedule berlinOverrides = schedule(BERLIN, "2026-03-27", "09:00", "1d", ABC,
                override("U09", "2026-03-28T22:00", "2026-03-29T02:30"),
                override("U08", "2026-10-25T02:30", "2026-10-25T04:00"));

        return Stream.of(
                new Case("before start, the rotation runs backwards", berlinDaily, "2026-03-26T08:00:00Z", "UC"),
                new Case("last second before the first shift", berlinDaily, "2026-03-27T07:59:59Z", "UC"),
                new Case("first shift, 09:00 CET", berlinDaily, "2026-03-27T08:00:00Z", "UA"),
                new Case("second shift, 09:00 CET", berlinDaily, "2026-03-28T08:00:00Z", "UB"),
                new Case("spring-forward day, 08:59:59 CEST", berlinDaily, "2026-03-29T06:59:59Z", "UB"),
                new Case("spring-forward day, 09:00 CEST (an hour earlier in UTC)", berlinDaily, "2026-03-29T07:00:00Z", "UC"),
                new Case("day after, 09:00 CEST", berlinDaily, "2026-03-30T07:00:00Z", "UA"),

                new Case("02:30 CET on the 28th", berlinSkipped, "2026-03-28T01:30:00Z", "UB"),
                new Case("skipped handoff: last second of CET", berlinSkipped, "2026-03-29T00:59:59Z", "UB"),
                new Case("skipped handoff: takes effect at 03:00 CEST, the first instant after the gap", berlinSkipped,
                        "2026-03-29T01:00:00Z", "UC"),
                new Case("skipped handoff: not at 03:30 (ZonedDateTime.of's shift by the gap)", berlinSkipped,
                        "2026-03-29T01:15:00Z", "UC"),
                new Case("next handoff, 02:30 CEST", berlinSkipped, "2026-03-30T00:29:59Z", "UC"),
                new Case("next handoff, 02:30 CEST", berlinSkipped, "2026-03-30T00:30:00Z", "UA"),

                new Case("repeated handoff: before the first 02:30 CEST", berlinRepeated, "2026-10-25T00:29:59Z", "UB"),
                new Case("repeated handoff: first 02:30 (CEST)", berlinRepeated, "2026-10-25T00:30:00Z", "UC"),
                new Case("repeated handoff: second 02:30 (CET) is no handoff", berlinRepeated, "2026-10-25T01:30:00Z", "UC"),
                new Case("next handoff, 02:30 CET", berlinRepeated, "2026-10-26T01:29:59Z", "UC"),
                new Case("next handoff, 02:30 CET", berlinRepeated, "2026-10-26T01:30:00Z", "UA"),

                new Case("week 11 (from Mon 23 March 09:00 CET)", berlinWeekly, "2026-03-23T08:00:00Z", "U03"),
                new Case("override starts at local midnight CET", berlinWeekly, "2026-03-27T22:59:59Z", "U03"),
                new Case("override starts at local midnight CET", berlinWeekly, "2026-03-27T23:00:00Z", "U09"),
                new Case("override covers the change", berlinWeekly, "2026-03-29T01:00:00Z", "U09"),
                new Case("override ends at local midnight CEST", berlinWeekly, "2026-03-29T21:59:59Z", "U09"),
                new Case("override over: the rotation again", berlinWeekly, "2026-03-29T22:00:00Z", "U03"),
                new Case("week 12 at 09:00 CEST", berlinWeekly, "2026-03-30T06:59:59Z", "U03"),
                new Case("week 12 at 09:00 CEST", berlinWeekly, "2026-03-30T07:00:00Z", "U01"),
                new Case("week 41 ends at Monday 09:00 CET (an hour later in UTC)", berlinWeekly, "2026-10-26T07:59:59Z", "U03"),
                new Case("week 42 at 09:00 CET", berlinWeekly, "2026-10-26T08:00:00Z", "U01"),

                new Case("12h: night shift of the 7th (20:00 EST)", nySpring12h, "2026-03-08T01:00:00Z", "UB"),
                new Case("12h: short night, still UB at 07:59:59 EDT", nySpring12h, "2026-03-08T11:59:59Z", "UB"),
                new Case("12h: 08:00 EDT", nySpring12h, "2026-03-08T12:00:00Z", "UA"),
                new Case("12h: 20:00 EDT", nySpring12h, "2026-03-09T00:00:00Z", "UB"),
                new Case("12h fall: night shift of the 31st (20:00 EDT)", nyFall12h, "2026-11-01T00:00:00Z", "UB"),
                new Case("12h fall: long night, still UB at 07:59:59 EST", nyFall12h, "2026-11-01T12:59:59Z", "UB"),
                new Case("12h fall: 08:00 EST", nyFall12h, "2026-11-01T13:00:00Z", "UA"),

                new Case("weekly, skipped 02:30: before the gap", nyWeeklySkipped, "2026-03-08T06:59:59Z", "UA"),
                new Case("weekly, skipped 02:30: at 03:00 EDT", nyWeeklySkipped, "2026-03-08T07:00:00Z", "UB"),
                new Case("weekly, 02:30 EDT a week later", nyWeeklySkipped, "2026-03-15T06:30:00Z", "UA"),
                new Case("weekly, repeated 01:30: before the first", nyWeeklyRepeated, "2026-11-01T05:29:59Z", "UA"),
                new Case("weekly, repeated 01:30: first (EDT)", nyWeeklyRepeated, "2026-11-01T05:30:00Z", "UB"),
                new Case("weekly, repeated 01:30: second (EST) is no handoff", nyWeeklyRepeated, "2026-11-01T06:30:00Z", "UB"),
                new Case("weekly, 01:30 EST a week later", nyWeeklyRepeated, "2026-11-08T06:29:59Z", "UB"),
                new Case("weekly, 01:30 EST a week later", nyWeeklyRepeated, "2026-11-08T06:30:00Z", "UA"),

                new Case("override across fall-back: before (23:59:59 EDT)", nyOverrideFall, "2026-11-01T03:59:59Z", "UA"),
                new Case("override across fall-back: from 00:00 EDT", nyOverrideFall, "2026-11-01T04:00:00Z", "U09"),
                new Case("override across fall-back: in the repeated hour", nyOverrideFall, "2026-11-01T06:30:00Z", "U09"),
                new Case("override across fall-back: until 03:00 EST", nyOverrideFall, "2026-11-01T07:59:59Z", "U09"),
                new Case("override across fall-back: over", nyOverrideFall, "2026-11-01T08:00:00Z", "UA"),
                new Case("override across fall-back: 09:00 EST handoff", nyOverrideFall, "2026-11-01T14:00:00Z", "UB"),

                new Case("override ending in the gap: on", berlinOverrides, "2026-03-29T00:59:59Z", "U09"),
                new Case("override ending in the gap: over at 03:00 CEST", berlinOverrides, "2026-03-29T01:00:00Z", "UB"),
                new Case("override from a repeated time: before its first occurrence", berlinOverrides,
                        "2026-10-25T00:29:59Z", "UB"),
                new Case("override from a repeated time: its first occurrence", berlinOverrides, "2026-10-25T00:30:00Z", "U08"),
                new Case("override from a repeated time: until 04:00 CET", berlinOverrides, "2026-10-25T02:59:59Z", "U08"),
                new Case("override from a repeated time: over", berlinOverrides, "2026-10-25T03:00:00Z", "UB"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void onCall_shouldNameTheExpectedUser_whenAskedAtThatInstant(Case c) {
        // GIVEN the schedule of the case
        // WHEN asked who is on call at the instant
        String user = c.schedule().onCall(Instant.parse(c.at()));
        // THEN it is the user spelled out for that instant
        assertThat(user).as(c.why()).isEqualTo(c.expected());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void onCall_shouldNotChange_betweenConsecutiveSecondsUnlessAHandoffOrOverrideBoundaryLiesBetween(Case c) {
        // GIVEN the instant of a case, and the second before it
        Instant at = Instant.parse(c.at());
        Schedule s = c.schedule();
        boolean boundary = at.equals(s.shiftStart(nearestShift(s, at)))
                || s.overrides().stream().anyMatch(o -> at.equals(WallClock.instantOf(o.from(), s.timezone()))
                        || at.equals(WallClock.instantOf(o.to(), s.timezone())));
        // WHEN both are asked / THEN the user changes only at a boundary
        if (!boundary) {
            assertThat(s.onCall(at.minusSeconds(1))).isEqualTo(s.onCall(at));
        }
    }

    private static long nearestShift(Schedule s, Instant at) {
        long k = Math.floorDiv(Duration.between(s.shiftStart(0), at).toSeconds(), s.every().toSeconds());
        for (long j = k - 2; j <= k + 2; j++) {
            if (s.shiftStart(j).equals(at)) {
                return j;
            }
        }
        return k;
    }
}
