package io.klaxon.escalate;

import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.service.AlertService;
import io.klaxon.domain.workflow.AlertRef;
import io.klaxon.domain.workflow.StepOutcome;
import io.klaxon.domain.workflow.TaskOp;
import io.klaxon.domain.workflow.TaskRequest;
import io.klaxon.domain.workflow.TaskResult;
import io.klaxon.snapstart.JsonPriming;
import io.micronaut.context.annotation.Context;
import io.micronaut.json.JsonMapper;

/**
 * SnapStart priming of the escalate function: the state machine's task JSON both ways, and one read of
 * an absent alert (the DynamoDB client's marshalling, signing and HTTP path). Writes nothing.
 */
@Context
public class EscalatePriming extends JsonPriming {

    public EscalatePriming(JsonMapper json, AlertService alerts) {
        super("the escalate path", json, alerts.store()::get);
    }

    @Override
    protected void primePath() throws Exception {
        roundTrip(TaskRequest.of(TaskOp.ESCALATE, PRIMING_ALERT_ID));
        encode(TaskResult.of(StepOutcome.UNCHANGED, new AlertRef(PRIMING_ALERT_ID, 0, AlertState.UNCLAIMED, 1, 1, 0)));
    }
}
