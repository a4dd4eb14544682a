package io.klaxon.domain.lifecycle;

import io.micronaut.serde.annotation.Serdeable;

/** The lifecycle events of the bus contract v1, with their {@code detail-type}. */
@Serdeable
public enum LifecycleEventType {
    OPENED("Alert Opened"),
    REFIRED("Alert Refired"),
    CLAIMED("Alert Claimed"),
    UNCLAIMED("Alert Unclaimed"),
    ESCALATED("Alert Escalated"),
    SNOOZED("Alert Snoozed"),
    RESOLVED("Alert Resolved");

    private final String detailType;

    LifecycleEventType(String detailType) {
        this.detailType = detailType;
    }

    public String detailType() {
        return detailType;
    }
}
