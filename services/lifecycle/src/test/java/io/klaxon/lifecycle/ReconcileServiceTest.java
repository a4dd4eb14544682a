package io.klaxon.lifecycle;

import static io.klaxon.domain.testing.Fixtures.T0;
import static io.klaxon.domain.testing.Fixtures.firing;
import static io.klaxon.domain.testing.Fixtures.policy;
import static io.klaxon.domain.testing.Fixtures.recovered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.alert.TimelineKind;
import io.klaxon.domain.lifecycle.Command;
import io.klaxon.domain.port.WorkflowExecutions.Status;
import io.klaxon.domain.port.WorkflowOutcome;
import io.klaxon.domain.port.WorkflowStarter;
import io.klaxon.domain.workflow.Tell;
import io.klaxon.domain.service.AlertService;
import io.klaxon.domain.testing.InMemoryAlertStore;
import io.klaxon.lifecycle.ReconcileService.Outcome;
import io.micronaut.serde.ObjectMapper;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconcileServiceTest {

    private static final String MACHINE = "arn:aws:states:eu-west-1:111122223333:stateMachine:klaxon-alert-lifecycle";

    private final Clock clock = Clock.fixed(T0.plusSeconds(5), ZoneOffset.UTC);
    private final AlertService alerts = new AlertService(new InMemoryAlertStore(), clock);
    private final FakeExecutions executions = new FakeExecutions();
    private final List<WorkflowOutcome> announced = new ArrayList<>();
    private final WorkflowStarter starter = new WorkflowStarter() {
        @Override
        public void announce(WorkflowOutcome outcome) {
            announced.add(outcome);
        }

        @Override
        public void tell(Tell tell, long version) {
            throw new AssertionError("the reconciler tells no one anything");
        }
    };
    private final ObjectMapper json = ObjectMapper.getDefault();
    private final ReconcileService service = new ReconcileService(alerts, executions, starter, json, MACHINE, 3);
    /** An "Alert Fired" event as the bus rule starts an opening execution with it. */
    private static final String EVENT = "{\"version\":\"0\",\"id\":\"ev-1\",\"detail-type\":\"Alert Fired\","
            + "\"source\":\"klaxon.ingest\",\"detail\":{\"alertKey\":\"k\"}}";

    @SuppressWarnings("unchecked")
    private java.util.Map<String, Object> input(String execution) throws java.io.IOException {
        return json.readValue((String) executions.started.get(execution), java.util.Map.class);
    }

    @Test
    void reconcile_shouldStartARepairAnnouncement_whenTheAlertsWorkflowWasAborted() {
        // GIVEN an open alert whose opening execution was stopped
        alerts.open("a1", firing("s1", T0), policy());
        executions.ended("a1", Status.ABORTED);
        // WHEN its status change arrives
        var outcome = service.reconcile(MACHINE, "a1", "ABORTED");
        // THEN a repair announcement (no change: re-render, then adopt) is started under a derived name
        assertThat(outcome).isEqualTo(Outcome.REPAIRED);
        assertThat(executions.started).containsOnlyKeys("repair-1-a1");
        var repair = (WorkflowOutcome) executions.started.get("repair-1-a1");
        assertThat(repair.alertId()).isEqualTo("a1");
        assertThat(repair.change()).isNull();
        assertThat(repair.state()).isEqualTo(AlertState.UNCLAIMED);
        assertThat(alerts.require("a1").repairCount()).isEqualTo(1);
    }

    @Test
    void reconcile_shouldRepairOnce_whenTheSameStatusChangeIsDeliveredTwice() {
        // GIVEN an alert whose workflow failed, reconciled once
        alerts.open("a1", firing("s1", T0), policy());
        executions.ended("a1", Status.FAILED);
        service.reconcile(MACHINE, "a1", "FAILED");
        // WHEN EventBridge delivers the same status change again
        var again = service.reconcile(MACHINE, "a1", "FAILED");
        // THEN the same repair is asked for (StartExecution answers "exists"), not a second one
        assertThat(again).isEqualTo(Outcome.REPAIRED);
        assertThat(executions.started).containsOnlyKeys("repair-1-a1");
        assertThat(alerts.require("a1").repairCount()).isEqualTo(1);
    }

    @Test
    void reconcile_shouldDoNothing_whenTheAlertHasAnotherLiveWorkflow() {
        // GIVEN an alert adopted by a running announcement after its opening execution failed
        alerts.open("a1", firing("s1", T0), policy());
        executions.ended("a1", Status.FAILED);
        alerts.adopt("a1", "announce-v2-a1", executions::isLive);
        executions.running("announce-v2-a1");
        // WHEN the old failure is reported (late)
        var outcome = service.reconcile(MACHINE, "a1", "FAILED");
        // THEN nothing starts
        assertThat(outcome).isEqualTo(Outcome.NOTHING_TO_DO);
        assertThat(executions.started).isEmpty();
    }

    @Test
    void reconcile_shouldRepair_whenAFailedAnnouncementLeftAnAlertWithoutALiveWorkflow() {
        // GIVEN an alert whose opening execution is gone, and an announcement that failed
        alerts.open("a1", firing("s1", T0), policy());
        executions.ended("a1", Status.FAILED);
        executions.ended("announce-v2-a1", Status.FAILED);
        // WHEN the announcement's failure arrives
        var outcome = service.reconcile(MACHINE, "announce-v2-a1", "FAILED");
        // THEN the alert is repaired
        assertThat(outcome).isEqualTo(Outcome.REPAIRED);
        assertThat(executions.started).containsOnlyKeys("repair-1-a1");
    }

    @Test
    void reconcile_shouldDoNothing_whenTheAlertIsResolvedOrTheExecutionSucceeded() {
        // GIVEN a resolved alert
        alerts.open("a1", firing("s1", T0), policy());
        alerts.act("a1", new Command.Resolve(Actor.slack("U1", "ann"), null));
        // WHEN its workflow is reported failed, or an execution succeeded
        var resolved = service.reconcile(MACHINE, "a1", "FAILED");
        var succeeded = service.reconcile(MACHINE, "a1", "SUCCEEDED");
        // THEN nothing starts
        assertThat(resolved).isEqualTo(Outcome.NOTHING_TO_DO);
        assertThat(succeeded).isEqualTo(Outcome.NOTHING_TO_DO);
        assertThat(executions.started).isEmpty();
    }

    @Test
    void reconcile_shouldCloseWithoutClaimingAFix_whenRepairsKeepFailingInAWayRepeatingCannotFix() {
        // GIVEN an alert whose workflow and three repairs (the cap) failed on a broken execution
        // (the workflow met a state it does not know: repeating the same execution fails the same way)
        alerts.open("a1", firing("s1", T0), policy());
        executions.failed("a1", "Klaxon.UnexpectedState");
        service.reconcile(MACHINE, "a1", "FAILED");
        for (int n = 1; n <= 3; n++) {
            executions.failed("repair-" + n + "-a1", "Klaxon.UnexpectedState");
            service.reconcile(MACHINE, "repair-" + n + "-a1", "FAILED");
        }
        // THEN three repairs were started, then Klaxon stopped managing the alert: closed by Klaxon with
        // the reason on its timeline, told by an announcement that publishes no "Alert Resolved" (a
        // pager would resolve its incident on it, and nothing says the problem is fixed)
        assertThat(executions.started).containsOnlyKeys("repair-1-a1", "repair-2-a1", "repair-3-a1");
        var alert = alerts.require("a1");
        assertThat(alert.state()).isEqualTo(AlertState.RESOLVED);
        assertThat(alert.resolvedBy()).isEqualTo(Actor.SYSTEM);
        var last = alerts.store().timeline("a1").getLast();
        assertThat(last.kind()).isEqualTo(TimelineKind.RESOLVED);
        assertThat(last.text()).contains("after 3 repairs").contains("repair-3-a1").contains("Klaxon.UnexpectedState")
                .contains("not known to be fixed").doesNotStartWith("Resolved");
        assertThat(announced).singleElement().satisfies(o -> {
            assertThat(o.state()).isEqualTo(AlertState.RESOLVED);
            assertThat(o.change()).isNotNull();
            assertThat(o.change().event()).isNull();
        });
    }

    @Test
    void reconcile_shouldKeepTheAlertOpenAndRepairAgain_whenRepairsKeepFailingBecauseSlackIsUnavailable() {
        // GIVEN an open alert whose workflow failed because Slack was unavailable, and whose repairs
        // keep failing the same way, well past the cap of three (a Slack outage of hours)
        alerts.open("a1", firing("s1", T0), policy());
        executions.failed("a1", "io.klaxon.slack.SlackUnavailableException");
        var outcomes = new ArrayList<Outcome>();
        outcomes.add(service.reconcile(MACHINE, "a1", "FAILED"));
        for (int n = 1; n <= 8; n++) {
            executions.failed("repair-" + n + "-a1", n % 2 == 0 ? "io.klaxon.slack.SlackBusyException"
                    : "io.klaxon.slack.SlackUnavailableException");
            // WHEN each repair's failure arrives
            outcomes.add(service.reconcile(MACHINE, "repair-" + n + "-a1", "FAILED"));
        }
        // THEN the alert stays open, nothing announces a resolution, and the repair is tried again
        // after each failure, each later than the one before up to the cap on the wait
        assertThat(outcomes).containsOnly(Outcome.REPAIRED);
        var alert = alerts.require("a1");
        assertThat(alert.state()).isEqualTo(AlertState.UNCLAIMED);
        assertThat(alert.resolvedBy()).isNull();
        assertThat(announced).isEmpty();
        assertThat(alerts.store().timeline("a1")).noneMatch(e -> e.kind() == TimelineKind.RESOLVED);
        assertThat(executions.started).hasSize(9).containsKey("repair-9-a1");
        assertThat(executions.waits).containsExactly(0L, 60L, 120L, 240L, 480L, 960L, 1800L, 1800L, 1800L);
    }

    @Test
    void reconcile_shouldKeepAClaimedAlertOpen_whenRepairsKeepFailingBecauseTheStoreIsUnavailable() {
        // GIVEN a claimed alert whose workflow, and then every repair, failed on a throttled store
        alerts.open("a1", firing("s1", T0), policy());
        alerts.act("a1", new Command.Claim(Actor.slack("U1", "ann"), null));
        executions.failed("a1", "io.klaxon.domain.port.StoreUnavailableException");
        service.reconcile(MACHINE, "a1", "FAILED");
        for (int n = 1; n <= 6; n++) {
            executions.failed("repair-" + n + "-a1", "io.klaxon.domain.port.StoreUnavailableException");
            // WHEN each repair's failure arrives
            var outcome = service.reconcile(MACHINE, "repair-" + n + "-a1", "FAILED");
            assertThat(outcome).isEqualTo(Outcome.REPAIRED);
        }
        // THEN it stays claimed by its owner, no resolution is announced, and a seventh repair was started
        var alert = alerts.require("a1");
        assertThat(alert.state()).isEqualTo(AlertState.CLAIMED);
        assertThat(alert.owner().id()).isEqualTo("U1");
        assertThat(announced).isEmpty();
        assertThat(executions.started).containsKey("repair-7-a1");
    }

    @Test
    void reconcile_shouldKeepAClaimedAlertOpen_whenRepairsKeepFailingBecauseTheStoreRejectsKlaxonsAccess() {
        // GIVEN a claimed alert whose workflow, and then every repair, failed because the store rejected
        // the request as no throttle (AccessDenied after an IAM or KMS mistake: DynamoAlertStore throws
        // IllegalStateException, the name the failing step gives Step Functions), well past the cap of three
        alerts.open("a1", firing("s1", T0), policy());
        alerts.act("a1", new Command.Claim(Actor.slack("U1", "ann"), null));
        executions.failed("a1", "java.lang.IllegalStateException");
        service.reconcile(MACHINE, "a1", "FAILED");
        for (int n = 1; n <= 6; n++) {
            executions.failed("repair-" + n + "-a1", n % 2 == 0 ? "io.klaxon.slack.SlackNotConfiguredException"
                    : "java.lang.IllegalStateException");
            // WHEN each repair's failure arrives
            var outcome = service.reconcile(MACHINE, "repair-" + n + "-a1", "FAILED");
            assertThat(outcome).isEqualTo(Outcome.REPAIRED);
        }
        // THEN a misconfigured dependency closes nothing: the alert stays claimed, no resolution is
        // announced, and the repairs back off like any outage's until someone fixes the access
        var alert = alerts.require("a1");
        assertThat(alert.state()).isEqualTo(AlertState.CLAIMED);
        assertThat(alert.repairs().unfixable()).isZero();
        assertThat(announced).isEmpty();
        assertThat(executions.started).containsKey("repair-7-a1");
        assertThat(executions.waits).containsExactly(0L, 60L, 120L, 240L, 480L, 960L, 1800L);
    }

    @Test
    void reconcile_shouldCountOnlyFailuresRepeatingCannotFix_whenAnOutageAndABrokenExecutionAlternate() {
        // GIVEN an alert whose repairs fail on an outage (timed out steps, Lambda throttled, a stopped
        // execution) between two failures that cannot be fixed by repeating
        alerts.open("a1", firing("s1", T0), policy());
        executions.failed("a1", "States.Runtime");
        service.reconcile(MACHINE, "a1", "FAILED");
        executions.failed("repair-1-a1", "States.Timeout");
        service.reconcile(MACHINE, "repair-1-a1", "FAILED");
        executions.failed("repair-2-a1", "Lambda.TooManyRequestsException");
        service.reconcile(MACHINE, "repair-2-a1", "FAILED");
        executions.ended("repair-3-a1", Status.ABORTED);
        service.reconcile(MACHINE, "repair-3-a1", "ABORTED");
        executions.failed("repair-4-a1", "Klaxon.UnexpectedOutcome");
        // WHEN the second unfixable failure arrives (the fifth repair overall, past the cap of three)
        var outcome = service.reconcile(MACHINE, "repair-4-a1", "FAILED");
        // THEN it is repaired again: two failures count, the outage's three do not
        assertThat(outcome).isEqualTo(Outcome.REPAIRED);
        assertThat(alerts.require("a1").state()).isEqualTo(AlertState.UNCLAIMED);
        assertThat(alerts.require("a1").repairs().unfixable()).isEqualTo(2);
        assertThat(executions.started).containsKey("repair-5-a1");
        // and a repair after a broken execution starts at once: no outage to wait out
        assertThat(executions.waits.getLast()).isZero();
    }

    @Test
    void reconcile_shouldStartTheOpenAgain_whenItFailedBeforeItsAlertWasStored() throws Exception {
        // GIVEN an opening execution that failed before storing its alert
        executions.ended("e1", Status.FAILED, EVENT);
        // WHEN its failure arrives, and then that of the restarted open
        var first = service.reconcile(MACHINE, "e1", "FAILED");
        executions.ended("reopen-1-e1", Status.TIMED_OUT);
        var second = service.reconcile(MACHINE, "reopen-1-e1", "TIMED_OUT");
        // THEN the open is started again with the same event, under derived names
        assertThat(first).isEqualTo(Outcome.REOPENED);
        assertThat(second).isEqualTo(Outcome.REOPENED);
        assertThat(executions.started).containsOnlyKeys("reopen-1-e1", "reopen-2-e1");
        var input = input("reopen-2-e1");
        assertThat(input.get("detail")).isEqualTo(java.util.Map.of("alertKey", "k"));
        assertThat(input.get("detail-type")).isEqualTo("Alert Fired");
    }

    @Test
    void reconcile_shouldRestartTheOpenPastTheCapWithABackoff_whenItKeepsFailingOnAnOutage() throws Exception {
        // GIVEN an opening execution that failed before storing its alert because Lambda throttled the
        // lifecycle function (a storm), and whose restarts keep failing on outages, well past the cap of three
        executions.ended("e1", Status.FAILED, EVENT);
        executions.failed("e1", "Lambda.TooManyRequestsException");
        var outcomes = new ArrayList<Outcome>();
        outcomes.add(service.reconcile(MACHINE, "e1", "FAILED"));
        String[] errors = {"io.klaxon.domain.port.StoreUnavailableException", "States.Timeout",
                "java.lang.IllegalStateException", "Lambda.TooManyRequestsException"};
        for (int n = 1; n <= 8; n++) {
            String name = "reopen-" + n + "-e1";
            executions.failed(name, errors[n % errors.length]);
            // WHEN each restart's failure arrives
            outcomes.add(service.reconcile(MACHINE, name, "FAILED"));
        }
        // THEN the signal is never given up: each restart carries the same event, and from the second
        // failure in a row waits inside its execution, doubling like a repair's up to the cap on the wait
        assertThat(outcomes).containsOnly(Outcome.REOPENED);
        assertThat(executions.started).hasSize(9).containsKey("reopen-9-e1");
        var waits = new ArrayList<Object>();
        for (int n = 1; n <= 9; n++) {
            var input = input("reopen-" + n + "-e1");
            assertThat(input.get("detail")).isEqualTo(java.util.Map.of("alertKey", "k"));
            waits.add(input.getOrDefault("reopenWaitSeconds", 0));
        }
        assertThat(waits).containsExactly(0, 60, 120, 240, 480, 960, 1800, 1800, 1800);
    }

    @Test
    void reconcile_shouldGiveUpOnTheOpen_whenItKeepsFailingInAWayRepeatingCannotFixBetweenOutages() {
        // GIVEN an opening execution whose failures alternate between a broken execution and an outage
        executions.ended("e1", Status.FAILED, EVENT);
        executions.failed("e1", "Klaxon.UnexpectedOutcome");
        var outcomes = new ArrayList<Outcome>();
        outcomes.add(service.reconcile(MACHINE, "e1", "FAILED"));
        for (int n = 1; n <= 6; n++) {
            String name = "reopen-" + n + "-e1";
            executions.failed(name, n % 2 == 0 ? "Klaxon.UnexpectedOutcome" : "States.Timeout");
            // WHEN each restart's failure arrives
            outcomes.add(service.reconcile(MACHINE, name, "FAILED"));
        }
        // THEN only the broken executions count: the fourth of them (past the cap of three) ends it
        assertThat(outcomes).containsExactly(Outcome.REOPENED, Outcome.REOPENED, Outcome.REOPENED,
                Outcome.REOPENED, Outcome.REOPENED, Outcome.REOPENED, Outcome.UNRECOVERABLE);
        assertThat(executions.started).hasSize(6);
    }

    @Test
    void reconcile_shouldRefuse_whenTheEventIsOfAnotherStateMachine() {
        assertThatThrownBy(() -> service.reconcile(MACHINE.replace("klaxon", "other"), "a1", "FAILED"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rule's pattern");
    }

    @Test
    void reconcile_shouldRepair_whenAnAnnouncementFailsOnAReopenedAlertWhoseWorkflowFinished() {
        // GIVEN an alert its recovery resolved and whose workflow then finished (released it), reopened;
        // before the reopening execution adopts it, a click's announcement of it fails
        alerts.open("a1", firing("s1", T0), policy());
        alerts.recover(recovered("s2", T0.plusSeconds(60)));
        alerts.finish("a1", "a1");
        alerts.open("a2", firing("s3", T0.plusSeconds(120)), policy());
        executions.ended("announce-v3-a1", Status.FAILED);
        // WHEN its status change arrives
        var outcome = service.reconcile(MACHINE, "announce-v3-a1", "FAILED");
        // THEN the released workflow counts as none (nothing to describe): the open alert is repaired
        assertThat(outcome).isEqualTo(Outcome.REPAIRED);
        assertThat(executions.started).containsOnlyKeys("repair-1-a1");
    }
}
