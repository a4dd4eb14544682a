package io.klaxon.deliver.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.aws.testing.DynamoDbLocalTables;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The version ledger of stateful destinations (PagerDuty) against DynamoDB Local. */
class DynamoDeliveryLedgerTest {

    @RegisterExtension
    static final DynamoDbLocalTables DYNAMODB = new DynamoDbLocalTables("deliveries-");

    private DynamoDeliveryLedger ledger;

    @BeforeEach
    void freshTable() {
        String table = DYNAMODB.freshTable();
        ledger = new DynamoDeliveryLedger(DYNAMODB.client(), table, Clock.systemUTC());
    }

    @Test
    void takeVersion_shouldGiveThePreviousVersion_andRefuseAnOlderOne_whenChangesArriveOutOfOrder() {
        // GIVEN the opening (v1) told, then the resolve (v3) taken before the claim (v2)
        assertThat(ledger.takeVersion("a1", "pd", 1)).isEqualTo(-1);
        assertThat(ledger.takeVersion("a1", "pd", 3)).isEqualTo(1);

        // WHEN the claim arrives late, and the resolve is retried
        long late = ledger.takeVersion("a1", "pd", 2);
        long retried = ledger.takeVersion("a1", "pd", 3);

        // THEN the claim is refused with the newer version, the retry goes through, nothing moved back
        assertThat(late).isEqualTo(3);
        assertThat(retried).isEqualTo(3);
        assertThat(ledger.latestVersion("a1", "pd")).isEqualTo(3);
    }

    @Test
    void takeVersion_shouldLetExactlyTheNewestThrough_whenTwoVersionsAreTakenAtOnce() throws Exception {
        // GIVEN the opening told
        ledger.takeVersion("a1", "pd", 1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                String alert = "race-" + round;
                ledger.takeVersion(alert, "pd", 1);
                // WHEN a claim (v2) and a resolve (v3) are taken at the same moment
                List<Callable<Long>> takers = List.of(() -> ledger.takeVersion(alert, "pd", 2),
                        () -> ledger.takeVersion(alert, "pd", 3));
                List<Long> answers = new ArrayList<>();
                for (Future<Long> f : pool.invokeAll(takers)) {
                    answers.add(f.get());
                }
                // THEN the resolve always goes through; the claim goes through only if it came first
                assertThat(answers.get(1)).as("resolve, round %d", round).isLessThan(3);
                boolean claimFirst = answers.get(0) < 2;
                assertThat(answers.get(1)).as("resolve saw the claim, round %d", round).isEqualTo(claimFirst ? 2 : 1);
                assertThat(ledger.latestVersion(alert, "pd")).isEqualTo(3);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void opened_shouldStayTrueAndLeaveTheVersion_whenRecordedBetweenTakes() {
        // GIVEN an alert whose opening (v1) was taken but not yet delivered
        ledger.takeVersion("a1", "pd", 1);
        boolean before = ledger.opened("a1", "pd");

        // WHEN the trigger gets through (recorded twice: a retried delivery) and the claim (v2) is taken
        ledger.recordOpened("a1", "pd");
        ledger.recordOpened("a1", "pd");
        long claim = ledger.takeVersion("a1", "pd", 2);

        // THEN it is opened for that destination only, and the versions moved as before
        assertThat(before).isFalse();
        assertThat(ledger.opened("a1", "pd")).isTrue();
        assertThat(ledger.opened("a1", "other-pd")).isFalse();
        assertThat(ledger.opened("a2", "pd")).isFalse();
        assertThat(claim).isEqualTo(1);
        assertThat(ledger.latestVersion("a1", "pd")).isEqualTo(2);
        assertThat(ledger.takeVersion("a1", "pd", 1)).as("older refused").isGreaterThan(1);
    }

    @Test
    void recordOpened_shouldNotLoseAVersion_whenTakenAtTheSameMomentAsANewerVersion() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                String alert = "race-" + round;
                ledger.takeVersion(alert, "pd", 1);
                // WHEN the opening records its trigger while the resolve (v3) is taken
                List<Callable<Long>> both = List.of(() -> {
                    ledger.recordOpened(alert, "pd");
                    return 0L;
                }, () -> ledger.takeVersion(alert, "pd", 3));
                for (Future<Long> f : pool.invokeAll(both)) {
                    f.get();
                }
                // THEN both are kept
                assertThat(ledger.opened(alert, "pd")).as("opened, round %d", round).isTrue();
                assertThat(ledger.latestVersion(alert, "pd")).as("version, round %d", round).isEqualTo(3);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
