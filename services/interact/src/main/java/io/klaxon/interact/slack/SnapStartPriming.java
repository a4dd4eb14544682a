package io.klaxon.interact.slack;

import io.micronaut.context.annotation.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SnapStart priming: before Lambda snapshots the initialised function, push a synthetic request
 * through signature checking and decoding so the restored function does not pay for class loading
 * and JIT warm-up on the first real click. Touches no store, workflow or Slack API.
 *
 * <p>Registered with the global CRaC context when the application context starts ({@link Context}
 * scope); the bean itself keeps the strong reference the CRaC context requires. On a JVM without
 * CRaC the registration does nothing.
 */
@Context
public class SnapStartPriming implements Resource {

    private static final Logger LOG = LoggerFactory.getLogger(SnapStartPriming.class);

    private final SlackEndpoint endpoint;

    public SnapStartPriming(SlackEndpoint endpoint) {
        this.endpoint = endpoint;
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
            LOG.info("primed the Slack request path in {} ms", (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.warn("priming the Slack request path failed: {}", e.toString());
        }
    }
}
