package io.klaxon.interact.slack;

import io.klaxon.domain.service.AlertService;
import io.micronaut.context.annotation.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SnapStart priming: before Lambda snapshots the initialised function, push a synthetic request
 * through signature checking and decoding, and read one (absent) item from the alert store, so the
 * restored function does not pay for class loading, the SDK's first-call set-up and JIT warm-up on
 * the first real click. It writes nothing and calls neither the workflow nor Slack.
 *
 * <p>Registered with the global CRaC context when the application context starts ({@link Context}
 * scope); the bean itself keeps the strong reference the CRaC context requires. On a JVM without
 * CRaC the registration does nothing.
 */
@Context
public class SnapStartPriming implements Resource {

    private static final Logger LOG = LoggerFactory.getLogger(SnapStartPriming.class);

    /** An alert id no alert ever has: the priming read finds nothing. */
    static final String PRIMING_ALERT_ID = "klaxon-snapstart-priming";

    private final SlackEndpoint endpoint;
    private final AlertService alerts;

    public SnapStartPriming(SlackEndpoint endpoint, AlertService alerts) {
        this.endpoint = endpoint;
        this.alerts = alerts;
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to refresh: the verifier reads the clock per request and holds no connections.
    }

    /** Primes the request path once; never fails the checkpoint, which would only lose the warm-up. */
    public void prime() {
        long start = System.nanoTime();
        try {
            endpoint.prime();
            // A read of an id no alert has: loads the store client's marshalling, signing and HTTP path.
            alerts.store().get(PRIMING_ALERT_ID);
            LOG.info("primed the Slack request path in {} ms", (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.warn("priming the Slack request path failed: {}", e.toString());
        }
    }
}
