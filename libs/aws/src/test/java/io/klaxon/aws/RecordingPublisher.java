package io.klaxon.aws;

import io.klaxon.domain.port.EventPublisher;
import io.klaxon.domain.signal.BusEvent;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands in for EventBridge the way the local runtime's bus does: by replacing the port bean. */
@Singleton
@Replaces(EventPublisher.class)
@Requires(property = "test.replace-publisher", value = "true")
class RecordingPublisher implements EventPublisher {

    final List<BusEvent<?>> published = new CopyOnWriteArrayList<>();

    @Override
    public void publish(List<? extends BusEvent<?>> events) {
        published.addAll(events);
    }
}
