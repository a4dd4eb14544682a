package io.klaxon.notify;

import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.service.AlertService;
import io.klaxon.domain.workflow.AlertRef;
import io.klaxon.domain.workflow.StepOutcome;
import io.klaxon.domain.workflow.TaskOp;
import io.klaxon.domain.workflow.TaskRequest;
import io.klaxon.domain.workflow.TaskResult;
import io.klaxon.metrics.EmfMetrics;
import io.klaxon.snapstart.JsonPriming;
import io.micronaut.context.annotation.Context;
import io.micronaut.json.JsonMapper;

/**
 * SnapStart priming of the notify function: the state machine's task JSON both ways, one metric
 * serialized (not written), and one read of
 * an absent alert (the DynamoDB client's marshalling, signing and HTTP path). Writes nothing and
 * never calls Slack (a call would post or need a real channel).
 */
@Context
public class NotifyPriming extends JsonPriming {

    public NotifyPriming(JsonMapper json, AlertService alerts) {
        super("the notify path", json, alerts.store()::get);
    }

    @Override
    protected void primePath() throws Exception {
        roundTrip(TaskRequest.of(TaskOp.POST, PRIMING_ALERT_ID));
        encode(TaskResult.of(StepOutcome.UNCHANGED, new AlertRef(PRIMING_ALERT_ID, 0, AlertState.UNCLAIMED, 1, 1, 0)));
        // The metrics library's first serialization (its Jackson mapper), without writing a metric line.
        EmfMetrics.prime();
    }
}
