package io.klaxon.ingest;

import static io.klaxon.ingest.testing.Samples.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.klaxon.domain.port.EventPublisher;
import io.klaxon.domain.testing.InMemoryAlertStore;
import io.klaxon.domain.testing.MutableClock;
import io.klaxon.ingest.testing.RecordingPublisher;
import io.klaxon.metrics.Metrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** What ingest counts for each case, each counter once, with its dimensions (none: ingest knows no route yet). */
class IngestMetricsTest {

    private static final String ALARM = "sns-cloudwatch/rheoceros-metric-alarm-real.json";

    private final List<String> recorded = new ArrayList<>();
    private final Metrics metrics = new Metrics() {
        @Override
        public void count(String name, double value, Map<String, String> dimensions) {
            recorded.add(name + "=" + value + " " + new TreeMap<>(dimensions));
        }

        @Override
        public void seconds(String name, double seconds, Map<String, String> dimensions) {
            recorded.add(name + "=" + seconds + "s " + new TreeMap<>(dimensions));
        }
    };
    private final MutableClock clock = new MutableClock(Instant.parse("2030-06-01T12:00:00Z"));
    private final RecordingPublisher publisher = new RecordingPublisher();
    private final IngestService service = new IngestService(new Normalizer(), new InMemoryAlertStore(), publisher,
            clock, IngestService.DEFAULT_DEDUP_TTL, metrics);

    @Test
    void ingest_shouldCountOneDuplicate_whenASignalIsRedelivered() {
        // GIVEN a signal published once
        service.ingest(read(ALARM));
        recorded.clear();

        // WHEN it is delivered again
        service.ingest(read(ALARM));

        // THEN
        assertThat(recorded).containsExactly("IngestPublished=0.0 {}", "IngestDuplicates=1.0 {}");
    }

    @Test
    void ingest_shouldCountOneUnreadableInput_whenTheInputIsNotJson() {
        // GIVEN / WHEN
        assertThatThrownBy(() -> service.ingest("<html>")).isInstanceOf(UnreadableInputException.class);

        // THEN
        assertThat(recorded).containsExactly("IngestUnreadable=1.0 {}");
    }

    @Test
    void ingest_shouldCountTheEventsNotPublished_whenTheBusRefusesThem() {
        // GIVEN a bus that refuses the batch
        publisher.failNext(new EventPublisher.PublishException("bus unavailable", null));

        // WHEN
        assertThatThrownBy(() -> service.ingest(read(ALARM))).isInstanceOf(EventPublisher.PublishException.class);

        // THEN
        assertThat(recorded).containsExactly("IngestNotPublished=1.0 {}");
    }

    @Test
    void ingest_shouldCountTheDeliveryDeferred_whenAnEarlierDeliveryIsStillPublishing() {
        // GIVEN an earlier delivery's mark within its lease (it has not confirmed)
        InMemoryAlertStore store = new InMemoryAlertStore();
        IngestService deferring = new IngestService(new Normalizer(), store, publisher, clock,
                IngestService.DEFAULT_DEDUP_TTL, metrics);
        var signal = new Normalizer().normalize(read(ALARM), clock.instant()).signals().getFirst();
        store.markSignal(IngestService.dedupKey(signal), "earlier", clock.instant(), clock.instant().plusSeconds(40),
                clock.instant().plusSeconds(3600));

        // WHEN
        assertThatThrownBy(() -> deferring.ingest(read(ALARM))).isInstanceOf(SignalInFlightException.class);

        // THEN
        assertThat(recorded).containsExactly("IngestDeferred=1.0 {}");
    }
}
