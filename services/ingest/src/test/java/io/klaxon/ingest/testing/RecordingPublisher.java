package io.klaxon.ingest.testing;

import io.klaxon.domain.port.EventPublisher;
import io.klaxon.domain.signal.BusEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link EventPublisher} that records what it is given, and can be told to refuse the next batch, or to
 * die in it (an {@link Error}: the function stopped during the call, as a timeout or an out-of-memory kill does).
 */
public final class RecordingPublisher implements EventPublisher {

    private final List<BusEvent<?>> events = new ArrayList<>();
    private RuntimeException nextFailure;
    private Error nextDeath;

    @Override
    public synchronized void publish(List<? extends BusEvent<?>> batch) {
        if (nextDeath != null) {
            Error death = nextDeath;
            nextDeath = null;
            throw death;
        }
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

    public synchronized void dieNext(Error death) {
        this.nextDeath = death;
    }

    public synchronized List<BusEvent<?>> events() {
        return List.copyOf(events);
    }
}
