package io.klaxon.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.aws.testing.DynamoDbLocalTables;
import io.klaxon.domain.port.RenderLedger.ReplyMark;
import io.klaxon.domain.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The render ledger's thread-line marks (ADR 0003, "Replying once") against DynamoDB Local with the real SDK
 * client: every write conditional, so two attempts at one line never both post.
 */
class DynamoReplyMarksTest {

    /** Near the real time: DynamoDB Local's TTL deletes items whose expiresAt has passed. */
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final String CHANNEL = "C0LINES";
    private static final String THREAD = "1700000000.000001";
    private static final String KEY = "alert-1/v2/CLAIMED/1700000000000";

    @RegisterExtension
    static final DynamoDbLocalTables DYNAMODB = new DynamoDbLocalTables("replymarks-");

    private final MutableClock clock = new MutableClock(T0);
    private DynamoRenderLedger ledger;

    @BeforeEach
    void freshTable() {
        ledger = new DynamoRenderLedger(DYNAMODB.client(), DYNAMODB.freshTable(), clock);
    }

    @Test
    void markReply_shouldTellALaterAttemptOfTheFirst_untilTheLineIsRecordedPosted() {
        // GIVEN a first attempt's mark
        assertThat(ledger.markReply(CHANNEL, THREAD, KEY, T0)).isEmpty();

        // WHEN the same call is repeated (the SDK's retry of a write whose answer was lost) and a later attempt marks
        // THEN the first is its own again, the later one is told of it; once posted, every attempt is told so
        assertThat(ledger.markReply(CHANNEL, THREAD, KEY, T0)).isEmpty();
        assertThat(ledger.markReply(CHANNEL, THREAD, KEY, T0.plusSeconds(3))).contains(new ReplyMark(T0, false));
        ledger.recordReplied(CHANNEL, THREAD, KEY);
        assertThat(ledger.markReply(CHANNEL, THREAD, KEY, T0.plusSeconds(9))).contains(new ReplyMark(T0, true));
        // AND another line of the same thread is a line of its own
        assertThat(ledger.markReply(CHANNEL, THREAD, "alert-1/v3/RESOLVED/1700000060000", T0.plusSeconds(9))).isEmpty();
    }

    @Test
    void takeOverReply_shouldLetExactlyOneAttemptPost_whenManyTakeOverTheSameStaleMark() throws Exception {
        // GIVEN a stale mark, found by eight attempts at once
        ledger.markReply(CHANNEL, THREAD, KEY, T0);
        Instant later = T0.plus(Duration.ofMinutes(1));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> attempts = java.util.stream.IntStream.range(0, 8)
                    .<Callable<Boolean>>mapToObj(i -> () -> ledger.takeOverReply(CHANNEL, THREAD, KEY, T0,
                            later.plusMillis(i)))
                    .toList();

            // WHEN each takes it over
            List<Boolean> won = pool.invokeAll(attempts).stream().map(DynamoReplyMarksTest::get).toList();

            // THEN exactly one did
            assertThat(won).containsOnlyOnce(true);
        } finally {
            pool.shutdownNow();
        }
        // AND a posted line cannot be taken over
        ledger.recordReplied(CHANNEL, THREAD, KEY);
        ReplyMark mark = ledger.markReply(CHANNEL, THREAD, KEY, later.plusSeconds(60)).orElseThrow();
        assertThat(ledger.takeOverReply(CHANNEL, THREAD, KEY, mark.attempt(), later.plusSeconds(60))).isFalse();
    }

    @Test
    void forgetReply_shouldRemoveOnlyTheAttemptsOwnMark() {
        // GIVEN a first attempt's mark
        ledger.markReply(CHANNEL, THREAD, KEY, T0);

        // WHEN another attempt forgets its own (which is not there), then the first forgets its own
        ledger.forgetReply(CHANNEL, THREAD, KEY, T0.plusSeconds(1));
        assertThat(ledger.markReply(CHANNEL, THREAD, KEY, T0.plusSeconds(2))).contains(new ReplyMark(T0, false));
        ledger.forgetReply(CHANNEL, THREAD, KEY, T0);

        // THEN the next attempt is first again
        assertThat(ledger.markReply(CHANNEL, THREAD, KEY, T0.plusSeconds(3))).isEmpty();
    }

    private static boolean get(Future<Boolean> f) {
        try {
            return f.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
