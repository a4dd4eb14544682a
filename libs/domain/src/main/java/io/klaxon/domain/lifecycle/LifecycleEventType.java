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

    /**
     * @throws IllegalArgumentException naming the detail-type when it is not a lifecycle event
     */
    public static LifecycleEventType fromDetailType(String detailType) {
        for (LifecycleEventType type : values()) {
            if (type.detailType.equals(detailType)) {
                return type;
            }
        }
        throw new IllegalArgumentException("'" + detailType + "' is not a lifecycle event detail-type");
    }
}
