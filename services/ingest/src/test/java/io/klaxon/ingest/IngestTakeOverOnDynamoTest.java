package io.klaxon.ingest;

import static io.klaxon.ingest.testing.Samples.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.klaxon.aws.dynamodb.DynamoAlertStore;
import io.klaxon.aws.testing.DynamoDbLocalTables;
import io.klaxon.domain.testing.MutableClock;
import io.klaxon.ingest.testing.RecordingPublisher;
import io.micronaut.serde.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A delivery that marked a signal and died before publishing it, and the retries after it, on DynamoDB Local:
 * the signal is published, and by one of two retries that arrive together, not both.
 */
class IngestTakeOverOnDynamoTest {

    @RegisterExtension
    static final DynamoDbLocalTables DYNAMODB = new DynamoDbLocalTables("ingest-");

    private static final String ALARM = "sns-cloudwatch/rheoceros-metric-alarm-real.json";

    private final MutableClock clock = new MutableClock(Instant.parse("2030-06-01T12:00:00Z"));
    private final RecordingPublisher bus = new RecordingPublisher();
    private IngestService service;

    @BeforeEach
    void freshTable() {
        var store = new DynamoAlertStore(DYNAMODB.client(), DYNAMODB.freshTable(), ObjectMapper.getDefault(), clock);
        service = new IngestService(new Normalizer(), store, bus, clock);
    }

    @Test
    void ingest_shouldPublishOnce_whenTwoRetriesTakeOverTheMarkOfADeliveryThatDiedAtOnce() throws Exception {
        // GIVEN a delivery that marked the signal and was stopped inside PutEvents, and its lease has ended
        bus.dieNext(new OutOfMemoryError("stopped inside PutEvents"));
        assertThatThrownBy(() -> service.ingest(read(ALARM))).isInstanceOf(OutOfMemoryError.class);
        clock.advance(IngestService.DEFAULT_TIME_LEFT.plus(IngestService.LEASE_MARGIN).plusSeconds(1));

        // WHEN two retries (SNS's and Lambda's, say) arrive at once
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Object> results = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<IngestOutcome>> retries = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                retries.add(pool.submit(() -> {
                    start.await();
                    return service.ingest(read(ALARM));
                }));
            }
            start.countDown();
            for (Future<IngestOutcome> retry : retries) {
                try {
                    results.add(retry.get(30, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    results.add(e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }

        // THEN one publishes it; the other publishes nothing: it is told to come back later (the winner had not
        // confirmed yet) or, when the winner confirmed first, drops it as a duplicate (which of the two depends
        // on timing; either way the signal is on the bus once)
        assertThat(bus.events()).hasSize(1);
        assertThat(results).filteredOn(r -> r instanceof IngestOutcome o && o.published() == 1).hasSize(1);
        assertThat(results).filteredOn(r -> r instanceof SignalInFlightException
                || r instanceof IngestOutcome o && o.published() == 0 && o.duplicates() == 1).hasSize(1);
        assertThat(service.ingest(read(ALARM)).duplicates()).isEqualTo(1);
        assertThat(bus.events()).hasSize(1);
    }
}
