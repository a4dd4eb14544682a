package io.klaxon.slack;

import java.time.Instant;
import java.util.Optional;

/**
 * When the invocation calling Slack on this thread must have answered: Lambda ends a function at its
 * {@code Timeout}, mid-call if need be, and a step killed that way is retried only once the lease of what it may
 * have posted runs out (ADR 0001, "Killed steps"). A handler that knows its remaining time (the Lambda Context,
 * or the local runtime's stand-in) sets it around one invocation, and the Slack gateway gives up before a call
 * or a paced wait that cannot end in time ({@link SlackOutOfTimeException}: nothing sent, retried at once).
 *
 * <p>Held per thread because Lambda runs one invocation per thread and the local runtime runs each on a
 * thread of its own; passing it down every gateway method would change every caller for one guard.
 */
public final class InvocationDeadline {

    private static final ThreadLocal<Instant> CURRENT = new ThreadLocal<>();

    private InvocationDeadline() {
    }

    /** Sets the deadline until the returned scope closes, which restores the one before (if any). */
    public static Scope until(Instant deadline) {
        Instant outer = CURRENT.get();
        CURRENT.set(deadline);
        return new Scope(outer);
    }

    /** The deadline of this thread's invocation; empty outside one (tests, the console, other callers). */
    public static Optional<Instant> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** See {@link #until}. */
    public record Scope(Instant outer) implements AutoCloseable {
        @Override
        public void close() {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }
}
