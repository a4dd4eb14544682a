package io.klaxon.domain.workflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.klaxon.domain.lifecycle.LifecycleEvent;
import io.klaxon.domain.signal.BusEvent;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * What every workflow task returns. Every field is always written (null included): Step Functions
 * fails a {@code .$} path that points at a missing field.
 *
 * @param outcome what the step did; the ASL's Choice states route on it
 * @param alert   enough of the alert to route and time the next wait
 * @param event   the lifecycle event to publish next, as PutEvents takes it, or null when none
 * @param change  the change this step produced, for the next step to tell (open, escalate, wake);
 *                null otherwise
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TaskResult(StepOutcome outcome, AlertRef alert, @Nullable BusEvent<LifecycleEvent> event,
                         @Nullable Change change) {

    public static TaskResult of(StepOutcome outcome, AlertRef alert) {
        return new TaskResult(outcome, alert, null, null);
    }
}
