package io.klaxon.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.aws.testing.DynamoDbLocalTables;
import io.klaxon.domain.port.CallBudget;
import io.klaxon.domain.port.CallBudget.Rate;
import io.klaxon.domain.port.CallBudget.Slot;
import io.klaxon.domain.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link DynamoCallBudget} against DynamoDB Local with the real SDK client; time is a hand-moved
 * clock, so slots are computed, not raced.
 */
class DynamoCallBudgetTest {

    /** Near the real time: DynamoDB Local's TTL deletes items whose expiresAt has passed. */
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Rate ONE_PER_SECOND = Rate.of(1, Duration.ofSeconds(1));
    private static final Duration LONG = Duration.ofMinutes(10);

    @RegisterExtension
    static final DynamoDbLocalTables DYNAMODB = new DynamoDbLocalTables("budget-");

    private final MutableClock clock = new MutableClock(T0);
    private String table;
    private CallBudget budget;

    @BeforeEach
    void freshTable() {
        table = DYNAMODB.freshTable();
        budget = new DynamoCallBudget(DYNAMODB.client(), table, clock);
    }

    @Test
    void take_shouldSpaceSlotsByTheInterval_whenCallsComeBackToBack() {
        // WHEN three calls take a slot at the same instant
        Slot first = budget.take("chat.postMessage#C1", ONE_PER_SECOND, LONG);
        Slot second = budget.take("chat.postMessage#C1", ONE_PER_SECOND, LONG);
        Slot third = budget.take("chat.postMessage#C1", ONE_PER_SECOND, LONG);

        // THEN they go now, in 1 s and in 2 s
        assertThat(List.of(first, second, third)).containsExactly(
                new Slot(true, Duration.ZERO), new Slot(true, Duration.ofSeconds(1)), new Slot(true, Duration.ofSeconds(2)));
    }

    @Test
    void take_shouldKeepKeysApart_whenAnotherChannelIsBusy() {
        // GIVEN channel C1 has taken its slot
        budget.take("chat.postMessage#C1", ONE_PER_SECOND, LONG);

        // WHEN channel C2 takes one
        Slot other = budget.take("chat.postMessage#C2", ONE_PER_SECOND, LONG);

        // THEN it goes now
        assertThat(other).isEqualTo(Slot.now());
    }

    @Test
    void take_shouldReserveNothing_whenTheSlotIsFurtherThanTheCallerWaits() {
        // GIVEN the next slot is 1 s away
        budget.take("k", ONE_PER_SECOND, LONG);

        // WHEN a caller that waits at most 500 ms asks, then one that waits long
        Slot refused = budget.take("k", ONE_PER_SECOND, Duration.ofMillis(500));
        Slot next = budget.take("k", ONE_PER_SECOND, LONG);

        // THEN the first is told the wait and took nothing: the second still gets the slot in 1 s
        assertThat(refused).isEqualTo(new Slot(false, Duration.ofSeconds(1)));
        assertThat(next).isEqualTo(new Slot(true, Duration.ofSeconds(1)));
    }

    @Test
    void take_shouldAllowTheBurst_whenTheRateHasOne() {
        // GIVEN a rate of one per second with bursts of 3
        Rate bursty = new Rate(Duration.ofSeconds(1), 3);

        // WHEN four calls come at once
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            waits.add(budget.take("k", bursty, LONG).delay());
        }

        // THEN three go now and the fourth in 1 s
        assertThat(waits).containsExactly(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1));
    }

    @Test
    void take_shouldWaitForTheHoldOff_whenSlackSaidRetryAfter() {
        // GIVEN a 429 said "retry after 3 s"
        budget.holdOff("chat.update", T0.plusSeconds(3));

        // WHEN a call takes a slot now, and another 3 s later
        Slot during = budget.take("chat.update", Rate.UNLIMITED, Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(3));
        Slot after = budget.take("chat.update", Rate.UNLIMITED, Duration.ofSeconds(1));

        // THEN none is given before the hold-off ends, and one is right when it ends
        assertThat(during).isEqualTo(new Slot(false, Duration.ofSeconds(3)));
        assertThat(after).isEqualTo(Slot.now());
    }

    @Test
    void holdOff_shouldKeepTheLongerHoldOff_whenAShorterOneArrivesLate() {
        // GIVEN a hold-off of 10 s
        budget.holdOff("k", T0.plusSeconds(10));

        // WHEN a late 429 says 2 s
        budget.holdOff("k", T0.plusSeconds(2));

        // THEN the next slot is still 10 s away
        assertThat(budget.take("k", ONE_PER_SECOND, LONG)).isEqualTo(new Slot(true, Duration.ofSeconds(10)));
    }

    @Test
    void holdOff_shouldMoveSlotsAlreadySpaced_whenTheyWouldStartBeforeIt() {
        // GIVEN two slots taken, the second at 1 s
        budget.take("k", ONE_PER_SECOND, LONG);
        budget.take("k", ONE_PER_SECOND, LONG);

        // WHEN a 429 holds the key off for 5 s
        budget.holdOff("k", T0.plusSeconds(5));

        // THEN the next slot starts at 5 s, and the one after at 6 s
        assertThat(budget.take("k", ONE_PER_SECOND, LONG).delay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(budget.take("k", ONE_PER_SECOND, LONG).delay()).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void take_shouldGiveEveryConcurrentTakerItsOwnSlot_whenManyTakeAtOnce() throws Exception {
        // GIVEN 12 takers on 12 threads, each with its own DynamoDB client (as separate Lambdas have)
        int takers = 12;
        ExecutorService pool = Executors.newFixedThreadPool(takers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Slot>> slots = new ArrayList<>();
        try {
            for (int i = 0; i < takers; i++) {
                var client = DYNAMODB.dynamoDb().newClient();
                CallBudget own = new DynamoCallBudget(client, table, clock);
                Callable<Slot> take = () -> {
                    go.await();
                    try (client) {
                        return own.take("chat.postMessage#C1", ONE_PER_SECOND, LONG);
                    }
                };
                slots.add(pool.submit(take));
            }

            // WHEN they all take a slot at the same instant
            go.countDown();
            List<Duration> waits = new ArrayList<>();
            int notTaken = 0;
            for (Future<Slot> slot : slots) {
                Slot s = slot.get();
                if (s.taken()) {
                    waits.add(s.delay());
                } else {
                    notTaken++;
                }
            }

            // THEN no two share a slot: the waits are distinct whole seconds, and any taker that lost
            // too many races was told to come back rather than given a shared slot
            assertThat(waits).doesNotHaveDuplicates();
            assertThat(waits).allSatisfy(w -> assertThat(w.toMillis() % 1000).isZero());
            assertThat(waits.size() + notTaken).isEqualTo(takers);
            assertThat(waits).hasSizeGreaterThanOrEqualTo(takers / 2);
        } finally {
            pool.shutdownNow();
        }
    }
}
