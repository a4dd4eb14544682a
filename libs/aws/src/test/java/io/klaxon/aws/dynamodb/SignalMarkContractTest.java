package io.klaxon.aws.dynamodb;

import static io.klaxon.domain.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.aws.testing.DynamoDbLocalTables;
import io.klaxon.domain.port.AlertStore;
import io.klaxon.domain.port.SignalMark;
import io.klaxon.domain.testing.InMemoryAlertStore;
import io.klaxon.domain.testing.MutableClock;
import io.micronaut.serde.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The two-phase seen-signal mark ({@link SignalMark}), kept alike by the DynamoDB store (against DynamoDB
 * Local) and the in-memory one that ingest's unit tests use: a test that passes on one passes on the other.
 */
class SignalMarkContractTest {

    @RegisterExtension
    static final DynamoDbLocalTables DYNAMODB = new DynamoDbLocalTables("marks-");

    private static final Duration LEASE = Duration.ofSeconds(40);
    private static final Instant EXPIRES = T0.plus(Duration.ofDays(1));

    /** The contract; each nested class runs it on one store. */
    abstract static class Contract {

        final MutableClock clock = new MutableClock(T0);

        abstract AlertStore store();

        SignalMark mark(String signalId, String token) {
            Instant now = clock.instant();
            return store().markSignal(signalId, token, now, now.plus(LEASE), EXPIRES);
        }

        @Test
        void markSignal_shouldBeHeldOnlyByTheFirstDelivery_andPublishedOnceConfirmed() {
            // GIVEN a first delivery that marks and confirms
            SignalMark first = mark("sig-1", "d1");
            boolean confirmed = store().confirmSignal("sig-1", "d1");

            // WHEN a redelivery and another signal arrive
            SignalMark again = mark("sig-1", "d2");
            SignalMark other = mark("sig-2", "d2");

            // THEN
            assertThat(first).isEqualTo(new SignalMark.Held(false));
            assertThat(confirmed).isTrue();
            assertThat(again).isEqualTo(new SignalMark.Published());
            assertThat(other).isEqualTo(new SignalMark.Held(false));
        }

        @Test
        void markSignal_shouldBeInFlight_whenAnUnconfirmedMarkIsWithinItsLease() {
            // GIVEN a delivery that marked and has not confirmed (it may still be publishing)
            mark("sig-1", "d1");
            clock.advance(LEASE.minusSeconds(1));

            // WHEN a redelivery marks
            SignalMark found = mark("sig-1", "d2");

            // THEN it must neither publish nor drop
            assertThat(found).isEqualTo(new SignalMark.InFlight(T0.plus(LEASE)));
        }

        @Test
        void markSignal_shouldTakeTheMarkOver_whenAnUnconfirmedMarkOutlivedItsLease() {
            // GIVEN a delivery that marked and died before publishing
            mark("sig-1", "died");
            clock.advance(LEASE.plusSeconds(1));

            // WHEN the source's retry marks, publishes and confirms
            SignalMark retry = mark("sig-1", "retry");
            boolean retryConfirmed = store().confirmSignal("sig-1", "retry");

            // THEN the retry held it; the dead delivery's mark is no longer its own; later deliveries drop it
            assertThat(retry).isEqualTo(new SignalMark.Held(true));
            assertThat(retryConfirmed).isTrue();
            assertThat(store().confirmSignal("sig-1", "died")).isFalse();
            assertThat(mark("sig-1", "late")).isEqualTo(new SignalMark.Published());
        }

        @Test
        void markSignal_shouldStayPublished_whenAConfirmedMarkOutlivedTheLease() {
            // GIVEN a confirmed mark, long after its lease
            mark("sig-1", "d1");
            store().confirmSignal("sig-1", "d1");
            clock.advance(Duration.ofHours(1));

            // WHEN / THEN
            assertThat(mark("sig-1", "d2")).isEqualTo(new SignalMark.Published());
        }

        @Test
        void markSignal_shouldBeHeldAgain_whenTheEarlierMarkHasExpired() {
            // GIVEN a confirmed mark that expires in a minute
            store().markSignal("sig-1", "d1", T0, T0.plus(LEASE), T0.plusSeconds(60));
            store().confirmSignal("sig-1", "d1");
            clock.advance(Duration.ofSeconds(61));

            // WHEN / THEN
            assertThat(mark("sig-1", "d2")).isEqualTo(new SignalMark.Held(false));
        }

        @Test
        void markSignal_shouldBeHeld_whenTheSameDeliveryMarksAgain() {
            // GIVEN / WHEN a delivery's mark, made a second time by the same delivery (a write sent again)
            mark("sig-1", "d1");

            // THEN it is its own
            assertThat(mark("sig-1", "d1")).isEqualTo(new SignalMark.Held(false));
        }

        @Test
        void forgetSignal_shouldLetTheNextDeliveryThrough_onlyForTheDeliveryThatMadeTheMark() {
            // GIVEN a mark of d1
            mark("sig-1", "d1");

            // WHEN another delivery tries to forget it, then d1 does
            store().forgetSignal("sig-1", "d2");
            SignalMark afterOthers = mark("sig-1", "d3");
            store().forgetSignal("sig-1", "d1");
            store().forgetSignal("sig-1", "d1");

            // THEN only d1's own forgetting removed it
            assertThat(afterOthers).isInstanceOf(SignalMark.InFlight.class);
            assertThat(mark("sig-1", "d4")).isEqualTo(new SignalMark.Held(false));
        }

        @Test
        void markSignal_shouldLetExactlyOneTakeOverWin_whenTwoDeliveriesTakeOverTheSameStaleMarkAtOnce()
                throws Exception {
            // GIVEN twenty stale unconfirmed marks
            int signals = 20;
            for (int i = 0; i < signals; i++) {
                mark("sig-" + i, "died");
            }
            clock.advance(LEASE.plusSeconds(1));
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (int i = 0; i < signals; i++) {
                    String signalId = "sig-" + i;
                    CountDownLatch start = new CountDownLatch(1);
                    List<Future<SignalMark>> racers = new ArrayList<>();
                    for (String token : List.of("a", "b")) {
                        racers.add(pool.submit(() -> {
                            start.await();
                            return mark(signalId, token);
                        }));
                    }

                    // WHEN both take over at once
                    start.countDown();
                    List<SignalMark> found = new ArrayList<>();
                    for (Future<SignalMark> racer : racers) {
                        found.add(racer.get(10, TimeUnit.SECONDS));
                    }

                    // THEN one holds it (and publishes), the other finds it in flight
                    assertThat(found).as(signalId).filteredOn(f -> f instanceof SignalMark.Held).hasSize(1);
                    assertThat(found).as(signalId).filteredOn(f -> f instanceof SignalMark.InFlight).hasSize(1);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Nested
    class InMemory extends Contract {
        private final InMemoryAlertStore store = new InMemoryAlertStore();

        @Override
        AlertStore store() {
            return store;
        }
    }

    @Nested
    class Dynamo extends Contract {
        private DynamoAlertStore store;

        @BeforeEach
        void freshTable() {
            store = new DynamoAlertStore(DYNAMODB.client(), DYNAMODB.freshTable(), ObjectMapper.getDefault(), clock);
        }

        @Override
        AlertStore store() {
            return store;
        }
    }
}
