package io.klaxon.interact;

import io.klaxon.domain.signal.BusContract;
import io.klaxon.logging.LogContext;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/**
 * Lambda target of the bus rule for "Alert Recovered": decode the event, let
 * {@link RecoveryService} deliver it. A store outage propagates, so Lambda's asynchronous retries
 * deliver the event again; anything that is not a Klaxon recovery is refused with a clear error.
 */
public class RecoveryHandler extends MicronautRequestHandler<SignalEvent, RecoveryService.Outcome> {

    @Inject
    RecoveryService service;

    /** For the Lambda runtime. */
    public RecoveryHandler() {
        super();
    }

    /** For tests and the local runtime, which share one application context. */
    public RecoveryHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public RecoveryService.Outcome execute(SignalEvent event) {
        try (var log = LogContext.invocation().alertKey(event == null || event.detail() == null ? null
                : event.detail().alertKey())) {
            return recover(event);
        }
    }

    private RecoveryService.Outcome recover(SignalEvent event) {
        if (event == null || event.detail() == null) {
            throw new IllegalArgumentException("expected an EventBridge event with an Alert Recovered signal in detail");
        }
        if (!BusContract.SOURCE.equals(event.source()) || !BusContract.ALERT_RECOVERED.equals(event.detailType())) {
            throw new IllegalArgumentException("expected source '" + BusContract.SOURCE + "' and detail-type '"
                    + BusContract.ALERT_RECOVERED + "', got '" + event.source() + "' / '" + event.detailType()
                    + "' (event id " + event.id() + ")");
        }
        return service.recover(event.detail());
    }
}
