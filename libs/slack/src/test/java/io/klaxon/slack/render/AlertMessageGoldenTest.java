package io.klaxon.slack.render;

import static io.klaxon.slack.testing.AlertSamples.ALICE;
import static io.klaxon.slack.testing.AlertSamples.claimed;
import static io.klaxon.slack.testing.AlertSamples.escalated;
import static io.klaxon.slack.testing.AlertSamples.recovered;
import static io.klaxon.slack.testing.AlertSamples.refired;
import static io.klaxon.slack.testing.AlertSamples.resolved;
import static io.klaxon.slack.testing.AlertSamples.snoozed;
import static io.klaxon.slack.testing.AlertSamples.unclaimed;

import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.signal.Severity;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One golden Block Kit file per state and a few severities: any change to what responders see
 * shows up as a reviewed diff of {@code src/test/resources/golden/}.
 */
class AlertMessageGoldenTest {

    private final AlertMessageRenderer renderer = new AlertMessageRenderer();

    static Stream<Arguments> messages() {
        Alert critical = unclaimed(Severity.CRITICAL);
        Alert high = unclaimed(Severity.HIGH);
        Alert warning = unclaimed(Severity.WARNING);
        Alert info = unclaimed(Severity.INFO);
        return Stream.of(
                Arguments.of("unclaimed-critical", critical),
                Arguments.of("unclaimed-info", info),
                Arguments.of("unclaimed-high-escalated-refired", refired(escalated(high, 2), 2)),
                Arguments.of("claimed-warning", claimed(warning, ALICE, Duration.ofSeconds(252))),
                Arguments.of("claimed-high-recovered",
                        recovered(claimed(high, ALICE, Duration.ofMinutes(3)), Duration.ofMinutes(20))),
                Arguments.of("snoozed-critical", snoozed(critical, ALICE, Duration.ofMinutes(2))),
                Arguments.of("snoozed-warning-owned",
                        snoozed(claimed(warning, ALICE, Duration.ofSeconds(252)), ALICE, Duration.ofMinutes(10))),
                Arguments.of("resolved-critical", resolved(claimed(escalated(critical, 1), ALICE,
                        Duration.ofMinutes(7)), ALICE, Duration.ofMinutes(62))),
                Arguments.of("resolved-info-auto-recovered", recovered(info, Duration.ofMinutes(4))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void render_shouldMatchGoldenFile_whenAlertIsInThisState(String name, Alert alert) {
        // GIVEN an alert moved to this state by the lifecycle rules
        // WHEN it is rendered
        SlackMessage message = renderer.render(alert);

        // THEN the Block Kit JSON is exactly the reviewed one
        GoldenFiles.assertMatches(name, message);
    }
}
