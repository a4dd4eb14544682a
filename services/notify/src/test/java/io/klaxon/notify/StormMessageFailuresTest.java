package io.klaxon.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.slack.api.Slack;
import io.klaxon.aws.dynamodb.DynamoRenderLedger;
import io.klaxon.aws.dynamodb.DynamoStormWatch;
import io.klaxon.aws.testing.DynamoDbLocalTables;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.EscalationPolicy;
import io.klaxon.domain.service.AlertService;
import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.domain.storm.StormSettings;
import io.klaxon.domain.testing.Fixtures;
import io.klaxon.domain.testing.InMemoryAlertStore;
import io.klaxon.domain.testing.MutableClock;
import io.klaxon.metrics.Metrics;
import io.klaxon.slack.SlackBusyException;
import io.klaxon.slack.SlackUnavailableException;
import io.klaxon.slack.render.AlertMessageRenderer;
import io.klaxon.slack.testing.SlackStubServer;
import io.klaxon.slack.web.SlackPacing;
import io.klaxon.slack.web.SlackWebApiGateway;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The storm's message when Slack or a step fails part-way: its post and its end. The storm watch and the render
 * ledger on DynamoDB Local, the real Slack SDK against the stub, {@link StormMessages} as notify runs it.
 */
class StormMessageFailuresTest {

    @RegisterExtension
    static final DynamoDbLocalTables DYNAMODB = new DynamoDbLocalTables("stormmsg-");

    private static final StormSettings STORM = new StormSettings(1, 60);
    private static final EscalationPolicy POLICY = new EscalationPolicy("default", "C0STORM", 300, 3600,
            List.of(new EscalationPolicy.Level(List.of("U0ONCALL1"), false)), true, STORM);

    /** Near the real time: DynamoDB Local's TTL deletes items whose expiresAt has passed. */
    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private SlackStubServer stub;
    private Slack slack;
    private AlertService alerts;
    private StormMessages storms;
    private DynamoStormWatch watch;

    @BeforeEach
    void start() {
        String table = DYNAMODB.freshTable();
        // Slack stamps messages with the clock's second, so a lookup since a time finds them.
        stub = SlackStubServer.start(clock);
        slack = stub.sdk();
        alerts = new AlertService(new InMemoryAlertStore(), clock);
        DynamoStormWatch watch = new DynamoStormWatch(DYNAMODB.client(), table, clock);
        SlackWebApiGateway gateway = new SlackWebApiGateway(slack.methods("xoxb-storm-end"), new AlertMessageRenderer(),
                "C0STORM", null, SlackPacing.unpaced(), () -> new DynamoRenderLedger(DYNAMODB.client(), table, clock),
                Metrics.NONE, clock);
        this.watch = watch;
        storms = new StormMessages(alerts, () -> watch, gateway, clock);
    }

    @AfterEach
    void stop() throws Exception {
        slack.close();
        stub.close();
    }

    @Test
    void checkEnd_shouldShowTheStormEnded_whenTheRenderOfItsEndFailedAndTheStepIsRetried() {
        // GIVEN a storm of two alerts whose message is posted (threshold 1: the second open starts it, the
        // third joins; the first stays on its own)
        storms.place(open(1));
        Alert second = storms.place(open(2));
        Alert third = storms.place(open(3));
        assertThat(second.stormId()).isNotNull().isEqualTo(third.stormId());
        storms.refresh(second);
        storms.refresh(third);
        assertThat(stub.requests("chat.postMessage")).hasSize(1);
        // AND the route calm for a window, and Slack failing the render that shows the end
        clock.advance(Duration.ofSeconds(STORM.windowSeconds() * 3));
        stub.respondNext("chat.update", 500, "{\"ok\":false,\"error\":\"internal_error\"}");

        // WHEN a timer of an alert of the storm checks the end: the storm ends, "Storm over" is replied, and the
        // render that shows the end fails
        assertThatThrownBy(() -> storms.checkEnd(second)).isInstanceOf(SlackUnavailableException.class);
        int failed = stub.requests("chat.update").size();
        // AND the workflow retries that step
        storms.checkEnd(second);

        // THEN an update after the failed one (Slack took it: only one was scripted to fail) shows the storm
        // ended, and "Storm over" was said once
        assertThat(stub.requests("chat.update")).hasSizeGreaterThan(failed).last()
                .satisfies(update -> assertThat(update.param("blocks")).contains("*ended*"));
        assertThat(stub.requests("chat.postMessage")).filteredOn(r -> r.param("text").contains("Storm over")).hasSize(1);
        // AND a later check finds nothing newer to show
        int updates = stub.requests("chat.update").size();
        storms.checkEnd(third);
        assertThat(stub.requests("chat.update")).hasSize(updates);
    }

