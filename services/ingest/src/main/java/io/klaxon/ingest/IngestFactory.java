package io.klaxon.ingest;

import io.klaxon.domain.port.AlertStore;
import io.klaxon.domain.port.EventPublisher;
import io.klaxon.metrics.EmfMetrics;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The ingest beans; the store and the publisher come from the AWS adapters (or a local replacement). */
@Factory
public class IngestFactory {

    @Singleton
    public Normalizer normalizer() {
        return new Normalizer();
    }

    @Singleton
    public IngestService ingestService(Normalizer normalizer, AlertStore store, EventPublisher publisher,
                                       BeanProvider<Clock> clock) {
        return new IngestService(normalizer, store, publisher, clock.orElse(Clock.systemUTC()),
                IngestService.DEFAULT_DEDUP_TTL, new EmfMetrics());
    }
}
