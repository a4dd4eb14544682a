package io.klaxon.slack.testing;

import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.lifecycle.Command;
import io.klaxon.domain.lifecycle.Decision;
import io.klaxon.domain.lifecycle.Lifecycle;
import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.domain.signal.Severity;
import io.klaxon.domain.testing.Fixtures;
import java.time.Duration;
import java.time.Instant;

/**
 * Alerts in every state, moved there by the real {@link Lifecycle} rules (not built by hand), so
 * what tests render is what production can hold. Times are fixed, so renderings are stable.
 */
public final class AlertSamples {

    public static final String ALERT_ID = "alert-0001";
    public static final String CHANNEL = "C0123456789";
    public static final String TS = "1700000000.000001";
    public static final Actor ALICE = Actor.slack("U0ALICE01", "alice");
    public static final Instant T0 = Fixtures.T0;

    private AlertSamples() {
    }

    public static AlertSignal firing(Severity severity) {
        AlertSignal s = Fixtures.firing("sig-1", T0);
        return new AlertSignal(s.schemaVersion(), s.alertKey(), s.signalId(), s.status(), severity, s.title(),
                s.summary(), s.sourceKind(), s.account(), s.region(), s.resources(), s.occurredAt(), s.links(),
                s.labels());
    }

    /** A new occurrence, already posted to Slack. */
    public static Alert unclaimed(Severity severity) {
        return Alert.open(ALERT_ID, firing(severity), Fixtures.policy(), T0).withMessage(CHANNEL, TS);
    }

    public static Alert escalated(Alert alert, int times) {
        Alert a = alert;
        for (int i = 1; i <= times; i++) {
            a = Lifecycle.escalate(a, T0.plusSeconds(300L * i)).next();
        }
        return a;
    }

    public static Alert refired(Alert alert, int times) {
        Alert a = alert;
        for (int i = 1; i <= times; i++) {
            Instant at = T0.plusSeconds(60L * i);
            AlertSignal again = Fixtures.firing("sig-refire-" + i, at);
            a = Lifecycle.refire(a, again, at).next();
        }
        return a;
    }

    public static Alert claimed(Alert alert, Actor by, Duration after) {
        return applied(Lifecycle.decide(alert, new Command.Claim(by, alert.version()), T0.plus(after)));
    }

    public static Alert snoozed(Alert alert, Actor by, Duration after) {
        return applied(Lifecycle.decide(alert, new Command.Snooze(by, alert.version(), Duration.ofHours(1)),
                T0.plus(after)));
    }

    public static Alert resolved(Alert alert, Actor by, Duration after) {
        return applied(Lifecycle.decide(alert, new Command.Resolve(by, alert.version()), T0.plus(after)));
    }

    /** A RECOVERED signal from the source, {@code after} the opening. */
    public static Alert recovered(Alert alert, Duration after) {
        return Lifecycle.recover(alert, Fixtures.recovered("sig-ok", T0.plus(after)), T0.plus(after)).next();
    }

    public static Alert withSignal(Alert alert, AlertSignal signal) {
        return new Alert(alert.alertId(), alert.alertKey(), alert.version(), alert.state(), signal, alert.policy(),
                alert.openedAt(), alert.lastFiredAt(), alert.lastSignalAt(), alert.lastSignalId(),
                alert.refireCount(), alert.escalationLevel(), alert.owner(), alert.claimedAt(), alert.resolvedBy(),
                alert.resolvedAt(), alert.recoveredAt(), alert.snoozedUntil(), alert.channel(), alert.messageTs(),
                alert.taskToken(), alert.awaiting(), alert.revision(), alert.deliveryFailing());
    }

    private static Alert applied(Decision decision) {
        if (decision instanceof Decision.Applied applied) {
            return applied.next();
        }
        throw new IllegalStateException("sample transition was rejected: " + decision);
    }
}
