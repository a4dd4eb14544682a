package io.klaxon.local.storm;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StormPlanTest {

    private static final Instant BASE = Instant.parse("2026-11-24T12:00:00Z");

    @Test
    void plan_shouldSendAFiringTwiceBySnsAndOnceByEventBridge_whenEveryAlarmIsDuplicated() {
        // GIVEN every alarm duplicated, none reordered or resolved
        StormOptions options = new StormOptions(3, 3, 1, 0, 0, 0, Duration.ofMinutes(1), 1, 0);

        // WHEN the storm is planned
        StormPlan plan = StormPlan.of(options, BASE);

        // THEN each alarm is one SNS message delivered twice (a redelivery) and the same change on EventBridge
        assertThat(plan.scripts()).hasSize(3).allSatisfy(script -> {
            assertThat(script.sends()).extracting(StormPlan.Send::path).containsExactly("/sns", "/events", "/sns");
            assertThat(script.sends().get(2).body()).isEqualTo(script.sends().get(0).body());
            JsonObject event = JsonParser.parseString(script.sends().get(1).body()).getAsJsonObject();
            assertThat(event.getAsJsonArray("resources").get(0).getAsString()).isEqualTo(script.alertKey());
            assertThat(message(script.sends().get(0)).get("AlarmArn").getAsString()).isEqualTo(script.alertKey());
            assertThat(script.endsResolved()).isFalse();
        });
    }

    @Test
    void plan_shouldSendAnOlderOkBeforeTheAlarm_whenAnAlarmIsReordered() {
        // GIVEN every alarm reordered
        StormOptions options = new StormOptions(2, 2, 0, 1, 0, 1, Duration.ofMinutes(1), 1, 0);

        // WHEN the storm is planned
        StormPlan plan = StormPlan.of(options, BASE);

        // THEN its OK, older by source time, goes first, and the alarm ends firing (a stale OK resolves nothing)
        assertThat(plan.scripts()).allSatisfy(script -> {
            JsonObject ok = message(script.sends().get(0));
            JsonObject alarm = message(script.sends().get(1));
            assertThat(ok.get("NewStateValue").getAsString()).isEqualTo("OK");
            assertThat(alarm.get("NewStateValue").getAsString()).isEqualTo("ALARM");
            assertThat(ok.get("StateChangeTime").getAsString()).isLessThan(alarm.get("StateChangeTime").getAsString());
            assertThat(script.sends().get(0).at()).isLessThan(script.sends().get(1).at());
            assertThat(script.endsResolved()).isFalse();
        });
    }

    @Test
    void plan_shouldAlternateOneAlarmKTimes_whenItFlaps() {
        // GIVEN one alarm flapping 3 times
        StormOptions options = new StormOptions(1, 6, 0, 0, 3, 0, Duration.ofMinutes(1), 1, 0);

        // WHEN the storm is planned
        StormPlan.Script flap = StormPlan.of(options, BASE).scripts().getLast();

        // THEN it fires, recovers and fires again, each change waiting for the previous one, and ends firing
        assertThat(flap.flapping()).isTrue();
        assertThat(flap.sends()).extracting(s -> message(s).get("NewStateValue").getAsString())
                .containsExactly("ALARM", "OK", "ALARM");
        assertThat(flap.sends()).extracting(StormPlan.Send::gate)
                .containsExactly(StormPlan.Gate.NONE, StormPlan.Gate.OPEN, StormPlan.Gate.CLOSED);
        assertThat(flap.endsResolved()).isFalse();
    }

    private static JsonObject message(StormPlan.Send send) {
        JsonObject notification = JsonParser.parseString(send.body()).getAsJsonObject();
        return JsonParser.parseString(notification.get("Message").getAsString()).getAsJsonObject();
    }
}
