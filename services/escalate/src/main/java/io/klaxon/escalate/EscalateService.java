package io.klaxon.escalate;

import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.service.AlertService;
import io.klaxon.domain.workflow.AlertRef;
import io.klaxon.domain.workflow.StepOutcome;
import io.klaxon.domain.workflow.TaskOp;
import io.klaxon.domain.workflow.TaskRequest;
import io.klaxon.domain.workflow.TaskResult;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claim timer ran out: raise the escalation level of an unclaimed alert, and hand the change
 * (its ESCALATED entry and event) to the next step, which tells it. If the alert moved on while the timer fired
 * (claimed or resolved a moment earlier), nothing escalates and the workflow re-routes on the
 * current state.
 */
@Singleton
public class EscalateService {

    private static final Logger LOG = LoggerFactory.getLogger(EscalateService.class);

    private final AlertService alerts;
    private final Clock clock;

    public EscalateService(AlertService alerts, Clock clock) {
        this.alerts = alerts;
        this.clock = clock;
    }

    public TaskResult handle(TaskRequest request) {
        if (request.op() != TaskOp.ESCALATE) {
            throw new IllegalArgumentException("escalate has no op '" + (request.op() == null ? null : request.op().wire())
                    + "' (it serves escalate)");
        }
        var result = alerts.escalate(Objects.requireNonNull(request.alertId(), "alertId"), request.expectedVersion());
        Alert alert = result.alert();
        if (!result.applied()) {
            LOG.info("escalate alertId={} skipped: state is {}", alert.alertId(), alert.state());
            return TaskResult.of(StepOutcome.UNCHANGED, AlertRef.of(alert, clock.instant()));
        }
        LOG.info("escalate alertId={} alertKey={} level={}", alert.alertId(), alert.alertKey(), alert.escalationLevel());
        // Who the level mentions is decided when it is told (notify), from the policy snapshot.
        return new TaskResult(StepOutcome.ESCALATED, AlertRef.of(alert, clock.instant()), null,
                result.outcome().change());
    }
}
