package io.klaxon.interact;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.aws.dynamodb.DynamoStormWatch;
import io.klaxon.aws.testing.DynamoDbLocalTables;
import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.port.StormWatch;
import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.domain.signal.BusContract;
import io.klaxon.domain.signal.Severity;
import io.klaxon.domain.signal.SignalStatus;
import io.klaxon.domain.testing.Fixtures;
import io.klaxon.interact.StormClicks.StormClick;
import io.klaxon.interact.testing.InteractWorld;
import io.klaxon.slack.StormAction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * "Claim all" on a storm's message (ADR 0014) within the time Slack gives a click: the members read
 * from the real storm watch on DynamoDB Local, the claims through the interact service's race-safe path.
 */
class StormClicksTest {

    private static final int MEMBERS = 40;

    @RegisterExtension
    static final DynamoDbLocalTables DYNAMODB = new DynamoDbLocalTables("storm-clicks-");

    private final InteractWorld world = new InteractWorld();
    private StormWatch watch;

    @BeforeEach
    void stormOfWaitingAlerts() {
        String table = DYNAMODB.freshTable();
        watch = new DynamoStormWatch(DYNAMODB.client(), table, world.clock);
        watch.enter("default", "storm-1", InteractWorld.NOW);
        for (int i = 0; i < MEMBERS; i++) {
            String alertId = "storm-alert-" + i;
            world.alerts.open(alertId, signal(i), Fixtures.policy());
            world.alerts.awaitAction(alertId, InteractWorld.token(alertId), AlertState.UNCLAIMED);
            world.alerts.recordStorm(alertId, "storm-1");
            watch.join("storm-1", alertId);
        }
    }

    @Test
    void claimAll_shouldClaimEveryUnclaimedMember_whenTheyFitInTheClicksTime() {
        // GIVEN a storm of 40 unclaimed alerts, each waiting for a claim
        StormClicks clicks = new StormClicks(world.alerts, world.interactService(), () -> watch, world.starter);

        // WHEN someone clicks Claim all
        int claimed = clicks.click(claimAll());

        // THEN every one is claimed by them, each workflow resumed once, and nobody needs telling
        assertThat(claimed).isEqualTo(MEMBERS);
        assertThat(members()).allSatisfy(id -> assertThat(world.alerts.require(id).state()).isEqualTo(AlertState.CLAIMED));
        assertThat(world.resumer.calls()).hasSize(MEMBERS);
        assertThat(world.starter.tells()).isEmpty();
    }

    @Test
    void claimAll_shouldLeaveTheRestUnclaimedAndSaySo_whenTheClicksTimeIsUsedUp() {
        // GIVEN a click that has no time left to claim (Slack's 3 s, as if the reads had taken it all)
        StormClicks clicks = new StormClicks(world.alerts, world.interactService(), () -> watch, world.starter,
                Duration.ZERO);

        // WHEN someone clicks Claim all
        int claimed = clicks.click(claimAll());

        // THEN nothing is half done: every alert is still unclaimed and waiting, and the clicker is told to click again
        assertThat(claimed).isZero();
        assertThat(members()).allSatisfy(id -> assertThat(world.alerts.require(id).state()).isEqualTo(AlertState.UNCLAIMED));
        assertThat(world.resumer.calls()).isEmpty();
        assertThat(world.starter.tells()).singleElement().satisfies(tell -> assertThat(tell.text())
                .isEqualTo("You claimed 0; 40 are still unclaimed (a click must be answered within 3 s): click again to claim them."));
    }

    private static StormClick claimAll() {
        return new StormClick(StormAction.CLAIM_ALL, "storm-1", null, null, Actor.slack("U0ANNA", "anna"),
                InteractWorld.CHANNEL, InteractWorld.RESPONSE_URL);
    }

    private static List<String> members() {
        return IntStream.range(0, MEMBERS).mapToObj(i -> "storm-alert-" + i).toList();
    }

    /** Fixtures' alarm under a name of its own: one open alert per alarm. */
    private static AlertSignal signal(int i) {
        String arn = "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:storm-" + i;
        return new AlertSignal(BusContract.SCHEMA_VERSION, arn, "signal-" + i, SignalStatus.FIRING, Severity.HIGH,
                "storm-" + i + " is ALARM", "Threshold Crossed", "cloudwatch-alarm", "123456789012", "eu-west-1",
                List.of(arn), Fixtures.T0, List.of(), Map.of("namespace", "AWS/EC2"));
    }
}
