package io.klaxon.notify;

import io.klaxon.domain.workflow.TaskRequest;
import io.klaxon.domain.workflow.TaskResult;
import io.klaxon.logging.LogContext;
import io.klaxon.metrics.Metrics;
import io.klaxon.slack.SlackBusyException;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
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

    /** For the Lambda runtime. */
    public NotifyHandler() {
        super();
    }

    /** For tests and the local runtime, which share one application context. */
    public NotifyHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public TaskResult execute(TaskRequest input) {
        try (var log = LogContext.invocation().alertId(input == null ? null : input.alertId())) {
            return service.handle(input);
        } catch (SlackBusyException paced) {
            metrics.count(PACED_STEPS, 1, Map.of());
            throw paced;
        }
    }
}
