package io.klaxon.interact.slack;

import io.klaxon.domain.service.AlertService;
import io.klaxon.snapstart.Priming;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Context;
import jakarta.inject.Inject;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sfn.SfnClient;

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
    private final Supplier<?> workflowClient;

    /** Without a Step Functions client to build (tests of the request path). */
    public SnapStartPriming(SlackEndpoint endpoint, AlertService alerts) {
        this(endpoint, alerts, () -> null);
    }

    /**
     * @param sfn built (not called) by the priming: the workflow adapters build it on first use, and the
     *            snapshot should hold it, since every click resumes or starts an execution
     */
    @Inject
    public SnapStartPriming(SlackEndpoint endpoint, AlertService alerts, BeanProvider<SfnClient> sfn) {
        this(endpoint, alerts, (Supplier<?>) sfn::get);
    }

    private SnapStartPriming(SlackEndpoint endpoint, AlertService alerts, Supplier<?> workflowClient) {
        super("the Slack request path", alerts.store()::get);
        this.endpoint = endpoint;
        this.workflowClient = workflowClient;
    }

    @Override
    protected void primePath() {
        endpoint.prime();
        workflowClient.get();
    }
}
