package io.klaxon.domain.lifecycle;

import static io.klaxon.domain.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.TimelineKind;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.alert.EscalationPolicy;
import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.domain.testing.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lifecycle rules as two tables: every command a person can give in every state, and every
 * input the system gives (signals, timers). Each starting alert is reached through the rules
 * themselves, so the table describes what production can hold.
 *
 * <p>Columns: where the alert is ({@code state}, {@code owner}: {@code -} for nobody), what happens,
 * then the outcome: the next state, {@code rejected REASON} (a command changed nothing), or
 * {@code unchanged} (a system input that does not apply); the lifecycle event published
 * ({@code -} for none); who owns the alert afterwards; and how much the version moved.
 *
 * <p>Commands are given by bob, who never owns the starting alert: the rules do not ask who acts.
 */
class LifecycleTableTest {

    private static final Actor ALICE = Actor.slack("U0ALICE01", "alice");
    private static final Actor BOB = Actor.slack("U0BOB0002", "bob");
    private static final Actor CAROL = Actor.slack("U0CAROL03", "carol");
    private static final Duration SNOOZE = Duration.ofHours(1);
    private static final String[] COMMANDS = {"CLAIM", "RESOLVE", "UNCLAIM", "SNOOZE", "NOTE", "ASSIGN", "ASSIGN_ALICE"};
    /** After every starting alert was made (at most T0 + 3 min), before its snooze ends. */
    private static final Instant NOW = T0.plus(Duration.ofMinutes(10));

