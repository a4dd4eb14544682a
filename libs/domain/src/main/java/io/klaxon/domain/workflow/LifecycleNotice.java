package io.klaxon.domain.workflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.klaxon.domain.lifecycle.LifecycleEvent;
import io.klaxon.domain.lifecycle.LifecycleEventType;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A lifecycle event for the workflow to publish with {@code events:putEvents}. Field names avoid
 * the hyphen of {@code detail-type} so the ASL can address them with plain JSONPath.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record LifecycleNotice(String detailType, LifecycleEvent detail) {

    public static LifecycleNotice of(LifecycleEventType type, LifecycleEvent detail) {
        return new LifecycleNotice(type.detailType(), detail);
    }
}
