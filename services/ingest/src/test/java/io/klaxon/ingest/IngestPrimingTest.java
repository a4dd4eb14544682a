package io.klaxon.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.port.EventPublisher;
import io.klaxon.ingest.testing.RecordingPublisher;
import io.klaxon.ingest.testing.TestPorts;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

class IngestPrimingTest {

    @Test
    void run_shouldNormalizeTheSampleAlarm_andPublishNothing() {
        // GIVEN the production bean graph with the store and the publisher in memory
        try (ApplicationContext context = ApplicationContext.run(TestPorts.ENV)) {

            // WHEN the priming bean runs
            boolean primed = context.getBean(IngestPriming.class).run();

            // THEN it completed (the sample in the jar normalizes) and the priming alarm went nowhere
            assertThat(primed).isTrue();
            assertThat(((RecordingPublisher) context.getBean(EventPublisher.class)).events()).isEmpty();
        }
    }
}