    @ParameterizedTest(name = "{0} ({1}) + {2} on {3} version -> {4}")
    @MethodSource("resolvedRows")
    @CsvSource(delimiter = '|', textBlock = """
            # state   | owner | command | version | outcome                  | event     | owner after | bump
            UNCLAIMED | -     | CLAIM   | current | CLAIMED                  | CLAIMED   | bob         | 1
            UNCLAIMED | -     | CLAIM   | stale   | rejected STALE           | -         | -           | 0
            UNCLAIMED | -     | RESOLVE | current | RESOLVED                 | RESOLVED  | -           | 1
            UNCLAIMED | -     | RESOLVE | stale   | rejected STALE           | -         | -           | 0
            UNCLAIMED | -     | UNCLAIM | current | rejected NOT_CLAIMED     | -         | -           | 0
            UNCLAIMED | -     | UNCLAIM | stale   | rejected STALE           | -         | -           | 0
            UNCLAIMED | -     | SNOOZE  | current | SNOOZED                  | SNOOZED   | -           | 1
            UNCLAIMED | -     | SNOOZE  | stale   | rejected STALE           | -         | -           | 0
            CLAIMED   | alice | CLAIM   | current | rejected ALREADY_CLAIMED | -         | alice       | 0
            CLAIMED   | alice | CLAIM   | stale   | rejected ALREADY_CLAIMED | -         | alice       | 0
            CLAIMED   | alice | RESOLVE | current | RESOLVED                 | RESOLVED  | alice       | 1
            CLAIMED   | alice | RESOLVE | stale   | rejected ALREADY_CLAIMED | -         | alice       | 0
            CLAIMED   | alice | UNCLAIM | current | UNCLAIMED                | UNCLAIMED | -           | 1
            CLAIMED   | alice | UNCLAIM | stale   | rejected ALREADY_CLAIMED | -         | alice       | 0
            CLAIMED   | alice | SNOOZE  | current | SNOOZED                  | SNOOZED   | alice       | 1
            CLAIMED   | alice | SNOOZE  | stale   | rejected ALREADY_CLAIMED | -         | alice       | 0
            SNOOZED   | -     | CLAIM   | current | CLAIMED                  | CLAIMED   | bob         | 1
            SNOOZED   | -     | CLAIM   | stale   | rejected STALE           | -         | -           | 0
            SNOOZED   | -     | RESOLVE | current | RESOLVED                 | RESOLVED  | -           | 1
            SNOOZED   | -     | RESOLVE | stale   | rejected STALE           | -         | -           | 0
            SNOOZED   | -     | UNCLAIM | current | rejected NOT_CLAIMED     | -         | -           | 0
            SNOOZED   | -     | UNCLAIM | stale   | rejected STALE           | -         | -           | 0
            SNOOZED   | -     | SNOOZE  | current | SNOOZED                  | SNOOZED   | -           | 1
            SNOOZED   | -     | SNOOZE  | stale   | rejected STALE           | -         | -           | 0
            # a snoozed alert with an owner is still theirs, yet a Claim by someone else takes it over
            SNOOZED   | alice | CLAIM   | current | CLAIMED                  | CLAIMED   | bob         | 1
            SNOOZED   | alice | CLAIM   | stale   | rejected STALE           | -         | alice       | 0
            SNOOZED   | alice | RESOLVE | current | RESOLVED                 | RESOLVED  | alice       | 1
            SNOOZED   | alice | RESOLVE | stale   | rejected STALE           | -         | alice       | 0
            SNOOZED   | alice | UNCLAIM | current | UNCLAIMED                | UNCLAIMED | -           | 1
            SNOOZED   | alice | UNCLAIM | stale   | rejected STALE           | -         | alice       | 0
            SNOOZED   | alice | SNOOZE  | current | SNOOZED                  | SNOOZED   | alice       | 1
            SNOOZED   | alice | SNOOZE  | stale   | rejected STALE           | -         | alice       | 0
            # a note changes only the timeline; assign hands the alert to carol (or to alice, who may own it)
            UNCLAIMED | -     | NOTE         | current | UNCLAIMED                 | -         | -           | 1
            UNCLAIMED | -     | NOTE         | stale   | rejected STALE            | -         | -           | 0
            UNCLAIMED | -     | ASSIGN       | current | CLAIMED                   | CLAIMED   | carol       | 1
            UNCLAIMED | -     | ASSIGN       | stale   | rejected STALE            | -         | -           | 0
            UNCLAIMED | -     | ASSIGN_ALICE | current | CLAIMED                   | CLAIMED   | alice       | 1
            UNCLAIMED | -     | ASSIGN_ALICE | stale   | rejected STALE            | -         | -           | 0
            CLAIMED   | alice | NOTE         | current | CLAIMED                   | -         | alice       | 1
            CLAIMED   | alice | NOTE         | stale   | rejected ALREADY_CLAIMED  | -         | alice       | 0
            CLAIMED   | alice | ASSIGN       | current | CLAIMED                   | CLAIMED   | carol       | 1
            CLAIMED   | alice | ASSIGN       | stale   | rejected ALREADY_CLAIMED  | -         | alice       | 0
            CLAIMED   | alice | ASSIGN_ALICE | current | rejected ALREADY_OWNER    | -         | alice       | 0
            CLAIMED   | alice | ASSIGN_ALICE | stale   | rejected ALREADY_CLAIMED  | -         | alice       | 0
            SNOOZED   | -     | NOTE         | current | SNOOZED                   | -         | -           | 1
            SNOOZED   | -     | NOTE         | stale   | rejected STALE            | -         | -           | 0
            SNOOZED   | -     | ASSIGN       | current | CLAIMED                   | CLAIMED   | carol       | 1
            SNOOZED   | -     | ASSIGN       | stale   | rejected STALE            | -         | -           | 0
            SNOOZED   | -     | ASSIGN_ALICE | current | CLAIMED                   | CLAIMED   | alice       | 1
            SNOOZED   | -     | ASSIGN_ALICE | stale   | rejected STALE            | -         | -           | 0
            SNOOZED   | alice | NOTE         | current | SNOOZED                   | -         | alice       | 1
            SNOOZED   | alice | NOTE         | stale   | rejected STALE            | -         | alice       | 0
            SNOOZED   | alice | ASSIGN       | current | CLAIMED                   | CLAIMED   | carol       | 1
            SNOOZED   | alice | ASSIGN       | stale   | rejected STALE            | -         | alice       | 0
            SNOOZED   | alice | ASSIGN_ALICE | current | CLAIMED                   | CLAIMED   | alice       | 1
            SNOOZED   | alice | ASSIGN_ALICE | stale   | rejected STALE            | -         | alice       | 0
            # RESOLVED rows, every command on either version: resolvedRows()
            """)
    void decide_shouldFollowTheTable_whenAPersonGivesACommand(AlertState state, String owner, String command,
                                                               String version, String outcome, String event,
                                                               String ownerAfter, int bump) {
        // GIVEN an alert in this state, reached through the rules
        Alert from = start(state, owner, Fixtures.policy());
        Long expected = version.equals("current") ? from.version() : from.version() - 1;

        // WHEN bob gives the command, on the version he saw
        Decision decision = Lifecycle.decide(from, command(command, expected), NOW);

        // THEN the outcome is the table's
        assertOutcome(from, decision, outcome, event, ownerAfter, bump);
        if (decision instanceof Decision.Applied applied) {
            assertThat(applied.entry().actor()).isEqualTo(BOB);
            String kind = switch (command) {
                case "NOTE" -> "NOTE";
                case "ASSIGN", "ASSIGN_ALICE" -> "ASSIGNED";
                default -> applied.next().state().name();
            };
            assertThat(String.valueOf(applied.entry().kind())).isEqualTo(kind);
        }
        if (version.equals("current")) {
            // A typed command (no version) applies to whatever is current: the same decision.
            assertThat(Lifecycle.decide(from, command(command, null), NOW)).isEqualTo(decision);
        }
    }

