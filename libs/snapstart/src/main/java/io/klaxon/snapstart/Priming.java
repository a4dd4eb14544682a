package io.klaxon.snapstart;

import java.util.Objects;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SnapStart priming of one function: before Lambda snapshots the initialised function, the priming
 * pushes synthetic work through the function's own request path ({@link #primePath()}: decoding,
 * encoding, whatever the first request would load) and then reads one absent item through the
 * function's store, so the restored function does not pay for class loading, the SDK's first-call
 * set-up and JIT warm-up on its first real invocation.
 *
 * <p>A subclass is a {@code @Context} bean in its service module, so it exists as soon as the
 * application context starts; this base registers it with the global CRaC context and keeps the
 * strong reference CRaC requires (the bean). On a JVM without CRaC the registration does nothing.
 * A priming must never write, and never call Slack, Step Functions or EventBridge: it runs on every
 * deployment. A failure only warns: losing the warm-up must not fail the snapshot.
 */
public abstract class Priming implements Resource {

    private static final Logger LOG = LoggerFactory.getLogger(Priming.class);

    /** An alert id no alert ever has: a priming read of it finds nothing. */
    public static final String PRIMING_ALERT_ID = "klaxon-snapstart-priming";

    /** One read of an id no item has (e.g. {@code store::get}): the store client's marshalling, signing and HTTP path. */
    @FunctionalInterface
    public interface AbsentRead {
        void read(String absentId) throws Exception;
    }

    private final String what;
    private final AbsentRead absentRead;

    /**
     * @param what what this priming warms, for its log line (e.g. "the notify path")
     * @param absentRead the read of {@link #PRIMING_ALERT_ID} that warms the function's store client
     */
    protected Priming(String what, AbsentRead absentRead) {
        this.what = Objects.requireNonNull(what, "what");
        this.absentRead = Objects.requireNonNull(absentRead, "absentRead");
        // Registering from the constructor publishes `this` early; CRaC calls back only at checkpoint,
        // long after the bean is built.
        Core.getGlobalContext().register(this);
    }

    /** The function's own request path, synthetic and writing nothing; may throw, {@link #run()} turns a failure into a warning. */
    protected abstract void primePath() throws Exception;

    @Override
    public final void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        run();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to refresh by default: the primed objects hold no clock, credentials or connections of their own.
    }

    /**
     * Primes once (the request path, then the absent read) and says how long it took. The two are independent:
     * the store's read runs even when the path failed (a loopback server a sandbox would not let it start, say),
     * so one failure loses only its own warm-up.
     *
     * @return whether the priming completed (false: it warned)
     */
    public final boolean run() {
        long start = System.nanoTime();
        boolean path = attempt("", this::primePath);
        boolean read = attempt("'s store read", () -> absentRead.read(PRIMING_ALERT_ID));
        if (path && read) {
            LOG.info("primed {} in {} ms", what, (System.nanoTime() - start) / 1_000_000);
        }
        return path && read;
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    private boolean attempt(String part, Step step) {
        try {
            step.run();
            return true;
        } catch (Exception | LinkageError e) {
            LOG.warn("priming {}{} failed, the first invocation pays for it: {}", what, part, e.toString());
            return false;
        }
    }
}
