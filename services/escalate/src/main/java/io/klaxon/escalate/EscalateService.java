package io.klaxon.escalate;

import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.service.AlertService;
import io.klaxon.domain.workflow.AlertRef;
import io.klaxon.domain.workflow.TaskRequest;
import io.klaxon.domain.workflow.TaskResult;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claim timer ran out: raise the escalation level of an unclaimed alert and say who the policy
 * snapshot taken when it opened wants at that level. If the alert moved on while the timer fired
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
        if (!"escalate".equals(request.op())) {
            throw new IllegalArgumentException("escalate has no op '" + request.op() + "'");
        }
        var result = alerts.escalate(Objects.requireNonNull(request.alertId(), "alertId"));
        Alert alert = result.alert();
        if (!result.applied()) {
            LOG.info("escalate alertId={} skipped: state is {}", alert.alertId(), alert.state());
            return TaskResult.of("UNCHANGED", AlertRef.of(alert, clock.instant()), null);
        }
        List<String> mentions = alert.policy().level(alert.escalationLevel()).mentions();
        LOG.info("escalate alertId={} level={} mentions={}", alert.alertId(), alert.escalationLevel(), mentions.size());
        return new TaskResult("ESCALATED", AlertRef.of(alert, clock.instant()), null, mentions);
    }
}
