package io.klaxon.ingest.testing;

import io.klaxon.domain.port.AlertStore;
import io.klaxon.domain.port.EventPublisher;
import io.klaxon.domain.testing.InMemoryAlertStore;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * In-memory ports for handler tests. {@code @Primary} wins over the AWS adapters, which stay
 * unbuilt (they are lazy); the environment keeps these beans out of every other context.
 */
@Factory
@Requires(env = TestPorts.ENV)
public class TestPorts {

    public static final String ENV = "ingest-test";

    @Singleton
    @Primary
    AlertStore alertStore() {
        return new InMemoryAlertStore();
    }

    @Singleton
    @Primary
    EventPublisher eventPublisher() {
        return new RecordingPublisher();
    }

    @Singleton
    @Primary
    Clock clock() {
        return Clock.fixed(Instant.parse("2030-06-01T12:00:00Z"), ZoneOffset.UTC);
    }
}
