package io.klaxon.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.aws.testing.DynamoDbLocalTables;
import io.klaxon.domain.port.StormWatch;
import io.klaxon.domain.storm.Storm;
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

/** {@link DynamoStormWatch} against DynamoDB Local with the real SDK client (ADR 0014). */
class DynamoStormWatchTest {

    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Duration WINDOW = Duration.ofSeconds(60);

    @RegisterExtension
    static final DynamoDbLocalTables DYNAMODB = new DynamoDbLocalTables("storm-");

    private final MutableClock clock = new MutableClock(T0);
    private StormWatch watch;

    @BeforeEach
    void freshTable() {
        String table = DYNAMODB.freshTable();
        watch = new DynamoStormWatch(DYNAMODB.client(), table, clock);
    }

    @Test
    void recordOpen_shouldCountEachOpenOnce_whenARetriedStepRecordsItAgain() {
        // GIVEN two opens on a route
        watch.recordOpen("db", "a1", T0, WINDOW);
        watch.recordOpen("db", "a2", T0.plusSeconds(1), WINDOW);

        // WHEN a retried step records a2 again
        StormWatch.Opens again = watch.recordOpen("db", "a2", T0.plusSeconds(1), WINDOW);

        // THEN it counts two and knows it is not the first record, and another route counts none
        assertThat(again).isEqualTo(new StormWatch.Opens(2, false));
        assertThat(watch.countOpens("web", T0.plusSeconds(1), WINDOW)).isZero();
    }

    @Test
    void countOpens_shouldForgetOpensOlderThanTheWindow_whenTimePasses() {
        // GIVEN three opens, the first 61 s before the last
        watch.recordOpen("db", "a1", T0, WINDOW);
        watch.recordOpen("db", "a2", T0.plusSeconds(30), WINDOW);
        watch.recordOpen("db", "a3", T0.plusSeconds(61), WINDOW);

        // WHEN counting at the last one, and a window after it
        int now = watch.countOpens("db", T0.plusSeconds(61), WINDOW);
        int later = watch.countOpens("db", T0.plusSeconds(121), WINDOW);

        // THEN the sliding window holds two, then none
        assertThat(now).isEqualTo(2);
        assertThat(later).isZero();
    }

    @Test
    void recordOpen_shouldLetAtMostThresholdOpensCountAtOrBelowIt_whenManyOpenAtOnce() throws Exception {
        // GIVEN 30 opens recorded at the same moment by 8 threads
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> counts = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String id = "a" + i;
            Callable<Integer> open = () -> {
                go.await();
                return watch.recordOpen("db", id, T0, WINDOW).count();
            };
            counts.add(pool.submit(open));
        }

        // WHEN they all go
        go.countDown();
        List<Integer> seen = new ArrayList<>();
        for (Future<Integer> f : counts) {
            seen.add(f.get());
        }
        pool.shutdown();

