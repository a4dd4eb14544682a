package io.klaxon.domain.port;

import io.klaxon.domain.signal.BusEvent;
import java.util.List;

/** Puts events on the Klaxon bus (EventBridge PutEvents, or the local in-process bus). */
public interface EventPublisher {

    /**
     * Publishes all events or throws; partial failures are retried by the implementation and
     * reported as {@link PublishException} naming what could not be delivered.
     */
    void publish(List<? extends BusEvent<?>> events);

    class PublishException extends RuntimeException {
        public PublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
