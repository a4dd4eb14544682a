package io.klaxon.interact;

import io.klaxon.config.Schedule;
import io.klaxon.domain.alert.Alert;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who each on-call schedule of the function's configuration names now: what {@code /klaxon oncall}
 * answers, computed as {@code ./klaxon oncall} computes it ({@link Schedule#onCall}).
 *
 * @param source where the schedules come from (the file, or the built-in configuration), for messages
 */
public record OnCallSchedules(String source, Map<String, Schedule> schedules, Clock clock) {

    public OnCallSchedules {
        schedules = Collections.unmodifiableMap(new LinkedHashMap<>(schedules));
    }

    /**
     * @param onCall  schedule name to user id, in the order asked (file order when none was named)
     * @param unknown the names asked for that no schedule has; when any, {@code onCall} is empty
     * @param known   every schedule's name, in file order
     */
    public record Answer(Map<String, String> onCall, List<String> unknown, List<String> known, String source) {
    }

    /** When "until tomorrow" ends: 09:00 local time, on the day after today, in the alert's zone. */
    public static final LocalTime TOMORROW_AT = LocalTime.of(9, 0);

    /**
     * The end of a snooze "until tomorrow": {@link #TOMORROW_AT} on the next day in the zone of the
     * first schedule the alert's policy mentions ({@code schedule:NAME}), or UTC when it mentions none
     * this configuration has.
     */
    public Instant tomorrowMorning(Alert alert) {
        ZoneId zone = alert.policy().levels().stream().flatMap(level -> level.mentions().stream())
                .filter(m -> m.startsWith(SCHEDULE_PREFIX))
                .map(m -> schedules.get(m.substring(SCHEDULE_PREFIX.length())))
                .filter(Objects::nonNull).findFirst().map(Schedule::timezone).orElse(ZoneOffset.UTC);
        ZonedDateTime now = clock.instant().atZone(zone);
        // java.time moves a 09:00 that a DST change skips to the first instant after the gap.
        return now.toLocalDate().plusDays(1).atTime(TOMORROW_AT).atZone(zone).toInstant();
    }

    private static final String SCHEDULE_PREFIX = "schedule:";

    /** All or nothing, like the CLI: one unknown name answers only which names exist. */
    public Answer lookup(List<String> names) {
        List<String> unknown = names.stream().filter(n -> !schedules.containsKey(n)).distinct().toList();
        List<String> known = List.copyOf(schedules.keySet());
        Map<String, String> onCall = new LinkedHashMap<>();
        if (unknown.isEmpty()) {
            var now = clock.instant();
            for (String name : names.isEmpty() ? known : names) {
                onCall.put(name, schedules.get(name).onCall(now));
            }
        }
        return new Answer(onCall, unknown, known, source);
    }
}
