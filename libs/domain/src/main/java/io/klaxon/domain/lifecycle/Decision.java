package io.klaxon.domain.lifecycle;

import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.TimelineEntry;

/** The outcome of deciding a command against the current alert. */
public sealed interface Decision {

    /** The alert changes to {@code next} (version already bumped), recorded by {@code entry}. */
    record Applied(Alert next, TimelineEntry entry, LifecycleEventType event) implements Decision {
    }

    /** Nothing changes; {@code current} is the truth to show the actor. */
    record Rejected(Rejection reason, Alert current) implements Decision {
    }
}
