package io.klaxon.notify;

import static io.klaxon.notify.NotifyWorld.ALERT_ID;
import static io.klaxon.notify.NotifyWorld.op;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.workflow.TaskOp;
import io.klaxon.domain.workflow.TaskResult;
import io.klaxon.slack.SlackRejectedException;
import io.klaxon.slack.SlackUnavailableException;
import io.klaxon.slack.testing.SlackStubServer.Posted;
import io.klaxon.slack.testing.SlackStubServer.Request;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A retried post step never leaves a second message: the real Slack SDK, with a short timeout,
 * against a stub that keeps what was posted and can answer after the client gave up.
 */
class NotifyPostIdempotenceTest {

    private static final String CHANNEL = "C0123456789";
    private static final int CLIENT_TIMEOUT_MILLIS = 300;
    private static final Duration LATE = Duration.ofMillis(CLIENT_TIMEOUT_MILLIS * 5L);

    private final NotifyWorld world = NotifyWorld.withClientTimeout(CLIENT_TIMEOUT_MILLIS);

    /** Attempts that run at once; the common pool may have a single thread on a small machine. */
    private final ExecutorService attempts = Executors.newCachedThreadPool();

    @AfterEach
    void close() throws Exception {
        attempts.shutdownNow();
        world.close();
    }

    private List<Posted> topLevelMessages() {
        return world.slackStub.messages(CHANNEL).stream().filter(Posted::topLevel).toList();
    }

    private List<Request> topLevelPosts() {
        return world.slackStub.requests("chat.postMessage").stream().filter(r -> r.param("thread_ts") == null).toList();
    }

    @Test
    void post_shouldRecordTheMessageThatLanded_insteadOfPostingAgain_whenSlackAnsweredAfterTheClientGaveUp() {
        // GIVEN Slack stores the post but answers after the client's timeout: the step fails
        world.opened();
        world.slackStub.answerLate("chat.postMessage", r -> r.param("thread_ts") == null, 1, LATE);
        assertThatThrownBy(() -> world.notify.handle(op(TaskOp.POST))).isInstanceOf(SlackUnavailableException.class);
        assertThat(world.alerts.require(ALERT_ID).hasMessage()).isFalse();

        // WHEN the workflow retries the step a few seconds later
        world.clock.advance(Duration.ofSeconds(5));
        TaskResult result = world.notify.handle(op(TaskOp.POST));

        // THEN the channel holds one message for the alert: the retry found and recorded the first
        Posted landed = topLevelMessages().getFirst();
        assertThat(topLevelMessages()).hasSize(1);
        assertThat(topLevelPosts()).hasSize(1);
        Alert alert = world.alerts.require(ALERT_ID);
        assertThat(alert.messageTs()).isEqualTo(landed.ts());
        assertThat(alert.channel()).isEqualTo(CHANNEL);
        // AND it brought that message up to date and threaded the opening under it
        assertThat(world.slackStub.requests("chat.update")).singleElement()
                .satisfies(u -> assertThat(u.param("ts")).isEqualTo(landed.ts()));
        assertThat(world.slackStub.messages(CHANNEL)).filteredOn(m -> !m.topLevel()).singleElement()
                .satisfies(reply -> assertThat(reply.threadTs()).isEqualTo(landed.ts()));
        assertThat(result.event().detailType()).isEqualTo("Alert Opened");
        assertThat(result.event().detail().ts()).isEqualTo(landed.ts());
    }

    @Test
    void post_shouldPostOnce_whenTheEarlierAttemptNeverReachedSlack() {
        // GIVEN the first attempt failed before Slack stored anything
        world.opened();
        world.slackStub.respondNext("chat.postMessage", 503, "");
        assertThatThrownBy(() -> world.notify.handle(op(TaskOp.POST))).isInstanceOf(SlackUnavailableException.class);

        // WHEN the step is retried (Slack answered: that attempt is no longer in flight, its lease ended)
        world.clock.advance(Duration.ofSeconds(5));
        world.notify.handle(op(TaskOp.POST));

        // THEN it looked, found nothing, and posted the one message
        assertThat(world.slackStub.requests("conversations.history")).hasSize(1);
        assertThat(topLevelMessages()).singleElement()
                .satisfies(m -> assertThat(m.ts()).isEqualTo(world.alerts.require(ALERT_ID).messageTs()));
    }

    @Test
    void post_shouldNotLookAnythingUp_onTheFirstAttempt() {
        // GIVEN a freshly opened alert
        world.opened();

        // WHEN it is posted
        world.notify.handle(op(TaskOp.POST));

        // THEN one post, no history read: the lookup costs only retries
        assertThat(topLevelMessages()).hasSize(1);
        assertThat(world.slackStub.requests("conversations.history")).isEmpty();
    }

