package io.klaxon.domain.alert;

import io.micronaut.serde.annotation.Serdeable;

/**
 * What a timeline entry records. Persisted by name (the timeline in DynamoDB, the thread's emoji),
 * so names never change; add new kinds at the end.
 */
@Serdeable
public enum TimelineKind {
    OPENED, REFIRED, CLAIMED, UNCLAIMED, SNOOZED, WOKE, ESCALATED, RECOVERED, RESOLVED, REMINDER, NOTE, ASSIGNED
}
