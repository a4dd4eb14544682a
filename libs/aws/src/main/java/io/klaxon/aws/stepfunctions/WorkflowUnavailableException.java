package io.klaxon.aws.stepfunctions;

/**
 * Step Functions could not be reached or throttled us (after the SDK's own retries), so a waiting
 * execution was not resumed. Retryable: the alert's state is already stored, only the resume is
 * missing. The message never contains the task token.
 */
public class WorkflowUnavailableException extends RuntimeException {
    public WorkflowUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
