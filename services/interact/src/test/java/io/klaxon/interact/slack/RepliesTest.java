package io.klaxon.interact.slack;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.lifecycle.Command;
import io.klaxon.domain.lifecycle.Rejection;
import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.domain.testing.Fixtures;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The sentences are Slack mrkdwn: nothing a person typed or an alert carried may become markup. */
class RepliesTest {

    @Test
    void help_shouldHoldNoRawAngleBrackets_becauseSlackWouldReadThemAsLinks() {
        String help = Replies.help("/klaxon", null);
        assertThat(help).doesNotContain("<", ">").contains("`/klaxon claim &lt;alertId&gt;`");
    }

    @Test
    void noSuchAlert_shouldEscapeTheTypedId() {
        assertThat(Replies.noSuchAlert("<!here>")).isEqualTo("Klaxon knows no such alert: `&lt;!here&gt;`.");
    }

    @Test
    void rejected_shouldNameKlaxon_whenTheSystemResolvedTheAlert() {
        Instant at = Fixtures.T0.plusSeconds(120);
        Alert resolved = Alert.open("a1", Fixtures.firing("s1", Fixtures.T0), Fixtures.policy(), Fixtures.T0)
                .withResolution(Actor.SYSTEM, at);
        assertThat(Replies.rejected(Rejection.ALREADY_RESOLVED, resolved, Actor.slack("UBOB", "bob")))
                .startsWith("This alert was resolved by Klaxon at <!date^" + at.getEpochSecond() + "^");
    }

    @Test
    void applied_shouldEscapeTheAlertTitle() {
        Alert alert = Alert.open("a1", Fixtures.firing("s1", Fixtures.T0), Fixtures.policy(), Fixtures.T0);
        var withMarkup = new AlertSignal("1", "k", "s", alert.signal().status(),
                alert.signal().severity(), "5xx > 5 & <rising>", "", "sns-message", null, null, null,
                Fixtures.T0, null, null);
        Alert tricky = Alert.open("a2", withMarkup, Fixtures.policy(), Fixtures.T0);
        assertThat(Replies.applied(new Command.Claim(Actor.slack("U1", "a"), null), tricky))
                .isEqualTo("You claimed *5xx &gt; 5 &amp; &lt;rising&gt;*.");
    }
}
