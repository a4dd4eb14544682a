package io.klaxon.local;

import static io.klaxon.local.LocalRuntimeEndToEndTest.post;
import static io.klaxon.local.LocalRuntimeFixture.stateChange;
import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.port.AlertStore;
import io.klaxon.slack.testing.SlackStubServer.Posted;
import io.klaxon.slack.testing.SlackStubServer.Request;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An alarm's OK that reaches Klaxon before its ALARM (the FIRING delayed by ingest's retry or by
 * throttling) on the local runtime: the real ASL, DynamoDB Local, the real functions. The recovery
 * finds nothing open and is remembered; the occurrence the late FIRING opens is resolved by it as
 * soon as its workflow waits, instead of escalating for an alarm that is already OK (ADR 0001).
 */
class LocalRuntimeEarlyRecoveryTest {

    private static final String CHANNEL = "C0E2E";
    private static final String KEY = "arn:aws:cloudwatch:eu-west-1:1234567890:alarm:late-firing";
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @RegisterExtension
    static final LocalRuntimeFixture.Stack STACK = new LocalRuntimeFixture.Stack(
            slack -> LocalRuntimeEndToEndTest.startWith(LocalRuntime.RETRY_INTERVAL_PROPERTY, "200",
                    LocalRuntimeEndToEndTest.config(slack, 3600)));

    @Test
    void lateFiring_shouldOpenAndResolveAtOnce_whenItsRecoveryArrivedFirst() throws Exception {
        // GIVEN the OK from 10:01 arrives, and is handled, before the ALARM from 10:00
        AlertStore store = STACK.runtime().alerts();
        Instant t0 = Instant.parse("2026-11-24T10:00:00Z");
        assertThat(post(STACK.runtime(), "/sns", "application/json",
                stateChange("late-firing", "late-ok", false, t0.plusSeconds(60)), null).statusCode()).isEqualTo(200);
        await(() -> store.rememberedRecovery(KEY, Instant.now()));
        // WHEN the delayed ALARM arrives
        assertThat(post(STACK.runtime(), "/sns", "application/json",
                stateChange("late-firing", "late-alarm", true, t0), null).statusCode()).isEqualTo(200);
        // THEN its occurrence is posted and resolved by the recovery, never escalated
        Alert alert = await(() -> store.findLast(KEY).filter(a -> a.state() == AlertState.RESOLVED && a.hasMessage()));
        assertThat(alert.resolvedBy()).isEqualTo(Actor.SYSTEM);
        assertThat(alert.recoveredAt()).isEqualTo(t0.plusSeconds(60));
        assertThat(alert.escalationLevel()).isZero();
        // AND the thread tells the resolution, under the one message of the alert
        List<Posted> told = await(() -> Optional.of(STACK.slack().messages(CHANNEL).stream()
                .filter(p -> alert.messageTs().equals(p.threadTs()) && p.text().contains("resolved automatically"))
                .toList()).filter(lines -> !lines.isEmpty()));
        assertThat(told).hasSize(1);
        assertThat(topLevelOf(alert)).hasSize(1);
    }

    @Test
    void delayedFiring_shouldReopenAndResolveAtOnce_whenTheNextRecoveryArrivedBeforeIt() throws Exception {
        // GIVEN ALARM 10:00 opened the alert and OK 10:01 resolved it; then the OK from 10:03 arrives, before
        // the ALARM from 10:02 (delayed): it finds nothing open and is remembered
        AlertStore store = STACK.runtime().alerts();
        String alarm = "reopened-late";
        String key = "arn:aws:cloudwatch:eu-west-1:1234567890:alarm:" + alarm;
        Instant t0 = Instant.parse("2026-11-24T10:00:00Z");
        send(alarm, "alarm-1000", true, t0);
        Alert first = await(() -> store.findLast(key).filter(a -> a.state() == AlertState.UNCLAIMED && a.hasMessage()));
        send(alarm, "ok-1001", false, t0.plusSeconds(60));
        await(() -> store.findLast(key).filter(a -> a.state() == AlertState.RESOLVED));
        send(alarm, "ok-1003", false, t0.plusSeconds(180));
        await(() -> store.rememberedRecovery(key, Instant.now()).filter(r -> "ok-1003".equals(r.signalId())));
        // WHEN the delayed ALARM from 10:02 reopens the alert (within its flap window)
        send(alarm, "alarm-1002", true, t0.plusSeconds(120));
        // THEN the remembered OK resolves the reopened alert as soon as its workflow waits: it does not stay
        // open (and escalate) for an alarm already OK
        Alert alert = await(() -> store.findLast(key).filter(a -> a.state() == AlertState.RESOLVED
                && t0.plusSeconds(180).equals(a.recoveredAt())));
        assertThat(alert.alertId()).isEqualTo(first.alertId());
        assertThat(alert.flapsOrNone().reopens()).isEqualTo(1);
        assertThat(alert.escalationLevel()).isZero();
        // AND the thread tells that resolution once, under the alert's one message
        List<Posted> told = await(() -> Optional.of(STACK.slack().messages(CHANNEL).stream()
                .filter(p -> alert.messageTs().equals(p.threadTs()) && p.text().contains(t0.plusSeconds(180).toString())
                        && p.text().contains("resolved automatically"))
                .toList()).filter(lines -> !lines.isEmpty()));
        assertThat(told).hasSize(1);
        assertThat(topLevelOf(alert)).hasSize(1);
    }

    /** The alert's top-level messages: the tests share the channel, each alert must have one. */
    private static List<Posted> topLevelOf(Alert alert) {
        return STACK.slack().messages(CHANNEL).stream().filter(Posted::topLevel)
                .filter(p -> alert.alertId().equals(LocalRuntimeFixture.alertIdOf(p))).toList();
    }

    private static void send(String alarm, String messageId, boolean toAlarm, Instant at) throws Exception {
        assertThat(post(STACK.runtime(), "/sns", "application/json", stateChange(alarm, messageId, toAlarm, at), null)
                .statusCode()).isEqualTo(200);
    }

    private static <T> T await(Supplier<Optional<T>> probe) {
        return Polling.await(DEADLINE, probe, () -> "Slack saw " + STACK.slack().requests().stream().map(Request::method).toList());
    }
}
