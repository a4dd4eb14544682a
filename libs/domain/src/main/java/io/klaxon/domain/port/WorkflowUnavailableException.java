package io.klaxon.domain.port;

/**
 * The workflow service could not be reached or throttled us (after the SDK's own retries): a
 * waiting execution was not resumed, or an announcement not started. Retryable: the alert's state
 * is already stored, only the hand-over to the workflow is missing. The workflow's {@code Retry}
 * names this class (the lifecycle function resumes its own wait), so it stays a top-level class.
 * The message never contains a task token.
 */
public class WorkflowUnavailableException extends RuntimeException {
    public WorkflowUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
