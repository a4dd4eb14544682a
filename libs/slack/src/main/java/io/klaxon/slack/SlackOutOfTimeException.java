package io.klaxon.slack;

import java.time.Duration;

/**
 * The invocation has too little time left for this Slack call (or for waiting for its paced slot) to end
 * before Lambda kills the function ({@link InvocationDeadline}): the step gives up first, with nothing sent,
 * and the workflow retries it at once with a whole timeout ahead. A {@link SlackBusyException} to the code that
 * gives back what an attempt marked before a call that did not go; its own name to the workflow, which retries
 * it in a retrier of its own (Step Functions matches names, not Java types), and not counted as pacing.
 */
public class SlackOutOfTimeException extends SlackBusyException {

    public SlackOutOfTimeException(String method, Duration left, Duration needed) {
        super("Slack " + method + " not called: the invocation has " + Math.max(0, left.toMillis()) + " ms left, a call may take "
                + needed.toMillis() + " ms", Duration.ZERO);
    }
}
