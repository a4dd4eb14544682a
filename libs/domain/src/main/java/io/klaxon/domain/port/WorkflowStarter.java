package io.klaxon.domain.port;

import io.klaxon.domain.workflow.Tell;

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

    /**
     * Starts a {@code tell} execution that says {@code tell} to its one person, so that the caller
     * (a click that must be answered within 3 s) never waits on Slack. Named by alert, version and
     * person ({@link Announcements#tellName}): a person is told once per alert version, however
     * often they click.
     *
     * @param version the alert version the sentence is about (the current one for a losing click)
     * @throws WorkflowUnavailableException when the workflow service could not be reached
     */
    void tell(Tell tell, long version);
}
