package io.klaxon.domain.workflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.TimelineEntry;
import io.klaxon.domain.lifecycle.LifecycleEventType;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * One applied change as its writer produced it: the timeline entry it recorded (the thread reply)
 * and the lifecycle event it publishes (null when it publishes none, e.g. a recovery annotation on
 * a claimed alert). It travels with the workflow from the writer to the step that tells it, so
 * nobody re-reads the timeline to find out what just happened.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Change(TimelineEntry entry, @Nullable LifecycleEventType event) {

    public Actor actor() {
        return entry.actor();
    }
}
