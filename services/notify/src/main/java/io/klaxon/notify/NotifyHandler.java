package io.klaxon.notify;

import io.klaxon.domain.workflow.TaskRequest;
import io.klaxon.domain.workflow.TaskResult;
import io.klaxon.logging.LogContext;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/** Lambda entry for the workflow's Slack steps ({@code post}, {@code update}, {@code escalation}, {@code remind}). */
public class NotifyHandler extends MicronautRequestHandler<TaskRequest, TaskResult> {

    @Inject
    NotifyService service;

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
        }
    }
}
