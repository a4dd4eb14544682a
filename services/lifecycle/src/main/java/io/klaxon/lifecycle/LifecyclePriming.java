package io.klaxon.lifecycle;

import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.service.AlertService;
import io.klaxon.domain.workflow.AlertRef;
import io.klaxon.domain.workflow.StepOutcome;
import io.klaxon.domain.workflow.TaskOp;
import io.klaxon.domain.workflow.TaskRequest;
import io.klaxon.domain.workflow.TaskResult;
import io.klaxon.snapstart.JsonPriming;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Context;
import io.micronaut.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * SnapStart priming of the lifecycle jar's two functions (lifecycle and reconcile): their input and
 * output JSON both ways, the Step Functions client built, and one read of an absent alert (the DynamoDB
 * client's marshalling, signing and HTTP path). Writes nothing, asks Step Functions nothing.
 */
@Context
public class LifecyclePriming extends JsonPriming {

    /** A status change as EventBridge delivers it to reconcile, for an execution that never existed. */
    private static final byte[] STATUS_CHANGE = ("""
            {"id":"klaxon-snapstart-priming","detail-type":"Step Functions Execution Status Change","source":"aws.states",
             "resources":[],"detail":{"executionArn":"arn:aws:states:us-east-1:000000000000:execution:priming:priming",
             "stateMachineArn":"arn:aws:states:us-east-1:000000000000:stateMachine:priming","name":"%s",
             "status":"SUCCEEDED","startDate":0,"stopDate":0}}""".formatted(PRIMING_ALERT_ID)).getBytes(StandardCharsets.UTF_8);

    private final BeanProvider<SfnClient> sfn;

    public LifecyclePriming(JsonMapper json, AlertService alerts, BeanProvider<SfnClient> sfn) {
        super("the lifecycle and reconcile paths", json, alerts.store()::get);
        this.sfn = sfn;
    }

    @Override
    protected void primePath() throws Exception {
        roundTrip(TaskRequest.of(TaskOp.OPEN, PRIMING_ALERT_ID));
        encode(TaskResult.of(StepOutcome.UNCHANGED, new AlertRef(PRIMING_ALERT_ID, 0, AlertState.UNCLAIMED, 1, 1, 0)));
        reencode(STATUS_CHANGE, ExecutionStatusChange.class);
        // Built, not called: the adapters build it on first use (a cold `open` never needs it), and the
        // snapshot should hold it for the paths that do (adoption, reconcile).
        sfn.get();
    }
}