        // THEN each saw at least itself, at most 5 saw 5 or fewer (so at most 5 post on their own), and all count 30
        assertThat(seen).allMatch(c -> c >= 1 && c <= 30);
        assertThat(seen.stream().filter(c -> c <= 5).count()).isLessThanOrEqualTo(5);
        assertThat(watch.countOpens("db", T0, WINDOW)).isEqualTo(30);
    }

    @Test
    void enter_shouldGiveEveryCallerTheSameStorm_whenManyEnterAtOnce() throws Exception {
        // GIVEN 10 callers entering storm mode on one route at once, each with its own candidate id
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Storm>> storms = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String id = "storm-" + i;
            storms.add(pool.submit(() -> {
                go.await();
                return watch.enter("db", id, T0);
            }));
        }

        // WHEN they go
        go.countDown();
        List<String> ids = new ArrayList<>();
        for (Future<Storm> f : storms) {
            ids.add(f.get().stormId());
        }
        pool.shutdown();

        // THEN there is one storm, and it is the route's current one
        assertThat(ids).containsOnly(ids.getFirst());
        assertThat(watch.current("db")).map(Storm::stormId).contains(ids.getFirst());
    }

    @Test
    void end_shouldReleaseTheRouteOnce_whenTwoStepsEndTheStorm() {
        // GIVEN a storm with two alerts and its message
        Storm storm = watch.enter("db", "storm-1", T0);
        watch.join(storm.stormId(), "a1");
        watch.join(storm.stormId(), "a2");
        watch.join(storm.stormId(), "a1");
        watch.recordMessage(storm.stormId(), "C1", "1.000001");

        // WHEN two steps end it
        boolean first = watch.end(storm.stormId(), T0.plusSeconds(90));
        boolean second = watch.end(storm.stormId(), T0.plusSeconds(91));

        // THEN only the first one announces, the route is free, and the storm keeps its alerts and message
        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(watch.current("db")).isEmpty();
        assertThat(watch.members(storm.stormId())).containsExactly("a1", "a2");
        assertThat(watch.get(storm.stormId())).get().satisfies(s -> {
            assertThat(s.ended()).isTrue();
            assertThat(s.messageTs()).isEqualTo("1.000001");
        });
    }

    @Test
    void recordPostIntent_shouldReturnTheFirstMark_whenASecondStepTriesToPost() {
        // GIVEN a storm whose message a first step is about to post
        Storm storm = watch.enter("db", "storm-1", T0);
        assertThat(watch.recordPostIntent(storm.stormId(), T0)).isEmpty();

        // WHEN a second step tries
        var second = watch.recordPostIntent(storm.stormId(), T0.plusSeconds(1));

        // THEN it learns of the first; a forgotten mark lets the next one post
        assertThat(second).contains(T0);
        watch.forgetPostIntent(storm.stormId(), T0);
        assertThat(watch.recordPostIntent(storm.stormId(), T0.plusSeconds(2))).isEmpty();
        assertThat(watch.nextRevision(storm.stormId())).isLessThan(watch.nextRevision(storm.stormId()));
    }

    @Test
    void takeOverPostIntent_shouldLetExactlyOneStepTakeAStaleMark_andRecogniseItsOwn() {
        // GIVEN a storm whose first post attempt marked the post at T0 and died
        Storm storm = watch.enter("db", "storm-1", T0);
        assertThat(watch.recordPostIntent(storm.stormId(), T0)).isEmpty();

        // WHEN two later steps both read that stale mark and try to take it over
        boolean first = watch.takeOverPostIntent(storm.stormId(), T0, T0.plusSeconds(60));
        boolean second = watch.takeOverPostIntent(storm.stormId(), T0, T0.plusSeconds(61));

        // THEN only the first holds it, and a retry of its own call (its answer lost) is told it holds it
        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(watch.takeOverPostIntent(storm.stormId(), T0, T0.plusSeconds(60))).isTrue();
        assertThat(watch.recordPostIntent(storm.stormId(), T0.plusSeconds(62))).contains(T0.plusSeconds(60));
    }

    @Test
    void revisionFor_shouldGiveARetryTheSameRevision_andANewChangeANewerOne() {
        // GIVEN a storm with two members, one of which asked for a render of its revision 3
        Storm storm = watch.enter("db", "storm-1", T0);
        watch.join(storm.stormId(), "a1");
        watch.join(storm.stormId(), "a2");
        long first = watch.revisionFor(storm.stormId(), "a1", 3);

        // WHEN the step is retried, the other member changes, and a1 changes again
        long retried = watch.revisionFor(storm.stormId(), "a1", 3);
        long other = watch.revisionFor(storm.stormId(), "a2", 1);
        long changed = watch.revisionFor(storm.stormId(), "a1", 4);

        // THEN the retry keeps its number, each change gets a newer one, and the newest is known
        assertThat(retried).isEqualTo(first);
        assertThat(other).isGreaterThan(first);
        assertThat(changed).isGreaterThan(other);
        assertThat(watch.newestRevision(storm.stormId())).isEqualTo(changed);
    }

    @Test
    void revisionFor_shouldStillGiveARevision_whenTheAlertLeftTheStorm() {
        // GIVEN a storm whose member a1 was opened as its own message
        Storm storm = watch.enter("db", "storm-1", T0);
        assertThat(watch.newestRevision(storm.stormId())).isZero();
        watch.join(storm.stormId(), "a1");
        watch.leave(storm.stormId(), "a1");

        // WHEN a render is asked for it twice
        long once = watch.revisionFor(storm.stormId(), "a1", 2);
        long twice = watch.revisionFor(storm.stormId(), "a1", 2);

        // THEN each ask gets a new revision (nothing is remembered for a non-member) and it is not a member again
        assertThat(twice).isGreaterThan(once);
        assertThat(watch.members(storm.stormId())).doesNotContain("a1");
    }
}
