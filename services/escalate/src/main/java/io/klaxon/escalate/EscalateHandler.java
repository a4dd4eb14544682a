package io.klaxon.escalate;

import io.klaxon.domain.workflow.TaskRequest;
import io.klaxon.domain.workflow.TaskResult;
import io.klaxon.logging.LogContext;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/** Lambda entry for the escalation step of the workflow: decode, delegate, encode. */
public class EscalateHandler extends MicronautRequestHandler<TaskRequest, TaskResult> {

    @Inject
    EscalateService service;

    public EscalateHandler() {
        super();
    }

    public EscalateHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public TaskResult execute(TaskRequest input) {
        try (var log = LogContext.invocation().alertId(input == null ? null : input.alertId())) {
            return service.handle(input);
        }
    }
}
