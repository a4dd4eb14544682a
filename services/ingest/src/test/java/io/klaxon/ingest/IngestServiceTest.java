package io.klaxon.ingest;

import static io.klaxon.ingest.testing.Samples.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.klaxon.domain.port.EventPublisher;
import io.klaxon.domain.port.SignalMark;
import io.klaxon.domain.port.StoreUnavailableException;
import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.domain.signal.BusEvent;
import io.klaxon.domain.testing.InMemoryAlertStore;
import io.klaxon.domain.testing.MutableClock;
import io.klaxon.ingest.testing.RecordingPublisher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class IngestServiceTest {

    private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");

    private final InMemoryAlertStore store = new InMemoryAlertStore();
    private final RecordingPublisher publisher = new RecordingPublisher();
    private final IngestService service =
            new IngestService(new Normalizer(), store, publisher, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void ingest_shouldPublishAlertFired_whenAlarmArrives() {
        // GIVEN the seed alarm as the SNS subscription delivers it
        // WHEN
        IngestOutcome outcome = service.ingest(read("sns-cloudwatch/seed-blog-lambda-test-event.json"));

        // THEN
        assertThat(outcome.published()).isEqualTo(1);
        assertThat(outcome.duplicates()).isZero();
        assertThat(outcome.ignored()).isZero();
        assertThat(publisher.events()).singleElement().satisfies(event -> {
            assertThat(event.source()).isEqualTo("klaxon");
            assertThat(event.detailType()).isEqualTo("Alert Fired");
            assertThat(((AlertSignal) event.detail()).alertKey())
                    .isEqualTo("arn:aws:cloudwatch:eu-west-1:000000000000:alarm:Example alarm name");
        });
    }

    @Test
    void ingest_shouldPublishAlertRecovered_whenAlarmReturnsToOk() {
        // GIVEN / WHEN
        service.ingest(read("sns-cloudwatch/tf-notify-slack-ok-recovery.json"));

        // THEN
        assertThat(publisher.events()).extracting(BusEvent::detailType).containsExactly("Alert Recovered");
    }

    @Test
    void ingest_shouldDropRedelivery_whenSameMessageArrivesTwice() {
        // GIVEN a message already ingested
        String input = read("sns-cloudwatch/sre-bot-http-alarm-ca-central.json");
        service.ingest(input);

        // WHEN SNS delivers it again
        IngestOutcome second = service.ingest(input);

        // THEN
        assertThat(second.published()).isZero();
        assertThat(second.duplicates()).isEqualTo(1);
        assertThat(publisher.events()).hasSize(1);
    }

    @Test
    void ingest_shouldProcessRetry_whenPublishingFailedTheFirstTime() {
        // GIVEN the bus refuses the first attempt
        String input = read("sns-cloudwatch/rheoceros-metric-alarm-real.json");
        publisher.failNext(new EventPublisher.PublishException("bus unavailable", null));
        assertThatThrownBy(() -> service.ingest(input)).isInstanceOf(EventPublisher.PublishException.class);

        // WHEN the source retries
        IngestOutcome retry = service.ingest(input);

        // THEN the signal is published, not dropped as a duplicate of the failed attempt
        assertThat(retry.published()).isEqualTo(1);
        assertThat(retry.duplicates()).isZero();
        assertThat(publisher.events()).hasSize(1);
    }

    @Test
    void ingest_shouldProcessRetry_whenTheMarkWasMadeButTheStoreFailedBeforeAnswering() {
        // GIVEN a table that makes the seen mark and then fails the call (its answer lost on every attempt)
        InMemoryAlertStore flaky = new InMemoryAlertStore() {
            private boolean failed;

            @Override
            public synchronized SignalMark markSignal(String signalId, String token, Instant now, Instant leaseUntil,
                                                      Instant expiresAt) {
                SignalMark first = super.markSignal(signalId, token, now, leaseUntil, expiresAt);
                if (!failed) {
                    failed = true;
                    throw new StoreUnavailableException("answer lost after the write", null);
                }
                return first;
            }
        };
        IngestService flakyService = new IngestService(new Normalizer(), flaky, publisher, Clock.fixed(NOW, ZoneOffset.UTC));
        String input = read("sns-cloudwatch/rheoceros-metric-alarm-real.json");
        assertThatThrownBy(() -> flakyService.ingest(input)).isInstanceOf(StoreUnavailableException.class);

        // WHEN the source retries
        IngestOutcome retry = flakyService.ingest(input);

        // THEN the signal is published, not dropped as a duplicate of the mark the failed call left behind
        assertThat(retry.published()).isEqualTo(1);
        assertThat(retry.duplicates()).isZero();
        assertThat(publisher.events()).hasSize(1);
    }

    @Test
    void ingest_shouldRethrowAndPublishNothing_whenInputIsUnreadable() {
        // GIVEN / WHEN / THEN
        assertThatThrownBy(() -> service.ingest("{\"Records\": []}"))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageContaining("Records is empty");
        assertThat(publisher.events()).isEmpty();
    }

    @Test
    void ingest_shouldReturnConfirmation_whenSnsConfirmsAnHttpSubscription() {
        // GIVEN / WHEN
        IngestOutcome outcome = service.ingest(read("sns-other/alerta-http-subscription-confirmation.json"));

        // THEN the caller gets what it needs to answer; nothing reaches the bus
        assertThat(outcome.confirmation()).isNotNull();
        assertThat(outcome.confirmation().subscribeUrl()).startsWith("https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription");
        assertThat(outcome.published()).isZero();
        assertThat(publisher.events()).isEmpty();
    }

    @Test
    void ingest_shouldCountIgnoredItems_whenConfigurationChangeArrives() {
        // GIVEN / WHEN
        IngestOutcome outcome = service.ingest(read("eventbridge-cloudwatch/config-change-metric-alarm-update.json"));

        // THEN
        assertThat(outcome.ignored()).isEqualTo(1);
        assertThat(outcome.ignoredItems()).singleElement()
                .satisfies(i -> assertThat(i.item()).contains("CloudWatch Alarm Configuration Change"));
        assertThat(publisher.events()).isEmpty();
    }

    @Test
    void ingest_shouldUseReceiptTime_whenSourceTimeIsAPlaceholder() {
        // GIVEN a documentation sample whose time is "yyyy-mm-ddThh:mm:ssZ"
        // WHEN
        service.ingest(read("ec2/spot-interruption-warning-docs.json"));

        // THEN the signal still has a time, and says where it came from
        AlertSignal signal = (AlertSignal) publisher.events().getFirst().detail();
        assertThat(signal.occurredAt()).isEqualTo(NOW);
        assertThat(signal.labels()).containsEntry("occurredAtSource", "received");
    }

    @Test
    void ingest_shouldPublishEveryRecord_whenDifferentMessagesShareAMessageId() {
        // GIVEN four AWS Backup records, three of which reuse one MessageId (a fixture's copy-paste)
        // WHEN
        IngestOutcome outcome = service.ingest(read("sns-other/tf-notify-slack-backup-4-records.json"));

        // THEN different content is never mistaken for a redelivery
        assertThat(outcome.published()).isEqualTo(4);
        assertThat(outcome.duplicates()).isZero();
    }

    // ---- a delivery that marked and died before its publish was confirmed -------------------------------

    /** What a function killed in the middle of a call looks like to the code: nothing after it runs. */
    private static final class FunctionKilled extends Error {
        FunctionKilled() {
            super("the function was stopped during PutEvents (timeout, out of memory)");
        }
    }

    private final MutableClock clock = new MutableClock(NOW);
    private final RecordingPublisher bus = new RecordingPublisher();
    private final IngestService dyingService = new IngestService(new Normalizer(), store, bus, clock);

    /** How long after a delivery starts its marks may be taken over, with the default time left. */
    private static final Duration LEASE = IngestService.DEFAULT_TIME_LEFT.plus(IngestService.LEASE_MARGIN);

    @Test
    void ingest_shouldPublishExactlyOnce_whenTheFirstDeliveryMarkedAndDiedBeforePublishing() {
        // GIVEN a first delivery that marks the signal and is stopped inside PutEvents (nothing forgets the mark)
        String input = read("sns-cloudwatch/rheoceros-metric-alarm-real.json");
        bus.dieNext(new FunctionKilled());
        assertThatThrownBy(() -> dyingService.ingest(input)).isInstanceOf(FunctionKilled.class);

        // WHEN Lambda's async retry comes after the lease has ended
        clock.advance(LEASE.plusSeconds(1));
        IngestOutcome retry = dyingService.ingest(input);

        // THEN the retry publishes the signal, once, rather than dropping it as a duplicate of the dead delivery
        assertThat(retry.published()).isEqualTo(1);
        assertThat(retry.duplicates()).isZero();
        assertThat(bus.events()).hasSize(1);
        // AND its mark is confirmed: a later redelivery is a duplicate
        clock.advance(Duration.ofHours(1));
        assertThat(dyingService.ingest(input).duplicates()).isEqualTo(1);
        assertThat(bus.events()).hasSize(1);
    }

    @Test
    void ingest_shouldFailRetryablyAndDropNothing_whenAnEarlierDeliveryIsWithinItsLease() {
        // GIVEN a first delivery that marked the signal and died a moment ago
        String input = read("sns-cloudwatch/rheoceros-metric-alarm-real.json");
        bus.dieNext(new FunctionKilled());
        assertThatThrownBy(() -> dyingService.ingest(input)).isInstanceOf(FunctionKilled.class);
        clock.advance(Duration.ofSeconds(5));

        // WHEN a redelivery arrives within the lease
        // THEN it fails (the source retries) instead of publishing or dropping
        assertThatThrownBy(() -> dyingService.ingest(input))
                .isInstanceOf(SignalInFlightException.class)
                .hasMessageContaining("is being published by an earlier delivery")
                .hasMessageContaining(NOW.plus(LEASE).toString());
        assertThat(bus.events()).isEmpty();

        // AND the retry after the lease publishes it
        clock.advance(LEASE);
        assertThat(dyingService.ingest(input).published()).isEqualTo(1);
        assertThat(bus.events()).hasSize(1);
    }

    @Test
    void ingest_shouldLeaseItsMarksUntilItsOwnDeadline_whenTheInvocationSaysHowLongItHasLeft() {
        // GIVEN a delivery with 3 s left that dies inside PutEvents
        String input = read("sns-cloudwatch/rheoceros-metric-alarm-real.json");
        bus.dieNext(new FunctionKilled());
        assertThatThrownBy(() -> dyingService.ingest(input, Duration.ofSeconds(3))).isInstanceOf(FunctionKilled.class);

        // WHEN the retry comes just after its deadline plus the margin
        clock.advance(Duration.ofSeconds(3).plus(IngestService.LEASE_MARGIN).plusSeconds(1));

        // THEN the retry takes over and publishes
        assertThat(dyingService.ingest(input).published()).isEqualTo(1);
    }

    @Test
    void ingest_shouldLeaveTheEarlierDeliverysMark_whenARedeliveryIsToldToComeBackLater() {
        // GIVEN a delivery within its lease, and a redelivery that is told so
        String input = read("sns-cloudwatch/rheoceros-metric-alarm-real.json");
        bus.dieNext(new FunctionKilled());
        assertThatThrownBy(() -> dyingService.ingest(input)).isInstanceOf(FunctionKilled.class);
        assertThatThrownBy(() -> dyingService.ingest(input)).isInstanceOf(SignalInFlightException.class);

        // WHEN / THEN the first delivery's mark is still there: a third delivery is also told to come back later
        assertThatThrownBy(() -> dyingService.ingest(input)).isInstanceOf(SignalInFlightException.class);
        assertThat(bus.events()).isEmpty();
    }
}
