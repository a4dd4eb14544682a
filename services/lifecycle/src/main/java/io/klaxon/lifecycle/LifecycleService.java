package io.klaxon.lifecycle;

import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.port.WorkflowExecutions;
import io.klaxon.domain.port.WorkflowOutcome;
import io.klaxon.domain.port.WorkflowResumer;
import io.klaxon.domain.service.AlertService;
import io.klaxon.domain.workflow.AlertRef;
import io.klaxon.domain.workflow.StepOutcome;
import io.klaxon.domain.workflow.TaskRequest;
import io.klaxon.domain.workflow.TaskResult;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workflow's own writes: opening an occurrence on its route (or counting a refire), parking the workflow's
 * callback token on the alert while it waits for an action, and waking a snoozed alert.
 */
@Singleton
public class LifecycleService {

    private static final Logger LOG = LoggerFactory.getLogger(LifecycleService.class);

    private final AlertService alerts;
    private final WorkflowResumer resumer;
    private final WorkflowExecutions executions;
    private final AlertRouting routing;
    private final Clock clock;

    public LifecycleService(AlertService alerts, WorkflowResumer resumer, WorkflowExecutions executions,
                            AlertRouting routing, Clock clock) {
        this.alerts = alerts;
        this.resumer = resumer;
        this.executions = executions;
        this.routing = routing;
        this.clock = clock;
    }

    public TaskResult handle(TaskRequest request) {
        Objects.requireNonNull(request.op(), "op");
        return switch (request.op()) {
            case OPEN -> open(request);
            case AWAIT -> await(request);
            case WAKE -> wake(request);
            case ADOPT -> adopt(request);
            case FINISH -> finish(request);
            default -> throw new IllegalArgumentException("lifecycle has no op '" + request.op().wire()
                    + "' (it serves open, await, wake, adopt and finish)");
        };
    }

    private TaskResult open(TaskRequest request) {
        var signal = Objects.requireNonNull(request.signal(), "signal");
        var result = alerts.open(request.alertId(), signal, routing.policyFor(signal));
        AlertRef ref = AlertRef.of(result.alert(), clock.instant());
        TaskResult task = switch (result) {
            case AlertService.Opened o -> new TaskResult(StepOutcome.OPENED, ref, null, o.change());
            case AlertService.Refired r -> new TaskResult(StepOutcome.REFIRED, ref, null, r.change());
            // Told like a refire (update in place, thread reply, then adopt: ADR 0010), as "Alert Opened".
            case AlertService.Reopened r -> new TaskResult(StepOutcome.REFIRED, ref, null, r.change());
            case AlertService.Unchanged u -> TaskResult.of(StepOutcome.UNCHANGED, ref);
        };
        LOG.info("open alertKey={} alertId={} outcome={}", signal.alertKey(), result.alert().alertId(), task.outcome());
        return task;
    }

    /**
     * Parks the token. If the alert already left the awaited state (a click landed between the
     * workflow's steps), the wait would never end: resume it at once with the current state. A
     * remembered recovery the wait applied (ADR 0001) resumes it with that change to tell, and is
     * forgotten only once handed over, so a retried step tells it instead of finding nothing to tell.
     */
    private TaskResult await(TaskRequest request) {
        String token = Objects.requireNonNull(request.taskToken(), "taskToken");
        AlertState awaiting = Objects.requireNonNull(request.awaiting(), "awaiting");
        WorkflowOutcome moved = alerts.awaitAction(request.alertId(), token, awaiting);
        if (moved != null) {
            LOG.info("await alertId={} awaiting={} but state is {}: resuming at once", request.alertId(), awaiting,
                    moved.state());
            resumer.resume(token, moved);
            if (moved.change() != null) {
                // Only a remembered recovery the wait applied comes with a change: it is handed over now,
                // and a retry of this step (the resume above threw) would have answered it again.
                alerts.recoveries().told(request.alertId());
            }
        }
        return TaskResult.of(StepOutcome.WAITING, AlertRef.of(alerts.require(request.alertId()), clock.instant()));
    }

    private TaskResult wake(TaskRequest request) {
        var result = alerts.wake(request.alertId(), request.expectedVersion());
        AlertRef ref = AlertRef.of(result.alert(), clock.instant());
        return result.applied() ? new TaskResult(StepOutcome.WOKE, ref, null, result.outcome().change())
                : TaskResult.of(StepOutcome.UNCHANGED, ref);
    }

    /**
     * After an announcement, a refire or a repair has told its change: become the alert's workflow if
     * the alert has none that is live (ADR 0010). ADOPTED routes the execution into the wait loop;
     * UNCHANGED ends it, the live workflow (or nobody, once resolved) keeps the alert.
     */
    private TaskResult adopt(TaskRequest request) {
        String execution = Objects.requireNonNull(request.execution(), "execution");
        var adoption = alerts.adopt(request.alertId(), execution, executions::isLive);
        if (adoption.adopted()) {
            LOG.info("adopt alertId={} execution={}: now the alert's workflow", request.alertId(), execution);
        }
        return TaskResult.of(adoption.adopted() ? StepOutcome.ADOPTED : StepOutcome.UNCHANGED,
                AlertRef.of(adoption.alert(), clock.instant()));
    }

    /**
     * The workflow read its alert RESOLVED and is about to end (ADR 0010, "Handover"): FINISHED ends
     * it; CONTINUE, when a reopening made the alert open again and it is still this execution's, routes
     * it back into the wait loop on the alert as it is now.
     */
    private TaskResult finish(TaskRequest request) {
        String execution = Objects.requireNonNull(request.execution(), "execution");
        var finish = alerts.finish(request.alertId(), execution);
        if (!finish.finished()) {
            LOG.info("finish alertId={} execution={}: reopened meanwhile, the workflow carries on as {}",
                    request.alertId(), execution, finish.alert().state());
        }
        return TaskResult.of(finish.finished() ? StepOutcome.FINISHED : StepOutcome.CONTINUE,
                AlertRef.of(finish.alert(), clock.instant()));
    }
}
