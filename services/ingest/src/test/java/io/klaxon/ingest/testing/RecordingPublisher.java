package io.klaxon.ingest.testing;

import io.klaxon.domain.port.EventPublisher;
import io.klaxon.domain.signal.BusEvent;
import java.util.ArrayList;
import java.util.List;

/** An {@link EventPublisher} that records what it is given, and can be told to refuse the next batch. */
public final class RecordingPublisher implements EventPublisher {

    private final List<BusEvent<?>> events = new ArrayList<>();
    private RuntimeException nextFailure;

    @Override
    public synchronized void publish(List<? extends BusEvent<?>> batch) {
        if (nextFailure != null) {
            RuntimeException failure = nextFailure;
            nextFailure = null;
            throw failure;
        }
        events.addAll(batch);
    }

    public synchronized void failNext(RuntimeException failure) {
        this.nextFailure = failure;
    }

    public synchronized List<BusEvent<?>> events() {
        return List.copyOf(events);
    }
}
