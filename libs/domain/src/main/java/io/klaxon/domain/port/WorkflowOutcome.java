package io.klaxon.domain.port;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.workflow.Change;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * What a waiting workflow continues with, or what an announcement execution tells: the alert's
 * state and version after the change, and the change itself as its writer produced it (null when
 * the workflow only has to catch up with the stored state, e.g. its own wait found the alert had
 * already moved on).
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record WorkflowOutcome(
        String alertId,
        long version,
        AlertState state,
        @Nullable Change change) {
}
