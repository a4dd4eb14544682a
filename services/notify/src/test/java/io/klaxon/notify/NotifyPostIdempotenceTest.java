package io.klaxon.notify;

import static io.klaxon.notify.NotifyWorld.ALERT_ID;
import static io.klaxon.notify.NotifyWorld.op;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.workflow.TaskOp;
import io.klaxon.domain.workflow.TaskResult;
import io.klaxon.slack.SlackUnavailableException;
import io.klaxon.slack.testing.SlackStubServer.Posted;
import io.klaxon.slack.testing.SlackStubServer.Request;
import java.time.Duration;
import java.util.List;
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

    @AfterEach
    void close() throws Exception {
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

        // WHEN the step is retried
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
}
