package io.klaxon.local.storm;

import static io.klaxon.domain.testing.Fixtures.ALARM_ARN;
import static io.klaxon.domain.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.alert.TimelineEntry;
import io.klaxon.domain.alert.TimelineKind;
import io.klaxon.domain.testing.Fixtures;
import io.klaxon.domain.testing.InMemoryAlertStore;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertAccountingTest {

    private static final String CLAIM_BLOCKS = "[{\"type\":\"actions\",\"elements\":[{\"action_id\":\"klaxon.claim\"}]}]";
    private static final String RESOLVED_BLOCKS = "[{\"type\":\"section\",\"text\":{\"text\":\"Resolved\"}}]";
    private final InMemoryAlertStore store = new InMemoryAlertStore();
    private final AlertAccounting accounting = new AlertAccounting(store);
    private final StormPlan.Script firing = new StormPlan.Script("api-5xx", ALARM_ARN, List.of(), false, false, false,
            false);

    @Test
    void judge_shouldCountAnAlertDoubled_whenItsKeyHasTwoOwnTopLevelMessages() {
        // GIVEN an alarm resolved and reopened as a second occurrence, each with its own message
        Alert first = stored("a1");
        store.replace(first.withResolution(Actor.SYSTEM, T0), first.revision(), null);
        stored("a2");
        List<LimitedSlack.Message> messages = List.of(own("1.000001", "a1", RESOLVED_BLOCKS),
                own("1.000002", "a2", CLAIM_BLOCKS));

        // WHEN the storm is judged
        AlertAccounting.Verdict verdict = accounting.judge(List.of(firing), messages, true).get(ALARM_ARN);

        // THEN it is doubled, not lost, and shows its final (firing) state in the newest message
        assertThat(verdict.doubled()).isTrue();
        assertThat(verdict.lost()).isFalse();
        assertThat(verdict.showsFinal()).isTrue();
    }

    @Test
    void judge_shouldFindAnAlertInItsStorm_whenTheStormMessageCountsItWithoutNamingIt() {
        // GIVEN an open alert without an own message that joined storm s1, whose message counts it among
        // "and N more" without naming it
        Alert alert = stored("a1");
        assertThat(store.replace(alert.withStormId("s1"), alert.revision(), null)).isTrue();
        LimitedSlack.Message storm = storm("s1", "*1* unclaimed · since 09:00");

        // WHEN the storm is judged
        AlertAccounting.Verdict verdict = accounting.judge(List.of(firing), List.of(storm), true).get(ALARM_ARN);

        // THEN it is in the storm message: neither lost nor doubled, and final (its count is the truth)
        assertThat(verdict.inStormMessage()).isTrue();
        assertThat(verdict.lost()).isFalse();
        assertThat(verdict.doubled()).isFalse();
        assertThat(verdict.showsFinal()).isTrue();
    }

    @Test
    void judge_shouldNotCallAStormAlertFinal_whenTheStormMessageStillCountsItUnclaimed() {
        // GIVEN an alarm that ends recovered, resolved in the store, in a storm whose message was not
        // edited since: it still counts one unclaimed
        Alert alert = stored("a1");
        assertThat(store.replace(alert.withStormId("s1"), alert.revision(), null)).isTrue();
        Alert joined = store.get("a1").orElseThrow();
        assertThat(store.replace(joined.withResolution(Actor.SYSTEM, T0), joined.revision(), null)).isTrue();
        StormPlan.Script recovers = new StormPlan.Script("api-5xx", ALARM_ARN, List.of(), true, false, false, false);
        LimitedSlack.Message stale = storm("s1", "*1* unclaimed · since 09:00");

        // WHEN the storm is judged, from Slack alone and with the store
        AlertAccounting.Verdict fromSlack = accounting.judge(List.of(recovers), List.of(stale), false).get(ALARM_ARN);
        AlertAccounting.Verdict withStore = accounting.judge(List.of(recovers), List.of(stale), true).get(ALARM_ARN);

        // THEN it is shown (not lost) but not final either way, until the message counts it resolved
        assertThat(fromSlack.lost()).isFalse();
        assertThat(fromSlack.showsFinal()).isFalse();
        assertThat(withStore.lost()).isFalse();
        assertThat(withStore.showsFinal()).isFalse();
        assertThat(accounting.judge(List.of(recovers), List.of(storm("s1", "*1* resolved · since 09:00")), true)
                .get(ALARM_ARN).showsFinal()).isTrue();
    }

    @Test
    void statusCounts_shouldReadEachStateOfTheStatusLine_andIgnoreTheGroupsBelowIt() {
        // GIVEN a storm message with a status line and a group line that has counts of its own
        LimitedSlack.Message storm = storm("s1", "*12* unclaimed · *3* claimed · *5* resolved · since 09:00");

        // WHEN its counts are read
        var counts = AlertAccounting.statusCounts(storm);

        // THEN they are the status line's, not the group's
        assertThat(counts).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(AlertState.UNCLAIMED, 12L,
                AlertState.CLAIMED, 3L, AlertState.RESOLVED, 5L));
    }

    @Test
    void judge_shouldCountAnAlertLost_whenNoMessageShowsIt() {
        // GIVEN an open alert and a channel holding only another alarm's message and a reply
        stored("a1");
        List<LimitedSlack.Message> messages = List.of(new LimitedSlack.Message("C1", "1.000002", "1.000001",
                "reply about api-5xx", null, null));

        // WHEN the storm is judged
        AlertAccounting.Verdict verdict = accounting.judge(List.of(firing), messages, true).get(ALARM_ARN);

        // THEN it is lost
        assertThat(verdict.lost()).isTrue();
        assertThat(verdict.showsFinal()).isFalse();
    }

    @Test
    void overcountedStorms_shouldNameTheStorm_whenItShowsMoreAlertsThanAlarmsTiedToIt() {
        // GIVEN one alarm whose state change opened twice, both occurrences in storm s1 (the first
        // resolved), and the storm message counting both
        Alert first = stored("a1");
        store.replace(first.withStormId("s1").withResolution(Actor.SYSTEM, T0), first.revision(), null);
        Alert second = stored("a2");
        assertThat(store.replace(second.withStormId("s1"), second.revision(), null)).isTrue();
        LimitedSlack.Message storm = storm("s1", "*1* unclaimed · *1* resolved · since 09:00");

        // WHEN the storm messages are counted against the alarms
        List<String> overcounted = accounting.overcountedStorms(List.of(firing), List.of(storm));

        // THEN the storm is named: two alerts shown for one alarm
        assertThat(overcounted).containsExactly("s1 shows 2 alerts for 1 alarms");
        // AND a storm that shows one alert per alarm is not
        assertThat(accounting.overcountedStorms(List.of(firing), List.of(storm("s1", "*1* unclaimed · since 09:00"))))
                .isEmpty();
    }

    @Test
    void doubledStormMessages_shouldNameAStorm_whenItHasTwoTopLevelMessages() {
        // GIVEN storm s1 posted twice and storm s2 once
        LimitedSlack.Message again = new LimitedSlack.Message("C1", "1.000005", null, "Storm: alerts", null,
                "{\"event_type\":\"klaxon_storm\",\"event_payload\":{\"stormId\":\"s1\"}}");
        List<LimitedSlack.Message> messages = List.of(storm("s1", "*1* unclaimed"), again, storm("s2", "*1* unclaimed"));

        // WHEN the channel is checked
        List<String> doubled = AlertAccounting.doubledStormMessages(messages);

        // THEN only s1 is named, with how often it was posted
        assertThat(doubled).containsExactly("s1 posted 2 times");
    }

    @Test
    void doubledThreadLines_shouldNameALine_whenItsKeyIsInItsThreadTwice() {
        // GIVEN a thread holding one change's line twice, another line once, and a line with the same key in
        // another thread
        List<LimitedSlack.Message> messages = List.of(
                reply("1.000001", "1.000002", "a1/v2/CLAIMED/1000"),
                reply("1.000001", "1.000003", "a1/v2/CLAIMED/1000"),
                reply("1.000001", "1.000004", "a1/v3/RESOLVED/2000"),
                reply("1.000009", "1.000010", "a1/v2/CLAIMED/1000"));

        // WHEN the threads are checked
        List<String> doubled = AlertAccounting.doubledThreadLines(messages);

        // THEN only the line told twice in one thread is named, with how often
        assertThat(doubled).containsExactly("C1 1.000001 a1/v2/CLAIMED/1000 ×2");
    }

    private Alert stored(String alertId) {
        Alert alert = Alert.open(alertId, Fixtures.firing("s-" + alertId, T0), Fixtures.policy(), T0);
        store.create(alert, new TimelineEntry(T0, 1, TimelineKind.OPENED, Actor.SYSTEM, "opened"));
        assertThat(store.get(alertId)).map(Alert::state).contains(AlertState.UNCLAIMED);
        return store.get(alertId).orElseThrow();
    }

    /** A storm message as the renderer lays it out: header, status line, then a group with its own counts. */
    private static LimitedSlack.Message storm(String stormId, String status) {
        return new LimitedSlack.Message("C1", "1.000001", null, "Storm: alerts",
                "[{\"type\":\"header\",\"text\":{\"type\":\"plain_text\",\"text\":\"Storm on default\"}},"
                        + "{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"" + status + "\"}},"
                        + "{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"*AWS/EC2* · 40 · *40* unclaimed\"}}]",
                "{\"event_type\":\"klaxon_storm\",\"event_payload\":{\"stormId\":\"" + stormId + "\"}}");
    }

    private static LimitedSlack.Message reply(String threadTs, String ts, String key) {
        return new LimitedSlack.Message("C1", ts, threadTs, "line", null,
                "{\"event_type\":\"klaxon_reply\",\"event_payload\":{\"key\":\"" + key + "\"}}");
    }

    private static LimitedSlack.Message own(String ts, String alertId, String blocks) {
        return new LimitedSlack.Message("C1", ts, null, "alert", blocks,
                "{\"event_type\":\"klaxon_alert\",\"event_payload\":{\"alertId\":\"" + alertId + "\"}}");
    }
}
