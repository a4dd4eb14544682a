package io.klaxon.interact.slack;

import io.klaxon.domain.service.AlertService;
import io.klaxon.snapstart.Priming;
import io.micronaut.context.annotation.Context;

/**
 * SnapStart priming of the interact jar (interact and recovery): before Lambda snapshots the
 * initialised function, push a synthetic request through signature checking and decoding, and read
 * one (absent) item from the alert store, so the restored function does not pay for class loading,
 * the SDK's first-call set-up and JIT warm-up on the first real click. It writes nothing and calls
 * neither the workflow nor Slack. Registration and the warn-only failure are {@link Priming}'s.
 */
@Context
public class SnapStartPriming extends Priming {

    private final SlackEndpoint endpoint;
    private final AlertService alerts;

    public SnapStartPriming(SlackEndpoint endpoint, AlertService alerts) {
        this.endpoint = endpoint;
        this.alerts = alerts;
    }

    @Override
    protected String what() {
        return "the Slack request path";
    }

    @Override
    protected void prime() {
        endpoint.prime();
        // A read of an id no alert has: loads the store client's marshalling, signing and HTTP path.
        alerts.store().get(PRIMING_ALERT_ID);
    }
}
