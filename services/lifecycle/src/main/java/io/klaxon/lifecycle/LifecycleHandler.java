package io.klaxon.lifecycle;

import io.klaxon.domain.workflow.TaskRequest;
import io.klaxon.domain.workflow.TaskResult;
import io.klaxon.logging.LogContext;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/** Lambda entry for the lifecycle tasks of the workflow: decode, delegate, encode. */
public class LifecycleHandler extends MicronautRequestHandler<TaskRequest, TaskResult> {

    @Inject
    LifecycleService service;

    /** For the Lambda runtime. */
    public LifecycleHandler() {
        super();
    }

    /** For tests and the local runtime, which share one application context. */
    public LifecycleHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public TaskResult execute(TaskRequest input) {
        try (var log = LogContext.invocation().alertId(input == null ? null : input.alertId())) {
            return service.handle(input);
        }
    }
}