    /**
     * The table's rows for a resolved alert, which are all alike: every command, on any version and whoever owns
     * it, is rejected {@code ALREADY_RESOLVED} and leaves the owner as it was.
     */
    static Stream<Arguments> resolvedRows() {
        return Stream.of("-", "alice").flatMap(owner -> Stream.of(COMMANDS).flatMap(command ->
                Stream.of("current", "stale").map(version -> Arguments.of(
                        AlertState.RESOLVED, owner, command, version, "rejected ALREADY_RESOLVED", "-", owner, 0))));
    }

    @ParameterizedTest(name = "{0} ({1}) + {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            # state   | owner | input                  | outcome   | event     | owner after | bump
            UNCLAIMED | -     | refire                 | UNCLAIMED | REFIRED   | -           | 1
            UNCLAIMED | -     | refire (redelivery)    | unchanged | -         | -           | 0
            UNCLAIMED | -     | refire (older)         | unchanged | -         | -           | 0
            UNCLAIMED | -     | refire (same change)   | unchanged | -         | -           | 0
            UNCLAIMED | -     | recover (auto-resolve) | RESOLVED  | RESOLVED  | -           | 1
            UNCLAIMED | -     | recover (annotate)     | UNCLAIMED | -         | -           | 1
            UNCLAIMED | -     | recover (redelivery)   | unchanged | -         | -           | 0
            UNCLAIMED | -     | recover (older)        | UNCLAIMED | -         | -           | 1
            UNCLAIMED | -     | recover (same instant) | RESOLVED  | RESOLVED  | -           | 1
            UNCLAIMED | -     | escalate               | UNCLAIMED | ESCALATED | -           | 1
            UNCLAIMED | -     | wake                   | unchanged | -         | -           | 0
            CLAIMED   | alice | refire                 | CLAIMED   | REFIRED   | alice       | 1
            CLAIMED   | alice | recover (auto-resolve) | CLAIMED   | -         | alice       | 1
            CLAIMED   | alice | recover (annotate)     | CLAIMED   | -         | alice       | 1
            CLAIMED   | alice | refire (same change)   | unchanged | -         | alice       | 0
            CLAIMED   | alice | recover (same change)  | unchanged | -         | alice       | 0
            CLAIMED   | alice | escalate               | unchanged | -         | alice       | 0
            CLAIMED   | alice | wake                   | unchanged | -         | alice       | 0
            SNOOZED   | -     | refire                 | SNOOZED   | REFIRED   | -           | 1
            SNOOZED   | -     | recover (auto-resolve) | RESOLVED  | RESOLVED  | -           | 1
            SNOOZED   | -     | recover (annotate)     | SNOOZED   | -         | -           | 1
            SNOOZED   | -     | escalate               | unchanged | -         | -           | 0
            SNOOZED   | -     | wake                   | UNCLAIMED | UNCLAIMED | -           | 1
            SNOOZED   | alice | refire                 | SNOOZED   | REFIRED   | alice       | 1
            # only CLAIMED is spared by auto-resolve: a snoozed alert resolves even when it has an owner
            SNOOZED   | alice | recover (auto-resolve) | RESOLVED  | RESOLVED  | alice       | 1
            SNOOZED   | alice | recover (annotate)     | SNOOZED   | -         | alice       | 1
            SNOOZED   | alice | escalate               | unchanged | -         | alice       | 0
            SNOOZED   | alice | wake                   | CLAIMED   | CLAIMED   | alice       | 1
            RESOLVED  | -     | refire                 | unchanged | -         | -           | 0
            RESOLVED  | -     | recover (auto-resolve) | unchanged | -         | -           | 0
            RESOLVED  | -     | recover (annotate)     | unchanged | -         | -           | 0
            RESOLVED  | -     | escalate               | unchanged | -         | -           | 0
            RESOLVED  | -     | wake                   | unchanged | -         | -           | 0
            RESOLVED  | alice | refire                 | unchanged | -         | alice       | 0
            RESOLVED  | alice | recover (auto-resolve) | unchanged | -         | alice       | 0
            RESOLVED  | alice | recover (annotate)     | unchanged | -         | alice       | 0
            RESOLVED  | alice | escalate               | unchanged | -         | alice       | 0
            RESOLVED  | alice | wake                   | unchanged | -         | alice       | 0
            """)
    void systemInput_shouldFollowTheTable_whenASignalOrTimerArrives(AlertState state, String owner, String input,
                                                                     String outcome, String event, String ownerAfter,
                                                                     int bump) {
        // GIVEN an alert in this state, opened under a policy that auto-resolves on recovery or not
        boolean autoResolve = !input.equals("recover (annotate)");
        Alert from = start(state, owner, policy(autoResolve));

        // WHEN the system input arrives
        Decision.Applied applied = switch (input) {
            case "refire" -> Lifecycle.refire(from, Fixtures.firing("sig-2", NOW), NOW);
            case "refire (redelivery)" -> Lifecycle.refire(from, Fixtures.firing(from.lastSignalId(), NOW), NOW);
            case "refire (older)" -> Lifecycle.refire(from, Fixtures.firing("sig-0", before(from)), NOW);
            // The same state change through another path (SNS and EventBridge): another id, the same source time.
            case "refire (same change)" -> Lifecycle.refire(from, Fixtures.firing("sig-2", from.lastSignalAt()), NOW);
            case "recover (auto-resolve)", "recover (annotate)" ->
                    Lifecycle.recover(from, Fixtures.recovered("sig-ok", NOW), NOW);
            case "recover (redelivery)" -> Lifecycle.recover(from, Fixtures.recovered(from.lastSignalId(), NOW), NOW);
            case "recover (older)" -> Lifecycle.recover(from, Fixtures.recovered("sig-ok", before(from)), NOW);
            // A recovery at the very instant of the last FIRING is another change, not that FIRING again.
            case "recover (same instant)" -> Lifecycle.recover(from, Fixtures.recovered("sig-ok", from.lastSignalAt()), NOW);
            // A recovery applied once, delivered again under another id.
            case "recover (same change)" -> {
                Alert recovered = Lifecycle.recover(from, Fixtures.recovered("sig-ok", NOW), NOW).next();
                yield Lifecycle.recover(recovered, Fixtures.recovered("sig-ok-2", NOW), NOW);
            }
            case "escalate" -> Lifecycle.escalate(from, NOW);
            case "wake" -> Lifecycle.wake(from, NOW);
            default -> throw new IllegalArgumentException("no such input in the table: " + input);
        };

        // THEN the outcome is the table's, and the system is the actor
        if (outcome.equals("unchanged")) {
            assertThat(applied).isNull();
            assertThat(owner(from)).isEqualTo(ownerAfter);
            return;
        }
        assertOutcome(from, applied, outcome, event, ownerAfter, bump);
        assertThat(applied.entry().actor()).isEqualTo(Actor.SYSTEM);
        if (input.startsWith("refire")) {
            assertThat(applied.next().refireCount()).isEqualTo(from.refireCount() + 1);
            assertThat(applied.next().lastSignalId()).isEqualTo("sig-2");
        }
        if (input.equals("recover (older)")) {
            // Disorder: the recovery is older than the firing it would close; noted, not applied.
            assertThat(applied.entry().kind()).isEqualTo(TimelineKind.NOTE);
            assertThat(applied.entry().text()).startsWith("Ignored a recovery from " + before(from));
            assertThat(applied.next().recoveredAt()).isEqualTo(from.recoveredAt());
            assertThat(applied.next().lastSignalId()).isEqualTo(from.lastSignalId());
        } else if (input.startsWith("recover")) {
            assertThat(applied.next().recoveredAt())
                    .isEqualTo(input.equals("recover (same instant)") ? from.lastSignalAt() : NOW);
            assertThat(applied.next().lastSignalId()).isEqualTo("sig-ok");
        }
        if (input.equals("escalate")) {
            assertThat(applied.next().escalationLevel()).isEqualTo(from.escalationLevel() + 1);
        }
    }

    private static void assertOutcome(Alert from, Decision decision, String outcome, String event, String ownerAfter,
                                      int bump) {
        switch (decision) {
            case Decision.Rejected rejected -> {
                assertThat("rejected " + rejected.reason()).isEqualTo(outcome);
                assertThat(rejected.current()).isSameAs(from);
                assertThat(event).as("a rejection publishes nothing").isEqualTo("-");
                assertThat(owner(from)).isEqualTo(ownerAfter);
                assertThat(bump).isZero();
            }
            case Decision.Applied applied -> {
                Alert next = applied.next();
                assertThat(next.state().name()).isEqualTo(outcome);
                assertThat(applied.event() == null ? "-" : applied.event().name()).isEqualTo(event);
                assertThat(owner(next)).isEqualTo(ownerAfter);
                assertThat(next.version()).isEqualTo(from.version() + bump);
                assertThat(applied.entry().version()).isEqualTo(next.version());
                assertThat(applied.entry().at()).isEqualTo(NOW);
                assertConsistent(next);
            }
        }
    }

    /** What must hold of any alert the rules produce, whatever the row. */
    private static void assertConsistent(Alert alert) {
        assertThat(alert.snoozedUntil() != null).as("snoozed until set exactly when SNOOZED")
                .isEqualTo(alert.state() == AlertState.SNOOZED);
        assertThat(alert.claimedAt() != null).as("claimedAt set exactly when owned").isEqualTo(alert.owner() != null);
        assertThat(alert.resolvedAt() != null && alert.resolvedBy() != null).as("resolution recorded when RESOLVED")
                .isEqualTo(alert.state() == AlertState.RESOLVED);
        if (alert.state() == AlertState.CLAIMED) {
            assertThat(alert.owner()).as("CLAIMED always has an owner").isNotNull();
        }
        if (alert.state() == AlertState.UNCLAIMED) {
            assertThat(alert.owner()).as("UNCLAIMED never has an owner").isNull();
        }
        if (alert.snoozedUntil() != null && alert.state() == AlertState.SNOOZED) {
            assertThat(alert.snoozedUntil()).isAfter(NOW);
        }
    }

    /** The starting alert, reached through the rules: opened at T0, then claimed, snoozed or resolved by alice or bob. */
    private static Alert start(AlertState state, String owner, EscalationPolicy policy) {
        Alert open = Alert.open("a1", Fixtures.firing("sig-1", T0), policy, T0);
        Alert claimed = apply(open, new Command.Claim(ALICE, open.version()), 1);
        String key = state + " " + owner;
        return switch (key) {
            case "UNCLAIMED -" -> open;
            case "CLAIMED alice" -> claimed;
            case "SNOOZED -" -> apply(open, new Command.Snooze(BOB, open.version(), SNOOZE), 2);
            case "SNOOZED alice" -> apply(claimed, new Command.Snooze(ALICE, claimed.version(), SNOOZE), 2);
            case "RESOLVED -" -> apply(open, new Command.Resolve(BOB, open.version()), 3);
            case "RESOLVED alice" -> apply(claimed, new Command.Resolve(ALICE, claimed.version()), 3);
            default -> throw new IllegalArgumentException("the rules never produce " + key);
        };
    }

    private static Alert apply(Alert alert, Command command, int minutesAfterOpening) {
        Decision decision = Lifecycle.decide(alert, command, T0.plus(Duration.ofMinutes(minutesAfterOpening)));
        if (decision instanceof Decision.Applied applied) {
            return applied.next();
        }
        return fail("setting up the row: %s was rejected: %s", command, decision);
    }

    private static Command command(String name, Long expectedVersion) {
        return switch (name) {
            case "CLAIM" -> new Command.Claim(BOB, expectedVersion);
            case "RESOLVE" -> new Command.Resolve(BOB, expectedVersion);
            case "UNCLAIM" -> new Command.Unclaim(BOB, expectedVersion);
            case "SNOOZE" -> new Command.Snooze(BOB, expectedVersion, SNOOZE);
            case "NOTE" -> new Command.Note(BOB, expectedVersion, "looking at the replica lag");
            case "ASSIGN" -> new Command.Reassign(BOB, expectedVersion, CAROL);
            case "ASSIGN_ALICE" -> new Command.Reassign(BOB, expectedVersion, ALICE);
            default -> throw new IllegalArgumentException("no such command in the table: " + name);
        };
    }

    private static EscalationPolicy policy(boolean autoResolveOnRecovery) {
        EscalationPolicy p = Fixtures.policy();
        return new EscalationPolicy(p.route(), p.channel(), p.claimTimeoutSeconds(), p.remindAfterSeconds(),
                p.levels(), autoResolveOnRecovery);
    }

    private static Instant before(Alert alert) {
        return alert.lastSignalAt().minusSeconds(60);
    }

    private static String owner(Alert alert) {
        return alert.owner() == null ? "-" : alert.owner().name();
    }
}