    @Test
    void post_shouldStillPost_whenSlackRefusesTheLookup() {
        // GIVEN a failed first attempt and an app without the history scope
        world.opened();
        world.slackStub.respondNext("chat.postMessage", 503, "");
        assertThatThrownBy(() -> world.notify.handle(op(TaskOp.POST))).isInstanceOf(SlackUnavailableException.class);
        world.slackStub.failNext("conversations.history", "missing_scope");

        // WHEN the step is retried THEN the alert still gets its message (a lost alert is worse than a doubt)
        world.clock.advance(Duration.ofSeconds(5));
        world.notify.handle(op(TaskOp.POST));
        assertThat(topLevelMessages()).hasSize(1);
        assertThat(world.alerts.require(ALERT_ID).hasMessage()).isTrue();
    }

    // ---- two attempts at once: the post intent is a lease ------------------------------------

    /** Long enough that a held request is never given up by the client while the test acts. */
    private static final int PATIENT_CLIENT_MILLIS = 10_000;
    private static final Duration HELD = Duration.ofSeconds(5);
    private static final Predicate<Request> TOP_LEVEL_POST =
            r -> r.method().equals("chat.postMessage") && r.param("thread_ts") == null;

    private static List<Posted> topLevelMessages(NotifyWorld w) {
        return w.slackStub.messages(CHANNEL).stream().filter(Posted::topLevel).toList();
    }

    private static List<Request> topLevelPosts(NotifyWorld w) {
        return w.slackStub.requests("chat.postMessage").stream().filter(r -> r.param("thread_ts") == null).toList();
    }

