package io.klaxon.lifecycle;

import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/**
 * Lambda target of the default-bus rule on the alert lifecycle state machine's FAILED, TIMED_OUT and
 * ABORTED executions: decode the status change, let {@link ReconcileService} repair the alert it
 * left behind. Failures propagate, so Lambda's asynchronous retries deliver the event again (the
 * repair is idempotent) and its OnFailure destination keeps what never succeeds.
 */
public class ReconcileHandler extends MicronautRequestHandler<ExecutionStatusChange, ReconcileService.Outcome> {

    @Inject
    ReconcileService service;

    /** For the Lambda runtime. */
    public ReconcileHandler() {
        super();
    }

    /** For tests and the local runtime. */
    public ReconcileHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public ReconcileService.Outcome execute(ExecutionStatusChange event) {
        if (event == null || event.detail() == null) {
            throw new IllegalArgumentException("expected a Step Functions Execution Status Change event with a detail");
        }
        if (!ExecutionStatusChange.SOURCE.equals(event.source())
                || !ExecutionStatusChange.DETAIL_TYPE.equals(event.detailType())) {
            throw new IllegalArgumentException("expected source '" + ExecutionStatusChange.SOURCE + "' and detail-type '"
                    + ExecutionStatusChange.DETAIL_TYPE + "', got '" + event.source() + "' / '" + event.detailType()
                    + "' (event id " + event.id() + ")");
        }
        var d = event.detail();
        return service.reconcile(d.stateMachineArn(), d.name(), d.status());
    }
}
