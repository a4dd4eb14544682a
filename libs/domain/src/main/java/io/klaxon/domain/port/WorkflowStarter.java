package io.klaxon.domain.port;

/**
 * Starts a short workflow execution that tells a change no waiting workflow took (Step Functions
 * StartExecution on the alert lifecycle state machine, or the local runtime's equivalent). Only the
 * workflow renders Slack and publishes lifecycle events; writers hand it what they changed.
 *
 * <p>Idempotent: the execution's name is derived from the alert and the version the change
 * produced ({@link Announcements#executionName}), so starting the same announcement twice runs it
 * once.
 */
public interface WorkflowStarter {

    /**
     * @param outcome the change to tell (its {@code change} may be null: then the execution only
     *                re-renders the message from the stored state)
     * @throws WorkflowUnavailableException when the workflow service could not be reached; the
     *         announcement may be started again
     */
    void announce(WorkflowOutcome outcome);
}
