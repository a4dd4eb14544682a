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
    void judge_shouldFindAnAlert_whenOnlyAStormMessageListsItsTitle() {
        // GIVEN an open alert without an own message, listed by name in a storm message
        stored("a1");
        LimitedSlack.Message storm = new LimitedSlack.Message("C1", "1.000001", null, "Storm: 12 alerts",
                "[{\"type\":\"section\",\"text\":{\"text\":\"api-5xx\"}}]",
                "{\"event_type\":\"klaxon_storm\",\"event_payload\":{\"route\":\"default\"}}");

        // WHEN the storm is judged
        AlertAccounting.Verdict verdict = accounting.judge(List.of(firing), List.of(storm), true).get(ALARM_ARN);

        // THEN it is in the storm message: neither lost nor doubled
        assertThat(verdict.inStormMessage()).isTrue();
        assertThat(verdict.lost()).isFalse();
        assertThat(verdict.doubled()).isFalse();
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

    private Alert stored(String alertId) {
        Alert alert = Alert.open(alertId, Fixtures.firing("s-" + alertId, T0), Fixtures.policy(), T0);
        store.create(alert, new TimelineEntry(T0, 1, TimelineKind.OPENED, Actor.SYSTEM, "opened"));
        assertThat(store.get(alertId)).map(Alert::state).contains(AlertState.UNCLAIMED);
        return store.get(alertId).orElseThrow();
    }

    private static LimitedSlack.Message own(String ts, String alertId, String blocks) {
        return new LimitedSlack.Message("C1", ts, null, "alert", blocks,
                "{\"event_type\":\"klaxon_alert\",\"event_payload\":{\"alertId\":\"" + alertId + "\"}}");
    }
}
