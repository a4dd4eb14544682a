package io.klaxon.interact.slack;

import io.klaxon.domain.service.AlertService;
import io.klaxon.snapstart.Priming;
import io.micronaut.context.annotation.Context;

/**
 * SnapStart priming of the interact jar (interact and recovery): before Lambda snapshots the
 * initialised function, push a synthetic request through signature checking and decoding, and read
 * one (absent) item from the alert store, so the restored function does not pay for class loading,
 * the SDK's first-call set-up and JIT warm-up on the first real click. It writes nothing and calls
 * neither the workflow nor Slack. Registration, the absent read and the warn-only failure are {@link Priming}'s.
 */
@Context
public class SnapStartPriming extends Priming {

    private final SlackEndpoint endpoint;

    public SnapStartPriming(SlackEndpoint endpoint, AlertService alerts) {
        super("the Slack request path", alerts.store()::get);
        this.endpoint = endpoint;
    }

    @Override
    protected void primePath() {
        endpoint.prime();
    }
}
