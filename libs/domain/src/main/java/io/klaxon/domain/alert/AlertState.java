package io.klaxon.domain.alert;

import io.micronaut.serde.annotation.Serdeable;

/**
 * Where an occurrence is in its lifecycle. Persisted by name, never by ordinal.
 * Escalation is a level within {@link #UNCLAIMED}, not a state.
 */
@Serdeable
public enum AlertState {
    UNCLAIMED, CLAIMED, SNOOZED, RESOLVED;

    public boolean isOpen() {
        return this != RESOLVED;
    }
}
