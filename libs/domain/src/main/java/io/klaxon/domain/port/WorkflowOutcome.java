package io.klaxon.domain.port;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.lifecycle.LifecycleEventType;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * What a waiting workflow continues with: the alert's state and version after the change, the
 * lifecycle event to publish (null when the change publishes none, e.g. a recovery annotation) and
 * who caused it. The workflow re-renders from state and waits again according to {@code state}.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record WorkflowOutcome(
        String alertId,
        long version,
        AlertState state,
        @Nullable LifecycleEventType event,
        Actor actor) {
}
