package io.klaxon.lifecycle;

import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.port.ExecutionNames;
import io.klaxon.domain.port.WorkflowExecutions;
import io.klaxon.domain.port.WorkflowOutcome;
import io.klaxon.domain.port.WorkflowStarter;
import io.klaxon.domain.service.AlertService;
import io.micronaut.context.annotation.Value;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repairs what an execution that ended badly (FAILED, TIMED_OUT, ABORTED) left behind, so that no
 * open alert is ever without a live workflow (ADR 0010):
 * <ul>
 *   <li>an open alert whose recorded workflow is that execution (or is not live either) gets a repair
 *       execution, {@code repair-<n>-<alertId>}: an announcement with no change, which re-renders the
 *       message from the stored state and then adopts the alert;</li>
 *   <li>an open that failed before its alert was stored is started again with the same event, as
 *       {@code reopen-<n>-<first name>}, counted and backed off like a repair ({@link OpenRestart});</li>
 *   <li>a failure an outage caused (Slack unavailable or pacing Klaxon, the store or Step Functions
 *       unavailable, a timeout, a stop: {@link ExecutionFailure#OUTAGE}) never counts towards giving
 *       up: the alert stays open and is repaired again, each repair of an outage waiting longer inside
 *       its execution ({@link #backoff}), and each is logged at ERROR;</li>
 *   <li>after {@value #DEFAULT_MAX_REPAIRS} failures that repeating cannot fix
 *       ({@link ExecutionFailure#UNFIXABLE}), Klaxon stops trying and closes the alert with the reason
 *       on its timeline (told by an announcement that publishes no "Alert Resolved": nothing says the
 *       problem is fixed, so a pager's incident stays open).</li>
 * </ul>
 * Every step is idempotent: a status change delivered twice repairs once (the repair's number is
 * recorded with the failed execution's name, and its name makes StartExecution idempotent).
 */
@Singleton
public class ReconcileService {

    static final int DEFAULT_MAX_REPAIRS = 5;
    /**
     * The wait before the second repair in a row an outage failed, doubling per further one. A
     * repair that failed on Slack already spent its notify Retry (20 attempts, about 36 minutes); one
     * that failed on the store only its 5 attempts (about a minute), so without a wait a store outage
     * would start a repair of every open alert every minute. A minute keeps a short blip short.
     */
    static final Duration FIRST_BACKOFF = Duration.ofMinutes(1);
    /**
     * The longest wait: after a dependency comes back an alert is shown again (and its escalation
     * goes on) at most this late, and a long outage costs each open alert about two executions an
     * hour. A click or a refire does not wait for it: its own announcement adopts the alert.
     */
    static final Duration MAX_BACKOFF = Duration.ofMinutes(30);
    private static final Logger LOG = LoggerFactory.getLogger(ReconcileService.class);
    private static final Set<String> ENDED_BADLY = Set.of("FAILED", "TIMED_OUT", "ABORTED");

    private final AlertService alerts;
    private final WorkflowExecutions executions;
    private final WorkflowStarter starter;
    private final ObjectMapper json;
    private final String stateMachineArn;
    private final int maxRepairs;

    @Inject
    public ReconcileService(AlertService alerts, WorkflowExecutions executions, WorkflowStarter starter,
                            ObjectMapper json, @Value("${klaxon.state.machine.arn:}") String stateMachineArn) {
        this(alerts, executions, starter, json, stateMachineArn, DEFAULT_MAX_REPAIRS);
    }

    ReconcileService(AlertService alerts, WorkflowExecutions executions, WorkflowStarter starter,
                     ObjectMapper json, String stateMachineArn, int maxRepairs) {
        this.alerts = alerts;
        this.executions = executions;
        this.starter = starter;
        this.json = json;
        this.stateMachineArn = stateMachineArn;
        this.maxRepairs = maxRepairs;
    }

    /** What the reconciler did; the function returns it (and logs it). */
    @Serdeable
    public enum Outcome {
        /** The execution did not end badly, or its alert is resolved or has another live workflow. */
        NOTHING_TO_DO,
        /** A repair execution was started (or had been, for a redelivered status change). */
        REPAIRED,
        /** An open that failed before its alert was stored was started again. */
        REOPENED,
        /**
         * Too many failures repeating cannot fix: the alert was closed with the reason on its timeline,
         * publishing no "Alert Resolved".
         */
        ABANDONED,
        /** The execution's alert is unknown and nothing can restart it; logged as an error. */
        UNRECOVERABLE
    }

    public Outcome reconcile(String executionStateMachineArn, String executionName, String status) {
        if (!stateMachineArn.isBlank() && !stateMachineArn.equals(executionStateMachineArn)) {
            throw new IllegalArgumentException("the status change is of state machine " + executionStateMachineArn
                    + ", not of " + stateMachineArn + ": check the rule's pattern");
        }
        if (!ENDED_BADLY.contains(status)) {
            return nothingToDo(executionName, "status " + status);
        }
        ExecutionNames.Parsed parsed = ExecutionNames.parse(executionName);
        Optional<Alert> stored = alerts.store().get(parsed.alertId());
        if (stored.isEmpty()) {
            return parsed.kind() == ExecutionNames.Kind.OPEN ? reopen(executionName, parsed, status) : unrecoverable(
                    executionName, "its alert " + parsed.alertId() + " does not exist");
        }
        Alert alert = stored.get();
        if (alert.state() == AlertState.RESOLVED) {
            return nothingToDo(executionName, "alert " + alert.alertId() + " is resolved");
        }
        // A released workflow finished on purpose (ADR 0010, "Handover"): the open alert has none.
        if (!alert.workflow().equals(executionName) && !alert.workflowReleased()
                && executions.isLive(alert.workflow())) {
            return nothingToDo(executionName, "alert " + alert.alertId() + " has the live workflow " + alert.workflow());
        }
        return repair(alert, executionName, status);
    }

    private Outcome repair(Alert alert, String failed, String status) {
        // The status change carries no error; DescribeExecution has the one the failing step gave.
        String error = "FAILED".equals(status)
                ? executions.describe(failed).map(WorkflowExecutions.Execution::error).orElse(null) : null;
        ExecutionFailure failure = ExecutionFailure.of(status, error);
        // An execution that was the alert's workflow had got through (a repair adopts only after its render).
        boolean progressed = alert.workflow().equals(failed);
        Alert counted = alerts.countRepair(alert.alertId(), failed, failure == ExecutionFailure.UNFIXABLE, progressed);
        Alert.Repairs repairs = counted.repairs();
        String why = status + (error == null ? "" : " with " + error);
        if (repairs.unfixable() > maxRepairs) {
            String reason = "its workflow ended " + why + " again after " + maxRepairs
                    + " repairs (last failed execution: " + failed + "); any page about it stays open";
            var result = alerts.abandon(alert.alertId(), reason);
            if (result.applied()) {
                // The closing is told like any change no wait takes: an announcement (it publishes no event).
                starter.announce(result.outcome());
            }
            LOG.error("reconcile alertId={} failed={} status={} error={}: abandoned after {} repairs that repeating"
                    + " cannot fix; closed without an \"Alert Resolved\"", alert.alertId(), failed, status, error,
                    maxRepairs);
            return Outcome.ABANDONED;
        }
        String name = ExecutionNames.repair(repairs.count(), alert.alertId());
        Duration wait = failure == ExecutionFailure.OUTAGE ? backoff(repairs.outages()) : Duration.ZERO;
        boolean started = executions.startRepair(name,
                new WorkflowOutcome(alert.alertId(), counted.version(), counted.state(), null), wait);
        if (failure == ExecutionFailure.OUTAGE) {
            // ERROR: while a dependency is down no open alert is managed (WorkflowFailuresAlarm fires too).
            LOG.error("reconcile alertId={} failed={} status={} error={}: ended by an outage, a stop or an"
                    + " unknown error ({} in a row), not counted towards giving up; repair {} {} and waits {}s",
                    alert.alertId(), failed, status, error, repairs.outages(), name,
                    started ? "started" : "was started before", wait.toSeconds());
        } else {
            LOG.warn("reconcile alertId={} failed={} status={} error={}: repair {} {} ({} of {} failures repeating"
                    + " cannot fix)", alert.alertId(), failed, status, error, name,
                    started ? "started" : "was started before", repairs.unfixable(), maxRepairs);
        }
        return Outcome.REPAIRED;
    }

    /**
     * The wait of the repair after the {@code outages}-th failure in a row an outage caused: none
     * after the first (a blip is repaired at once, as any failure), then {@link #FIRST_BACKOFF}
     * doubling up to {@link #MAX_BACKOFF}.
     */
    static Duration backoff(int outages) {
        if (outages <= 1) {
            return Duration.ZERO;
        }
        int doublings = Math.min(outages - 2, 16);
        Duration wait = FIRST_BACKOFF.multipliedBy(1L << doublings);
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }

    /**
     * Starts again an open that failed before its alert was stored: a FIRING lost here is an alert
     * lost, so only failures repeating cannot fix count towards giving up, as for repairs; an outage
     * (a throttled lifecycle function in a storm, the store unavailable, a step timing out) restarts
     * it with the same event after the same {@link #backoff}, waited inside the restarted execution.
     */
    private Outcome reopen(String failed, ExecutionNames.Parsed parsed, String status) {
        var execution = executions.describe(failed);
        if (execution.isEmpty() || execution.get().input() == null) {
            return unrecoverable(failed, "Step Functions has no input for it");
        }
        var before = OpenRestart.read(json, execution.get().input());
        if (before.isEmpty()) {
            return unrecoverable(failed, "its input is not a JSON object, so it opened nothing: " + execution.get().input());
        }
        String error = "FAILED".equals(status) ? execution.get().error() : null;
        ExecutionFailure failure = ExecutionFailure.of(status, error);
        OpenRestart counted = before.get().after(failure);
        String why = status + (error == null ? "" : " with " + error);
        if (counted.unfixable() > maxRepairs) {
            return unrecoverable(failed, "its open ended " + why + " again after " + maxRepairs
                    + " restarts that repeating cannot fix");
        }
        String name = ExecutionNames.reopen(parsed.attempt() + 1, parsed.origin());
        Duration wait = failure == ExecutionFailure.OUTAGE ? backoff(counted.outages()) : Duration.ZERO;
        boolean started = executions.startWithInput(name, counted.input(json, wait));
        if (failure == ExecutionFailure.OUTAGE) {
            LOG.error("reconcile failed open {} ({}): an outage, a stop or an unknown error ({} in a row), not counted"
                    + " towards giving up; started again as {}{} and waits {}s", failed, why, counted.outages(), name,
                    started ? "" : " (before)", wait.toSeconds());
        } else {
            LOG.warn("reconcile failed open {} ({}): started again as {}{} ({} of {} failures repeating cannot fix)",
                    failed, why, name, started ? "" : " (before)", counted.unfixable(), maxRepairs);
        }
        return Outcome.REOPENED;
    }

    private static Outcome nothingToDo(String execution, String why) {
        LOG.info("reconcile {}: nothing to do ({})", execution, why);
        return Outcome.NOTHING_TO_DO;
    }

    private static Outcome unrecoverable(String execution, String why) {
        LOG.error("reconcile {}: cannot repair, {}", execution, why);
        return Outcome.UNRECOVERABLE;
    }
}
