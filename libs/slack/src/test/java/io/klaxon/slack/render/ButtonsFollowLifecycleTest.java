package io.klaxon.slack.render;

import static io.klaxon.slack.testing.AlertSamples.ALERT_ID;
import static io.klaxon.slack.testing.AlertSamples.ALICE;
import static io.klaxon.slack.testing.AlertSamples.T0;
import static io.klaxon.slack.testing.AlertSamples.claimed;
import static io.klaxon.slack.testing.AlertSamples.escalated;
import static io.klaxon.slack.testing.AlertSamples.recovered;
import static io.klaxon.slack.testing.AlertSamples.resolved;
import static io.klaxon.slack.testing.AlertSamples.snoozed;
import static io.klaxon.slack.testing.AlertSamples.unclaimed;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.lifecycle.Command;
import io.klaxon.domain.lifecycle.Decision;
import io.klaxon.domain.lifecycle.Lifecycle;
import io.klaxon.domain.signal.Severity;
import io.klaxon.slack.AlertAction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The message must never offer a button the lifecycle rules refuse: a dead button at 3 a.m. tells a
 * responder "no" for something the message just invited. Each button is clicked here the way
 * interact turns a click into a command, on the version the message shows.
 */
class ButtonsFollowLifecycleTest {

    private static final Actor BOB = Actor.slack("U0BOB0002", "bob");
    private static final Instant CLICKED_AT = T0.plus(Duration.ofHours(2));

    private final AlertMessageRenderer renderer = new AlertMessageRenderer();

    /** Every state, with and without an owner; the two combinations the rules never produce are built by hand. */
    static Stream<Arguments> alerts() {
        Alert fresh = unclaimed(Severity.HIGH);
        Alert claimed = claimed(fresh, ALICE, Duration.ofMinutes(1));
        return Stream.of(
                Arguments.of("UNCLAIMED, nobody owns it", fresh),
                Arguments.of("UNCLAIMED, escalated twice", escalated(fresh, 2)),
                Arguments.of("UNCLAIMED with an owner (hand-built)", fresh.withState(AlertState.UNCLAIMED, ALICE, T0)),
                Arguments.of("CLAIMED by alice", claimed),
                Arguments.of("CLAIMED with nobody (hand-built)", claimed.withState(AlertState.CLAIMED, null, null)),
                Arguments.of("SNOOZED, nobody owns it", snoozed(fresh, BOB, Duration.ofMinutes(2))),
                Arguments.of("SNOOZED, owned by alice", snoozed(claimed, ALICE, Duration.ofMinutes(2))),
                Arguments.of("RESOLVED, never claimed", resolved(fresh, BOB, Duration.ofMinutes(5))),
                Arguments.of("RESOLVED automatically", recovered(fresh, Duration.ofMinutes(4))),
                Arguments.of("RESOLVED, owned by alice", resolved(claimed, ALICE, Duration.ofMinutes(9))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("alerts")
    void everyButton_shouldBeAcceptedByTheLifecycle_whenClickedOnTheVersionShown(String name, Alert alert) {
        // GIVEN the message of an alert in this state
        JsonObject message = GoldenFiles.toJson(renderer.render(alert));

        // WHEN each of its buttons is clicked, by someone other than the owner, on the version it carries
        List<JsonObject> buttons = buttons(message);
        assertThat(buttons).extracting(b -> b.get("action_id").getAsString())
                .containsExactlyElementsOf(renderer.buttons(alert).stream().map(b -> b.action().actionId()).toList());
        for (JsonObject button : buttons) {
            AlertAction action = AlertAction.fromActionId(button.get("action_id").getAsString()).orElseThrow();
            AlertAction.Target target = AlertAction.parseValue(button.get("value").getAsString()).orElseThrow();
            Decision decision = Lifecycle.decide(alert, command(action, BOB, target.version()), CLICKED_AT);

            // THEN it names this alert at its current version, and the rules apply it
            assertThat(target).isEqualTo(new AlertAction.Target(ALERT_ID, alert.version()));
            assertThat(decision).as("%s: %s", name, action).isInstanceOf(Decision.Applied.class);
        }
        assertThat(buttons.isEmpty()).as("buttons exactly while the alert is open").isEqualTo(!alert.state().isOpen());
    }

    @Test
    void alerts_shouldCoverEveryStateWithAndWithoutOwner_whenANewStateIsAdded() {
        // GIVEN the alerts the button check renders
        Set<String> covered = new HashSet<>();
        alerts().forEach(a -> {
            Alert alert = (Alert) a.get()[1];
            covered.add(alert.state() + (alert.owner() == null ? " unowned" : " owned"));
        });

        // WHEN / THEN every state appears with and without an owner
        List<String> all = new ArrayList<>();
        for (AlertState state : AlertState.values()) {
            all.add(state + " unowned");
            all.add(state + " owned");
        }
        assertThat(covered).containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void render_shouldOfferResolveAndUnclaim_whenASnoozedAlertHasAnOwner() {
        // GIVEN alice claimed the alert, then snoozed it
        Alert alert = snoozed(claimed(unclaimed(Severity.HIGH), ALICE, Duration.ofMinutes(1)), ALICE,
                Duration.ofMinutes(2));

        // WHEN alice clicks Unclaim on its message
        List<AlertAction> offered = renderer.buttons(alert).stream().map(AlertMessageRenderer.Button::action).toList();
        Decision decision = Lifecycle.decide(alert, new Command.Unclaim(ALICE, alert.version()), CLICKED_AT);

        // THEN she hands it back: unclaimed, nobody owns it, the snooze is over
        assertThat(offered).containsExactly(AlertAction.RESOLVE, AlertAction.UNCLAIM);
        assertThat(decision).isInstanceOfSatisfying(Decision.Applied.class, applied -> {
            assertThat(applied.next().state()).isEqualTo(AlertState.UNCLAIMED);
            assertThat(applied.next().owner()).isNull();
            assertThat(applied.next().snoozedUntil()).isNull();
        });
    }

    /** As interact's {@code Clicks.command} turns a click into a command. */
    private static Command command(AlertAction action, Actor actor, long version) {
        return switch (action) {
            case CLAIM -> new Command.Claim(actor, version);
            case RESOLVE -> new Command.Resolve(actor, version);
            case UNCLAIM -> new Command.Unclaim(actor, version);
            case SNOOZE -> new Command.Snooze(actor, version, AlertAction.BUTTON_SNOOZE);
        };
    }

    private static List<JsonObject> buttons(JsonObject message) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonElement block : message.getAsJsonArray("blocks")) {
            if ("actions".equals(block.getAsJsonObject().get("type").getAsString())) {
                block.getAsJsonObject().getAsJsonArray("elements").forEach(e -> {
                    if ("button".equals(e.getAsJsonObject().get("type").getAsString())) {
                        out.add(e.getAsJsonObject());
                    }
                });
            }
        }
        return out;
    }
}
