package io.klaxon.interact;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.config.Schedule;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.EscalationPolicy;
import io.klaxon.domain.testing.Fixtures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OnCallSchedulesTest {

    private static final Schedule NEW_YORK = new Schedule("ny", ZoneId.of("America/New_York"), LocalDate.parse("2026-01-05"),
            LocalTime.parse("09:00"), Duration.ofDays(1), List.of("U0ANNA", "U0BEN"), List.of());

    private static Alert alertMentioning(String mention) {
        EscalationPolicy policy = new EscalationPolicy("db", "C0DB", 300, 3600,
                List.of(new EscalationPolicy.Level(List.of("here"), false), new EscalationPolicy.Level(List.of(mention), true)),
                true);
        return Alert.open("a1", Fixtures.firing("s1", Fixtures.T0), policy, Fixtures.T0);
    }

    private static OnCallSchedules at(String instant) {
        return new OnCallSchedules("klaxon.yaml", Map.of("ny", NEW_YORK), Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
    }

    @Test
    void tomorrowMorning_shouldBeNineTheNextLocalDay_inTheZoneOfThePolicysSchedule() {
        // GIVEN 01:00 UTC on 21 November is still the 20th in New York
        OnCallSchedules schedules = at("2026-11-21T01:00:00Z");
        // WHEN / THEN 09:00 EST on the 21st
        assertThat(schedules.tomorrowMorning(alertMentioning("schedule:ny"))).isEqualTo(Instant.parse("2026-11-21T14:00:00Z"));
    }

    @Test
    void tomorrowMorning_shouldFollowDaylightSaving_whenTomorrowIsAcrossTheChange() {
        // GIVEN the evening before the US fall-back (1 November 2026): 09:00 is EST, UTC-5, tomorrow
        OnCallSchedules schedules = at("2026-10-31T23:00:00Z");
        assertThat(schedules.tomorrowMorning(alertMentioning("schedule:ny"))).isEqualTo(Instant.parse("2026-11-01T14:00:00Z"));
    }

    @Test
    void tomorrowMorning_shouldUseUtc_whenThePolicyNamesNoKnownSchedule() {
        OnCallSchedules schedules = at("2026-11-21T01:00:00Z");
        assertThat(schedules.tomorrowMorning(alertMentioning("schedule:gone"))).isEqualTo(Instant.parse("2026-11-22T09:00:00Z"));
        assertThat(schedules.tomorrowMorning(alertMentioning("U0LEAD"))).isEqualTo(Instant.parse("2026-11-22T09:00:00Z"));
    }
}
