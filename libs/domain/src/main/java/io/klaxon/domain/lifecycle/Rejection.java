package io.klaxon.domain.lifecycle;

/** Why a command did not change the alert. Channels turn these into a sentence for the actor. */
public enum Rejection {
    /** The actor acted on an older version of the alert than the current one. */
    STALE,
    /** Someone else owns it. */
    ALREADY_CLAIMED,
    /** It is already resolved. */
    ALREADY_RESOLVED,
    /** Unclaim asked of an alert nobody owns. */
    NOT_CLAIMED,
    /** The command makes no sense in the current state (for example snoozing a resolved alert). */
    NOT_ALLOWED,
    /** Reassign to the person who owns it already. */
    ALREADY_OWNER
}
