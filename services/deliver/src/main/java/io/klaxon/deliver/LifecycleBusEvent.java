package io.klaxon.deliver;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.klaxon.domain.lifecycle.LifecycleEvent;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/**
 * A lifecycle event as the deliver function's rule target receives it: the whole EventBridge event,
 * so that a webhook destination can forward it as it was on the bus.
 */
@Serdeable
public record LifecycleBusEvent(
        @Nullable String version,
        String id,
        @JsonProperty("detail-type") String detailType,
        String source,
        @Nullable String account,
        @Nullable Instant time,
        @Nullable String region,
        @Nullable List<String> resources,
        LifecycleEvent detail) {
}
