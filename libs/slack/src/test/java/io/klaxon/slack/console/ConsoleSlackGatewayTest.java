package io.klaxon.slack.console;

import static io.klaxon.slack.testing.AlertSamples.ALICE;
import static io.klaxon.slack.testing.AlertSamples.T0;
import static io.klaxon.slack.testing.AlertSamples.claimed;
import static io.klaxon.slack.testing.AlertSamples.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.TimelineEntry;
import io.klaxon.domain.alert.TimelineKind;
import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.domain.storm.Storm;
import io.klaxon.domain.testing.Fixtures;
import io.klaxon.slack.SlackGateway.MessageRef;
import io.klaxon.slack.render.AlertMessageRenderer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleSlackGatewayTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ConsoleSlackGateway console = new ConsoleSlackGateway(
            new PrintStream(bytes, true, StandardCharsets.UTF_8), new AlertMessageRenderer(), "C0DEFAULT");

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void post_shouldPrintStateSeverityTitleAndButtons_andReturnASyntheticRef() {
        // GIVEN a new alert
        Alert alert = Alert.open("alert-0001", Fixtures.firing("sig-1", T0), Fixtures.policy(), T0);

        // WHEN it is posted twice (two occurrences)
        MessageRef first = console.post(alert);
        MessageRef second = console.post(alert);

        // THEN a reader sees what Slack would show, and each post has its own Slack-shaped ts
        assertThat(printed())
                .contains("POST C0123456789 ts=0000000000.000001 | alert alert-0001 v1")
                .contains("| [HIGH] UNCLAIMED  api-5xx is ALARM")
                .contains("| nobody owns it")
                .contains("| Threshold Crossed: 1 datapoint [12.0] was greater than 5.0")
                .contains("| 123456789012 | eu-west-1")
                .contains("| [Claim] [Resolve] [Snooze 1h]");
        assertThat(first).isEqualTo(new MessageRef("C0123456789", "0000000000.000001"));
        assertThat(second.ts()).isEqualTo("0000000000.000002").matches("\\d+\\.\\d+");
    }

    @Test
    void replyStorm_shouldPrintALineOnce_whenEveryStepThatFindsTheStormEndedAsksForIt() {
        // GIVEN an ended storm with a message
        Storm storm = new Storm("default", "storm-1", T0, "C0STORM", "0000000000.000001", T0.plusSeconds(120));

        // WHEN three steps ask for its "Storm over" line, and one for a line of its own
        for (int i = 0; i < 3; i++) {
            console.replyStorm(storm, "storm-1/end", () -> ":sunny: Storm over");
        }
        console.replyStorm(storm, "storm-1/alert-1/v3/ESCALATED/1", () -> "@here api-5xx: escalated");

        // THEN each line is printed once
        assertThat(printed().lines().filter(l -> l.contains("Storm over"))).hasSize(1);
        assertThat(printed()).contains("-> [storm storm-1] @here api-5xx: escalated");
    }

    @Test
    void updateAndReply_shouldPrintTheOwnerTheDurationsAndIndentedReplies() {
        // GIVEN an alert claimed by alice and resolved an hour later
        Alert open = Alert.open("alert-0001", Fixtures.firing("sig-1", T0), Fixtures.policy(), T0)
                .withMessage("C0123456789", "0000000000.000001");
        Alert claimedAlert = claimed(open, ALICE, Duration.ofMinutes(4));
        Alert resolvedAlert = resolved(claimedAlert, ALICE, Duration.ofMinutes(64));

        // WHEN the message is updated twice and the thread gets a reply with a mention
        console.update(claimedAlert);
        console.update(resolvedAlert);
        console.reply(resolvedAlert, new TimelineEntry(T0.plusSeconds(3840), 3, TimelineKind.RESOLVED, ALICE,
                "Resolved by alice"), List.of("U0ONCALL1"));
        console.ephemeral("C0123456789", "U0BOB0001", "Already resolved");

        // THEN each state reads plainly, with buttons only while open, and the reply is indented
        assertThat(printed())
                .contains("UPDATE C0123456789 ts=0000000000.000001")
                .contains("| claimed by alice, time to claim 4m")
                .contains("| [Resolve] [Unclaim]")
                .contains("| [HIGH] RESOLVED  api-5xx is ALARM")
                .contains("| resolved by alice, time to claim 4m, time to resolve 1h 4m")
                .contains("    -> [alert-0001] 2026-11-21T04:04:00Z @U0ONCALL1 Resolved by alice")
                .contains("    (only U0BOB0001 in C0123456789 sees) Already resolved");
        String resolvedBlock = printed().substring(printed().lastIndexOf("UPDATE"));
        assertThat(resolvedBlock).doesNotContain("[Claim]", "[Resolve]");
    }

    @Test
    void post_shouldPrintNoControlCharacters_whenTheTitleHasThem() {
        // GIVEN a title with a newline that would forge a console line, and NUL, ESC, BEL
        AlertSignal s = Fixtures.firing("sig-3", T0);
        AlertSignal hostile = new AlertSignal(s.schemaVersion(), s.alertKey(), s.signalId(), s.status(), s.severity(),
                "cpu\n+-- POST forged\u0000\u001b[31m\u0007", s.summary(), s.sourceKind(), s.account(), s.region(),
                s.resources(), s.occurredAt(), s.links(), s.labels());
        Alert alert = Alert.open("alert-0003", hostile, Fixtures.policy(), T0);

        // WHEN it is posted
        console.post(alert);

        // THEN the title stays on its line and no control character is printed
        assertThat(printed()).contains("UNCLAIMED  cpu +-- POST forged  [31m ")
                .doesNotContainPattern("[\\p{Cntrl}&&[^\\n]]")
                .doesNotContain("\n+-- POST forged");
    }

    @Test
    void post_shouldFallBackToTheDefaultChannel_whenThePolicyHasNone() {
        // GIVEN an alert without a channel
        Alert base = Alert.open("alert-0002", Fixtures.firing("sig-2", T0), Fixtures.policy(), T0);
        Alert alert = new Alert(base.alertId(), base.alertKey(), base.version(), base.state(), base.signal(),
                base.policy(), base.openedAt(), base.lastFiredAt(), base.lastSignalAt(), base.lastSignalId(), 0, 0,
                null, null, null, null, null, null, null, null, null, null, base.revision(), false);

        // WHEN it is posted THEN the default channel is used
        assertThat(console.post(alert).channel()).isEqualTo("C0DEFAULT");
    }
}
