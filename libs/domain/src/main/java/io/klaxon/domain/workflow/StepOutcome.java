package io.klaxon.domain.workflow;

import io.micronaut.serde.annotation.Serdeable;

/** What a workflow step did; the ASL's Choice states route on it. */
@Serdeable
public enum StepOutcome {
    /** open: a new occurrence was stored. */
    OPENED,
    /** open: the FIRING was counted on the key's open occurrence. */
    REFIRED,
    /** open, escalate, wake: nothing changed (a redelivery, or the alert moved on first). */
    UNCHANGED,
    /** escalate: the level went up. */
    ESCALATED,
    /** wake: the snooze ended and the alert went back to waiting. */
    WOKE,
    /** await: the token is parked (or the workflow was resumed at once). */
    WAITING,
    /** a notify step rendered what it was asked to. */
    DONE,
    /** adopt: this execution is now the alert's workflow (adopt answers UNCHANGED when it is not). */
    ADOPTED,
    /** finish: the workflow ends here (the alert is resolved, or another execution is its workflow). */
    FINISHED,
    /**
     * finish: the alert this workflow was about to leave resolved is open again (a reopening landed
     * after its last step read RESOLVED) and is still its own: route on the alert and wait again.
     */
    CONTINUE
}
