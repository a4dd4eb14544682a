package io.klaxon.slack.render;

import static io.klaxon.slack.testing.AlertSamples.ALICE;
import static io.klaxon.slack.testing.AlertSamples.T0;
import static io.klaxon.slack.testing.AlertSamples.firing;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.element.ButtonElement;
import com.slack.api.model.block.element.StaticSelectElement;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.lifecycle.Command;
import io.klaxon.domain.lifecycle.Decision;
import io.klaxon.domain.lifecycle.Lifecycle;
import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.domain.signal.Severity;
import io.klaxon.domain.storm.Storm;
import io.klaxon.domain.testing.Fixtures;
import io.klaxon.slack.StormAction;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The storm message (ADR 0014): grouped, counted, and inside Slack's limits at any size. */
class StormMessageRendererTest {

    private static final Storm STORM = new Storm("default", "storm-1", T0, "C1", "1.000001", null);
    private final StormMessageRenderer renderer = new StormMessageRenderer();

    @Test
    void render_shouldGroupAlertsByWhatTheyShare_whenTwoRegionsFire() {
        // GIVEN three alerts in eu-west-1 and two in us-east-1, one of them claimed
        List<Alert> alerts = IntStream.range(0, 5).mapToObj(i -> alert(i, i < 3 ? "eu-west-1" : "us-east-1", "111")).toList();
        alerts = List.of(alerts.get(0), claimed(alerts.get(1)), alerts.get(2), alerts.get(3), alerts.get(4));

        // WHEN the storm message is rendered
        SlackMessage message = renderer.render(STORM, alerts);

        // THEN it counts by state, offers Claim all, and has one Claim per group with its unclaimed count
        String json = new Gson().toJson(message.blocks());
        assertThat(json).contains("Storm on default: 5 alerts").contains("*4* unclaimed").contains("*1* claimed");
        assertThat(buttons(message, StormAction.CLAIM_ALL)).extracting(ButtonElement::getValue).containsExactly("storm-1");
        assertThat(buttons(message, StormAction.CLAIM_GROUP)).extracting(b -> b.getText().getText())
                .containsExactly("Claim 2", "Claim 2");
        assertThat(buttons(message, StormAction.CLAIM_GROUP)).extracting(ButtonElement::getValue)
                .containsExactly(StormAction.groupValue("storm-1", StormGroups.key(alerts.get(0))),
                        StormAction.groupValue("storm-1", StormGroups.key(alerts.get(3))));
        assertThat(message.text()).contains("5 alerts").contains("4 unclaimed").contains("1 claimed");
    }

    @Test
    void render_shouldStayInsideSlackLimits_whenAThousandAlertsInFortyGroupsStorm() {
        // GIVEN 1,000 alerts across 40 accounts
        List<Alert> alerts = IntStream.range(0, 1000).mapToObj(i -> alert(i, "eu-west-1", "acct" + (i % 40))).toList();

        // WHEN rendered
        SlackMessage message = renderer.render(STORM, alerts);

        // THEN at most 50 blocks and our text cap, "and N more" per group and for the groups left out,
        // and every select within Slack's 100 options
        String json = new Gson().toJson(message.blocks());
        assertThat(message.blockCount()).isLessThanOrEqualTo(MessageBudget.MAX_BLOCKS);
        assertThat(json.length()).isLessThan(40_000);
        assertThat(json).contains("Storm on default: 1000 alerts").contains("and 17 more").contains("more groups");
        assertThat(message.blocks()).filteredOn(b -> b instanceof ActionsBlock)
                .flatMap(b -> ((ActionsBlock) b).getElements())
                .filteredOn(e -> e instanceof StaticSelectElement)
                .allMatch(e -> ((StaticSelectElement) e).getOptions().size() <= StormMessageRenderer.MAX_OPTIONS);
    }

    @Test
    void render_shouldOfferNoClaim_whenEveryAlertIsClaimed() {
        // GIVEN a storm whose alerts are all claimed
        List<Alert> alerts = IntStream.range(0, 3).mapToObj(i -> claimed(alert(i, "eu-west-1", "111"))).toList();

        // WHEN rendered
        SlackMessage message = renderer.render(STORM, alerts);

        // THEN no Claim all and no group Claim, but each alert can still be opened on its own
        assertThat(buttons(message, StormAction.CLAIM_ALL)).isEmpty();
        assertThat(buttons(message, StormAction.CLAIM_GROUP)).isEmpty();
        assertThat(new Gson().toJson(message.blocks())).contains(StormAction.OPEN_ALERT.actionId()).contains("*3* claimed");
    }

    private static List<ButtonElement> buttons(SlackMessage message, StormAction action) {
        return message.blocks().stream().filter(b -> b instanceof ActionsBlock)
                .flatMap(b -> ((ActionsBlock) b).getElements().stream())
                .filter(e -> e instanceof ButtonElement be && action.actionId().equals(be.getActionId()))
                .map(e -> (ButtonElement) e).toList();
    }

    private static Alert alert(int i, String region, String account) {
        AlertSignal s = firing(Severity.CRITICAL);
        AlertSignal signal = new AlertSignal(s.schemaVersion(), "key-" + i, "sig-" + i, s.status(), s.severity(),
                "Alarm number " + i + " " + "x".repeat(100), s.summary(), s.sourceKind(), account, region, s.resources(),
                s.occurredAt(), s.links(), Map.of("namespace", "AWS/EC2"));
        return Alert.open("alert-" + i, signal, Fixtures.policy(), T0).withStormId("storm-1");
    }

    private static Alert claimed(Alert alert) {
        Decision d = Lifecycle.decide(alert, new Command.Claim(ALICE, alert.version()), T0.plusSeconds(30));
        return ((Decision.Applied) d).next();
    }
}