    private static Throwable failureOf(CompletableFuture<?> attempt) {
        try {
            attempt.join();
            return null;
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    @Test
    void post_shouldNotPostAndShouldRetry_whenAnotherAttemptIsPostingInsideItsLease() throws Exception {
        try (NotifyWorld w = NotifyWorld.withClientTimeout(PATIENT_CLIENT_MILLIS)) {
            // GIVEN the workflow's post is in flight: marked, its request at Slack, not stored yet
            w.opened();
            var slow = w.slackStub.holdFirst(TOP_LEVEL_POST);
            CompletableFuture<TaskResult> first = CompletableFuture.supplyAsync(() -> w.notify.handle(op(TaskOp.POST)), attempts);
            slow.awaitHeld(HELD);

            // WHEN an announcement that may post (an alert opened from its storm) runs 2 s later
            w.clock.advance(Duration.ofSeconds(2));
            var second = catchThrowable(() -> w.notify.handle(op(TaskOp.ANNOUNCE)));

            // THEN it posts nothing and fails with the error its workflow retries
            assertThat(second).isInstanceOf(MessageNotPostedException.class);
            assertThat(topLevelPosts(w)).as("only the held first attempt's request").hasSize(1);

            // AND once the first lands, the retried announcement edits that message: one message in all
            slow.release();
            first.join();
            w.clock.advance(Duration.ofSeconds(2));
            w.notify.handle(op(TaskOp.ANNOUNCE));
            assertThat(topLevelPosts(w)).hasSize(1);
            assertThat(topLevelMessages(w)).singleElement()
                    .satisfies(m -> assertThat(m.ts()).isEqualTo(w.alerts.require(ALERT_ID).messageTs()));
        }
    }

    @Test
    void post_shouldLetExactlyOneOfTwoAttemptsTakeOver_whenBothFindAStaleLease() throws Exception {
        try (NotifyWorld w = NotifyWorld.withClientTimeout(PATIENT_CLIENT_MILLIS)) {
            // GIVEN a first attempt failed without its message landing, and its lease ran out
            w.opened();
            w.slackStub.respondNext("chat.postMessage", 503, "");
            assertThatThrownBy(() -> w.notify.handle(op(TaskOp.POST))).isInstanceOf(SlackUnavailableException.class);
            w.clock.advance(NotifyService.POST_LEASE.plusSeconds(5));
            // AND two attempts both read that stale mark: the announcement's history lookup is held, then
            // the workflow's retry looks, takes the lease over and is posting (held at Slack)
            var lookup = w.slackStub.holdFirst(r -> r.method().equals("conversations.history"));
            var post = w.slackStub.holdFirst(TOP_LEVEL_POST);
            CompletableFuture<TaskResult> announce =
                    CompletableFuture.supplyAsync(() -> w.notify.handle(op(TaskOp.ANNOUNCE)), attempts);
            lookup.awaitHeld(HELD);
            CompletableFuture<TaskResult> retry = CompletableFuture.supplyAsync(() -> w.notify.handle(op(TaskOp.POST)), attempts);
            post.awaitHeld(HELD);

            // WHEN the announcement's lookup answers (no message yet) and it tries to take the lease over
            lookup.release();
            Throwable lost = failureOf(announce);
            post.release();
            Throwable won = failureOf(retry);

            // THEN it lost the takeover and posted nothing; the retry posted the one message
            assertThat(lost).isInstanceOf(MessageNotPostedException.class);
            assertThat(won).isNull();
            assertThat(topLevelPosts(w)).hasSize(2); // the 503 and the winner's
            assertThat(topLevelMessages(w)).singleElement()
                    .satisfies(m -> assertThat(m.ts()).isEqualTo(w.alerts.require(ALERT_ID).messageTs()));
        }
    }

    @Test
    void post_shouldGiveTheStaleMarkBack_whenTheAttemptThatTookItOverSentNothing() {
        // GIVEN a stale mark taken over by an attempt that Slack then refused (nothing sent)
        world.opened();
        world.slackStub.respondNext("chat.postMessage", 503, "");
        assertThatThrownBy(() -> world.notify.handle(op(TaskOp.POST))).isInstanceOf(SlackUnavailableException.class);
        world.clock.advance(NotifyService.POST_LEASE.plusSeconds(5));
        world.slackStub.failNext("chat.postMessage", "channel_not_found");
        assertThatThrownBy(() -> world.notify.handle(op(TaskOp.POST)))
                .isInstanceOf(SlackDeliveryFailingException.class).hasCauseInstanceOf(SlackRejectedException.class);

        // WHEN the step is retried a second later
        world.clock.advance(Duration.ofSeconds(1));
        world.notify.handle(op(TaskOp.POST));

        // THEN it did not wait out a lease of an attempt that sent nothing: it took over and posted
        assertThat(topLevelMessages()).singleElement()
                .satisfies(m -> assertThat(m.ts()).isEqualTo(world.alerts.require(ALERT_ID).messageTs()));
    }

    @Test
    void post_shouldWaitOutTheLease_whenTheEarlierAttemptGotNoAnswerAndItsMessageLandsLater() throws Exception {
        // GIVEN Slack takes the first post but neither stores nor answers it before the client gives up
        world.opened();
        var slow = world.slackStub.holdFirst(TOP_LEVEL_POST);
        assertThatThrownBy(() -> world.notify.handle(op(TaskOp.POST))).isInstanceOf(SlackUnavailableException.class);

        // WHEN the step is retried 5 s later, while that request may still land
        world.clock.advance(Duration.ofSeconds(5));
        Throwable retried = catchThrowable(() -> world.notify.handle(op(TaskOp.POST)));

        // THEN it finds no message yet, posts nothing and waits
        assertThat(retried).isInstanceOf(MessageNotPostedException.class);
        assertThat(topLevelPosts()).hasSize(1);
        // AND when Slack stores the first post after all, the next retry records that one: one message
        slow.release();
        long deadline = System.nanoTime() + HELD.toNanos();
        while (topLevelMessages().isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        world.clock.advance(Duration.ofSeconds(5));
        world.notify.handle(op(TaskOp.POST));
        assertThat(topLevelPosts()).hasSize(1);
        assertThat(topLevelMessages()).singleElement()
                .satisfies(m -> assertThat(m.ts()).isEqualTo(world.alerts.require(ALERT_ID).messageTs()));
    }

    @Test
    void post_shouldPostAtOnceWithoutLooking_whenTheEarlierAttemptCouldNotConnect() {
        // GIVEN Slack refuses connections: the first attempt fails before a byte of it reached Slack
        world.opened();
        world.slackStub.refuseConnections();
        Throwable first = catchThrowable(() -> world.notify.handle(op(TaskOp.POST)));
        assertThat(first).isInstanceOf(SlackUnavailableException.class)
                .satisfies(e -> assertThat(((SlackUnavailableException) e).certainlyNotSent()).isTrue());

        // WHEN Slack is back and the step is retried 5 s later, well inside an uncertain attempt's lease
        world.slackStub.acceptConnections();
        world.clock.advance(Duration.ofSeconds(5));
        world.notify.handle(op(TaskOp.POST));

        // THEN it posted the one message at once, without waiting and without searching the channel's history
        assertThat(world.slackStub.requests("conversations.history")).isEmpty();
        assertThat(topLevelPosts()).hasSize(1);
        assertThat(topLevelMessages()).singleElement()
                .satisfies(m -> assertThat(m.ts()).isEqualTo(world.alerts.require(ALERT_ID).messageTs()));
    }
}
