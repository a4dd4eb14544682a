package io.klaxon.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slack.api.Slack;
import io.klaxon.aws.dynamodb.DynamoRenderLedger;
import io.klaxon.aws.testing.DynamoDbLocalTables;
import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.lifecycle.Command;
import io.klaxon.domain.service.AlertService;
import io.klaxon.domain.testing.Fixtures;
import io.klaxon.domain.testing.InMemoryAlertStore;
import io.klaxon.domain.testing.MutableClock;
import io.klaxon.domain.workflow.TaskOp;
import io.klaxon.domain.workflow.TaskRequest;
import io.klaxon.metrics.Metrics;
import io.klaxon.slack.SlackBusyException;
import io.klaxon.slack.SlackUnavailableException;
import io.klaxon.slack.render.AlertMessageRenderer;
import io.klaxon.slack.testing.SlackStubServer;
import io.klaxon.slack.testing.SlackStubServer.Posted;
import io.klaxon.slack.web.SlackPacing;
import io.klaxon.slack.web.SlackWebApiGateway;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Notify's thread lines across the workflow's retries when Slack's answer is lost: the real Slack SDK against
 * the stub (which keeps every line and answers late when told), the render ledger's reply marks on DynamoDB
 * Local, {@link NotifyService} as the workflow calls it.
 */
class NotifyThreadLinesTest {

    @RegisterExtension
    static final DynamoDbLocalTables DYNAMODB = new DynamoDbLocalTables("notifylines-");

    private static final String ALERT_ID = "exec-0001";
    private static final Actor ALICE = Actor.slack("U0ALICE01", "alice");
    /** Shorter than the stub's late answers, as the SDK's 10 s is shorter than a slow Slack's. */
    private static final int CLIENT_TIMEOUT_MILLIS = 300;

    /** Near the real time: DynamoDB Local's TTL deletes items whose expiresAt has passed. */
    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private SlackStubServer stub;
    private Slack slack;
    private AlertService alerts;
    private NotifyService notify;

    @BeforeEach
    void start() {
        String table = DYNAMODB.freshTable();
        stub = SlackStubServer.start(clock);
        slack = stub.sdk(CLIENT_TIMEOUT_MILLIS);
        alerts = new AlertService(new InMemoryAlertStore(), clock);
        SlackWebApiGateway gateway = new SlackWebApiGateway(slack.methods("xoxb-notify-lines"), new AlertMessageRenderer(),
                null, null, SlackPacing.unpaced(), () -> new DynamoRenderLedger(DYNAMODB.client(), table, clock),
                Metrics.NONE, clock);
        notify = new NotifyService(alerts, gateway, new EscalationMentions(Map.of()), clock);
    }

    @AfterEach
    void stop() throws Exception {
        slack.close();
        stub.close();
    }

    private List<Posted> thread() {
        Alert alert = alerts.require(ALERT_ID);
        return stub.messages(alert.channel()).stream().filter(m -> alert.messageTs().equals(m.threadTs())).toList();
    }

    @Test
    void remind_shouldRemindOnce_whenSlackTookTheReminderButItsAnswerWasLostAndTheStepIsRetried() {
        // GIVEN an alert posted, claimed by alice an hour ago
        alerts.open(ALERT_ID, Fixtures.firing("sig-1", clock.instant()), Fixtures.policy());
        notify.handle(TaskRequest.of(TaskOp.POST, ALERT_ID));
        alerts.act(ALERT_ID, new Command.Claim(ALICE, alerts.require(ALERT_ID).version()));
        clock.advance(Duration.ofHours(1));
        // AND Slack storing the reminder but answering after the client gave up
        stub.answerLate("chat.postMessage", r -> r.param("text").contains("Still claimed"), 1,
                Duration.ofMillis(CLIENT_TIMEOUT_MILLIS * 5L));
        assertThatThrownBy(() -> notify.handle(TaskRequest.of(TaskOp.REMIND, ALERT_ID)))
                .isInstanceOf(SlackUnavailableException.class);

        // WHEN the workflow retries the step: first while that attempt may still land, then after its lease
        clock.advance(Duration.ofSeconds(3));
        assertThatThrownBy(() -> notify.handle(TaskRequest.of(TaskOp.REMIND, ALERT_ID)))
                .isInstanceOf(SlackBusyException.class);
        clock.advance(Duration.ofMinutes(1));
        notify.handle(TaskRequest.of(TaskOp.REMIND, ALERT_ID));

        // THEN alice was reminded once (the retry, a minute later, named the same reminder and found it)
        assertThat(thread()).filteredOn(m -> m.text().contains("Still claimed")).singleElement()
                .satisfies(m -> assertThat(m.text()).startsWith("<@U0ALICE01> "));
        // AND the next reminder, an hour later, is a line of its own
        clock.advance(Duration.ofHours(1));
        notify.handle(TaskRequest.of(TaskOp.REMIND, ALERT_ID));
        assertThat(thread()).filteredOn(m -> m.text().contains("Still claimed")).hasSize(2);
    }
}
