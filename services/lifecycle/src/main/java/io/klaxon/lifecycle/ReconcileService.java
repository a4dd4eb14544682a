package io.klaxon.lifecycle;

import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.port.ExecutionNames;
import io.klaxon.domain.port.WorkflowExecutions;
import io.klaxon.domain.port.WorkflowOutcome;
import io.klaxon.domain.port.WorkflowStarter;
import io.klaxon.domain.service.AlertService;
import io.micronaut.context.annotation.Value;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
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
 *   <li>an open that failed before its alert was stored is started again with the same input, as
 *       {@code reopen-<n>-<first name>};</li>
 *   <li>after {@value #DEFAULT_MAX_REPAIRS} repairs of one alert, Klaxon stops trying and resolves it
 *       with the reason on its timeline (told by an announcement, like any change).</li>
 * </ul>
 * Every step is idempotent: a status change delivered twice repairs once (the repair's number is
 * recorded with the failed execution's name, and its name makes StartExecution idempotent).
 */
@Singleton
public class ReconcileService {

    static final int DEFAULT_MAX_REPAIRS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(ReconcileService.class);
    private static final Set<String> ENDED_BADLY = Set.of("FAILED", "TIMED_OUT", "ABORTED");

    private final AlertService alerts;
    private final WorkflowExecutions executions;
    private final WorkflowStarter starter;
    private final String stateMachineArn;
    private final int maxRepairs;

    @Inject
    public ReconcileService(AlertService alerts, WorkflowExecutions executions, WorkflowStarter starter,
                            @Value("${klaxon.state.machine.arn:}") String stateMachineArn) {
        this(alerts, executions, starter, stateMachineArn, DEFAULT_MAX_REPAIRS);
    }

    ReconcileService(AlertService alerts, WorkflowExecutions executions, WorkflowStarter starter,
                     String stateMachineArn, int maxRepairs) {
        this.alerts = alerts;
        this.executions = executions;
        this.starter = starter;
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
        /** Too many repairs: the alert was resolved with the reason on its timeline. */
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
            return parsed.kind() == ExecutionNames.Kind.OPEN ? reopen(executionName, parsed) : unrecoverable(
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
        Alert counted = alerts.countRepair(alert.alertId(), failed);
        int n = counted.repairCount();
        if (n > maxRepairs) {
            String reason = "its workflow ended " + status + " again after " + maxRepairs
                    + " repairs, so Klaxon stopped managing it (last failed execution: " + failed + ")";
            var result = alerts.abandon(alert.alertId(), reason);
            if (result.applied()) {
                // The resolution is told like any change no wait takes: an announcement.
                starter.announce(result.outcome());
            }
            LOG.error("reconcile alertId={} failed={} status={}: abandoned after {} repairs", alert.alertId(), failed,
                    status, maxRepairs);
            return Outcome.ABANDONED;
        }
        String name = ExecutionNames.repair(n, alert.alertId());
        boolean started = executions.startAnnouncement(name,
                new WorkflowOutcome(alert.alertId(), counted.version(), counted.state(), null));
        LOG.warn("reconcile alertId={} failed={} status={}: repair {} {}", alert.alertId(), failed, status, name,
                started ? "started" : "was started before");
        return Outcome.REPAIRED;
    }

    private Outcome reopen(String failed, ExecutionNames.Parsed parsed) {
        int next = parsed.attempt() + 1;
        if (next > maxRepairs) {
            return unrecoverable(failed, "its open was started again " + parsed.attempt() + " times and failed each time");
        }
        var execution = executions.describe(failed);
        if (execution.isEmpty() || execution.get().input() == null) {
            return unrecoverable(failed, "Step Functions has no input for it");
        }
        String name = ExecutionNames.reopen(next, parsed.origin());
        boolean started = executions.startWithInput(name, execution.get().input());
        LOG.warn("reconcile failed open {}: started again as {} {}", failed, name, started ? "" : "(before)");
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
