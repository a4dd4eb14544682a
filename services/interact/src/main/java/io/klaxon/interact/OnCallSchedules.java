package io.klaxon.interact;

import io.klaxon.config.Schedule;
import java.time.Clock;
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
