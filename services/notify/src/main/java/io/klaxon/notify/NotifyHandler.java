package io.klaxon.notify;

import com.amazonaws.services.lambda.runtime.Context;
import io.klaxon.domain.workflow.TaskRequest;
import io.klaxon.domain.workflow.TaskResult;
import io.klaxon.logging.LogContext;
import io.klaxon.metrics.Metrics;
import io.klaxon.slack.InvocationDeadline;
import io.klaxon.slack.SlackBusyException;
import io.klaxon.slack.SlackOutOfTimeException;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Lambda entry for the workflow's Slack steps ({@code post}, {@code update}, {@code escalation}, {@code remind}). */
public class NotifyHandler extends MicronautRequestHandler<TaskRequest, TaskResult> {

    /**
     * Steps handed back to the workflow because Slack's budget has no slot yet ({@link SlackBusyException}):
     * Lambda counts each as an error, and the function's errors alarm subtracts this count, so that a
     * paced storm does not page the operations team while real failures still do.
     */
    static final String PACED_STEPS = "NotifyStepsPaced";

    @Inject
    NotifyService service;

    @Inject
    Metrics metrics;

    @Inject
    Clock clock;

    /** Left for what follows the last Slack call: the store's bookkeeping writes and the answer. */
    static final Duration ANSWER_MARGIN = Duration.ofSeconds(1);

    /** For the Lambda runtime. */
    public NotifyHandler() {
        super();
    }

    /** For tests and the local runtime, which share one application context. */
    public NotifyHandler(ApplicationContext context) {
        super(context);
    }

    /**
     * Lambda's Context is a bean of the application context while {@code handleRequest} runs (Micronaut
     * registers it before calling this); without one (a direct call) the step has no deadline.
     */
    @Override
    public TaskResult execute(TaskRequest input) {
        Instant deadline = applicationContext.findBean(Context.class)
                .map(c -> clock.instant().plusMillis(c.getRemainingTimeInMillis()))
                .orElse(null);
        return execute(input, deadline);
    }

    /**
     * @param deadline when Lambda ends this invocation (the local runtime passes its stand-in, from the
     *                 template's Timeout); null: none. The Slack calls stop {@link #ANSWER_MARGIN} before it, so
     *                 the step hands back a retryable {@link SlackOutOfTimeException} instead of being killed
     *                 mid-call (ADR 0001, "Killed steps").
     */
    public TaskResult execute(TaskRequest input, @Nullable Instant deadline) {
        try (var log = LogContext.invocation().alertId(input == null ? null : input.alertId());
             var time = deadline == null ? null : InvocationDeadline.until(deadline.minus(ANSWER_MARGIN))) {
            return service.handle(input);
        } catch (SlackOutOfTimeException outOfTime) {
            // Not pacing: a step that keeps running out of time is an error the operations team should see.
            throw outOfTime;
        } catch (SlackBusyException paced) {
            metrics.count(PACED_STEPS, 1, Map.of());
            throw paced;
        }
    }
}
