package io.klaxon.local.function;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Lambda ends an invocation that runs past its function's {@code Timeout}, and the caller gets a failure instead
 * of the answer (Step Functions reports it as {@code Lambda.Unknown}). The local runtime does the same for the
 * workflow's invocations: the handler runs on a thread of its own; past the timeout the caller gets
 * {@link TimedOut} and the thread is interrupted. Java cannot freeze it as Lambda freezes its sandbox, so what it
 * does after that (a request already sent) may still land, as a killed function's request may at Slack.
 */
public final class FunctionTimeout {

    private FunctionTimeout() {
    }

    /**
     * @param work given the invocation's deadline
     * @throws TimedOut when {@code work} has not returned within {@code timeout}
     */
    public static <T> T run(String functionName, Duration timeout, Function<Instant, T> work) {
        Instant deadline = Instant.now().plus(timeout);
        FutureTask<T> task = new FutureTask<>(() -> work.apply(deadline));
        Thread thread = Thread.ofVirtual().name(functionName + "-invocation").start(task);
        try {
            return task.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            thread.interrupt();
            throw new TimedOut(functionName, timeout);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(functionName + ": interrupted while waiting for the invocation", e);
        }
    }

    /** The invocation ran past its function's timeout; the message is Lambda's. */
    public static final class TimedOut extends RuntimeException {
        /** How Step Functions names the failure of a function Lambda ended ("Handle Lambda service exceptions"). */
        public static final String ERROR = "Lambda.Unknown";

        TimedOut(String functionName, Duration timeout) {
            super(functionName + ": Task timed out after "
                    + String.format(Locale.ROOT, "%.2f", timeout.toMillis() / 1000.0) + " seconds");
        }
    }
}
