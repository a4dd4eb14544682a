package io.klaxon.domain.port;

/**
 * Resumes a workflow execution that waits on a callback token (Step Functions SendTaskSuccess, or
 * the local runtime's equivalent).
 */
public interface WorkflowResumer {

    /**
     * @param taskToken the token stored on the alert; never leaves the server side
     * @param outcome   what the workflow should continue with
     * @return false when the token is no longer valid (the wait already ended, e.g. by its timeout)
     */
    boolean resume(String taskToken, WorkflowOutcome outcome);
}