    @Test
    void checkEnd_shouldSayStormOverOnce_whenSlackFailedThatLineAndTheStepIsRetried() {
        // GIVEN a storm of two alerts whose message is posted
        storms.place(open(1));
        Alert second = storms.place(open(2));
        Alert third = storms.place(open(3));
        storms.refresh(second);
        storms.refresh(third);
        // AND the route calm for a window, and Slack failing the next post, the "Storm over" line, with a 500
        clock.advance(Duration.ofSeconds(STORM.windowSeconds() * 3));
        stub.respondNext("chat.postMessage", 500, "{\"ok\":false,\"error\":\"internal_error\"}");

        // WHEN a timer of an alert of the storm checks the end: the storm ends, and its line fails
        assertThatThrownBy(() -> storms.checkEnd(second)).isInstanceOf(SlackUnavailableException.class);
        assertThat(stub.requests("chat.postMessage")).last()
                .satisfies(failed -> assertThat(failed.param("text")).contains("Storm over"));
        // AND the workflow retries that step a few seconds later
        clock.advance(Duration.ofSeconds(3));
        storms.checkEnd(second);

        // THEN the storm's thread says "Storm over" exactly once, and the message shows the storm ended
        String stormTs = stub.messages("C0STORM").getFirst().ts();
        assertThat(stub.messages("C0STORM")).filteredOn(m -> stormTs.equals(m.threadTs()))
                .singleElement().satisfies(line -> assertThat(line.text()).contains("Storm over: 0 alerts opened"));
        assertThat(stub.requests("chat.update")).last()
                .satisfies(update -> assertThat(update.param("blocks")).contains("*ended*"));
        // AND a later timer that finds the storm ended calls Slack for nothing: the line and the end are shown
        int calls = stub.requests().size();
        clock.advance(Duration.ofMinutes(5));
        storms.checkEnd(third);
        assertThat(stub.requests()).hasSize(calls);
    }

    @Test
    void refresh_shouldPostTheStormMessageOnce_whenTwoStepsFindTheSameStaleMarkAtOnce() throws Exception {
        // GIVEN a storm of two alerts whose first post attempt marked the post and died before Slack had it
        storms.place(open(1));
        Alert second = storms.place(open(2));
        Alert third = storms.place(open(3));
        assertThat(watch.recordPostIntent(second.stormId(), clock.instant())).isEmpty();
        // AND its lease long run out
        clock.advance(NotifyService.POST_LEASE.plusSeconds(15));
        // AND Slack slow on the next post, so that a second step finds the same stale mark while the first posts
        SlackStubServer.Hold slowPost = stub.holdFirst(r -> r.method().equals("chat.postMessage"));

        // WHEN one step looks, finds nothing and posts (held by Slack)
        ExecutorService first = Executors.newSingleThreadExecutor();
        try {
            Future<?> posting = first.submit(() -> storms.refresh(second));
            slowPost.awaitHeld(Duration.ofSeconds(10));
            // AND a second step comes a second later, before that post is answered
            clock.advance(Duration.ofSeconds(1));
            Throwable waited = catchThrowable(() -> storms.refresh(third));
            slowPost.release();
            posting.get(10, TimeUnit.SECONDS);

            // THEN the second step waits for the first one's message instead of posting one of its own
            assertThat(waited).isInstanceOf(SlackBusyException.class);
        } finally {
            slowPost.release();
            first.shutdownNow();
        }
        // AND the channel holds one storm message, which the storm records
        assertThat(stub.messages("C0STORM")).filteredOn(SlackStubServer.Posted::topLevel).singleElement()
                .satisfies(m -> assertThat(watch.get(second.stormId()).orElseThrow().messageTs()).isEqualTo(m.ts()));
        // AND the second step's retry edits that message
        storms.refresh(third);
        assertThat(stub.messages("C0STORM")).filteredOn(SlackStubServer.Posted::topLevel).hasSize(1);
    }

    @Test
    void refresh_shouldPostTheStormMessageAtOnce_whenTheEarlierAttemptCouldNotConnect() {
        // GIVEN a storm whose message's first post could not connect to Slack (nothing reached it)
        storms.place(open(1));
        Alert second = storms.place(open(2));
        stub.refuseConnections();
        slack.getHttpClient().getOkHttpClient().connectionPool().evictAll();
        assertThatThrownBy(() -> storms.refresh(second)).isInstanceOf(SlackUnavailableException.class)
                .satisfies(e -> assertThat(((SlackUnavailableException) e).certainlyNotSent()).isTrue());

        // WHEN Slack is back and the step is retried a few seconds later, well inside an uncertain post's lease
        stub.acceptConnections();
        clock.advance(Duration.ofSeconds(3));
        storms.refresh(second);

        // THEN the storm's message was posted once, at once, without searching the channel's history
        assertThat(stub.messages("C0STORM")).filteredOn(SlackStubServer.Posted::topLevel).hasSize(1);
        assertThat(stub.requests("conversations.history")).isEmpty();
    }

    private Alert open(int n) {
        AlertSignal s = Fixtures.firing("sig-" + n, clock.instant());
        AlertSignal signal = new AlertSignal(s.schemaVersion(), s.alertKey() + "-" + n, s.signalId(), s.status(),
                s.severity(), s.title(), s.summary(), s.sourceKind(), s.account(), s.region(), s.resources(),
                s.occurredAt(), s.links(), s.labels());
        return alerts.open("alert-" + n, signal, POLICY).alert();
    }
}
