package io.klaxon.slack.web;

import static io.klaxon.slack.testing.AlertSamples.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.slack.api.Slack;
import io.klaxon.aws.dynamodb.DynamoRenderLedger;
import io.klaxon.aws.testing.DynamoDbLocalTables;
import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.TimelineEntry;
import io.klaxon.domain.alert.TimelineKind;
import io.klaxon.domain.storm.Storm;
import io.klaxon.domain.testing.Fixtures;
import io.klaxon.domain.testing.MutableClock;
import io.klaxon.metrics.Metrics;
import io.klaxon.slack.SlackBusyException;
import io.klaxon.slack.SlackGateway;
import io.klaxon.slack.SlackGateway.MessageRef;
import io.klaxon.slack.SlackUnavailableException;
import io.klaxon.slack.render.AlertMessageRenderer;
import io.klaxon.slack.testing.SlackStubServer;
import io.klaxon.slack.testing.SlackStubServer.Posted;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Thread lines posted once across retries and lost answers (ADR 0003, "Replying once"): the real Slack SDK
 * against the stub, which keeps every line and answers {@code conversations.replies} as Slack does, and the
 * render ledger's reply marks on DynamoDB Local.
 */
class SlackThreadLinesTest {

    private static final String TOKEN = "xoxb-lines-test";
    /** Shorter than the stub's late answers, as the SDK's 10 s is shorter than a slow Slack's. */
    private static final int CLIENT_TIMEOUT_MILLIS = 300;

    @RegisterExtension
    static final DynamoDbLocalTables DYNAMODB = new DynamoDbLocalTables("lines-");

    /** Near the real time: DynamoDB Local's TTL deletes items whose expiresAt has passed. */
    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private SlackStubServer stub;
    private Slack slack;
    private SlackWebApiGateway gateway;

    @BeforeEach
    void start() {
        String table = DYNAMODB.freshTable();
        // Slack stamps lines with the clock's second, so a lookup since a time finds them.
        stub = SlackStubServer.start(clock);
        slack = stub.sdk(CLIENT_TIMEOUT_MILLIS);
        gateway = new SlackWebApiGateway(slack.methods(TOKEN), new AlertMessageRenderer(), "C0DEFAULT", null,
                SlackPacing.unpaced(), () -> new DynamoRenderLedger(DYNAMODB.client(), table, clock), Metrics.NONE, clock);
    }

    @AfterEach
    void stop() throws Exception {
        slack.close();
        stub.close();
    }

    private Alert posted() {
        Alert alert = Alert.open("alert-0001", Fixtures.firing("sig-1", clock.instant()), Fixtures.policy(), clock.instant());
        MessageRef ref = gateway.post(alert);
        return alert.withMessage(ref.channel(), ref.ts());
    }

    private TimelineEntry claimed() {
        return new TimelineEntry(clock.instant(), 2, TimelineKind.CLAIMED, Actor.slack("UALICE", "alice"), "Claimed by alice");
    }

    private List<Posted> thread(String threadTs) {
        return stub.messages(CHANNEL).stream().filter(m -> threadTs.equals(m.threadTs())).toList();
    }

    @Test
    void reply_shouldLeaveOneLine_whenSlackTookItButTheAnswerWasLostAndTheStepIsRetried() {
        // GIVEN an alert's message, and Slack storing its next thread line but answering after the client gave up
        Alert alert = posted();
        TimelineEntry entry = claimed();
        stub.answerLate("chat.postMessage", r -> r.param("thread_ts") != null, 1,
                Duration.ofMillis(CLIENT_TIMEOUT_MILLIS * 5L));
        assertThatThrownBy(() -> gateway.reply(alert, entry, List.of())).isInstanceOf(SlackUnavailableException.class);

        // WHEN the workflow retries the step a few seconds later: that attempt may still land, so the retry waits
        clock.advance(Duration.ofSeconds(3));
        assertThatThrownBy(() -> gateway.reply(alert, entry, List.of())).isInstanceOf(SlackBusyException.class);
        // AND retries it again once the attempt's lease ran out
        clock.advance(ThreadLines.LEASE.plusSeconds(1));
        gateway.reply(alert, entry, List.of());
        // AND once more, as a step that failed after replying would
        gateway.reply(alert, entry, List.of());

        // THEN the thread holds the line once, found in the thread instead of posted again
        assertThat(thread(alert.messageTs())).singleElement()
                .satisfies(line -> assertThat(line.text()).contains("Claimed by alice"));
        assertThat(stub.requests("chat.postMessage")).hasSize(2);
        assertThat(stub.requests("conversations.replies")).singleElement().satisfies(lookup -> {
            assertThat(lookup.param("ts")).isEqualTo(alert.messageTs());
            assertThat(lookup.param("include_all_metadata")).isEqualTo("1");
        });
    }

    @Test
    void reply_shouldPostAtOnceWithoutLooking_whenTheEarlierAttemptCouldNotConnect() {
        // GIVEN an alert's message, and Slack refusing connections when its next thread line is told, with no
        // connection left open (one Slack closed while idle fails ambiguously, and is rightly treated as uncertain)
        Alert alert = posted();
        TimelineEntry entry = claimed();
        stub.refuseConnections();
        slack.getHttpClient().getOkHttpClient().connectionPool().evictAll();
        assertThatThrownBy(() -> gateway.reply(alert, entry, List.of())).isInstanceOf(SlackUnavailableException.class)
                .satisfies(e -> assertThat(((SlackUnavailableException) e).certainlyNotSent()).as(e + ", cause " + e.getCause()).isTrue());

        // WHEN Slack is back and the step is retried a few seconds later, well inside an uncertain attempt's lease
        stub.acceptConnections();
        clock.advance(Duration.ofSeconds(3));
        gateway.reply(alert, entry, List.of());

        // THEN the line was posted once, at once: no wait for a lease, no lookup in the thread
        assertThat(thread(alert.messageTs())).singleElement()
                .satisfies(line -> assertThat(line.text()).contains("Claimed by alice"));
        assertThat(stub.requests("conversations.replies")).isEmpty();
    }

    @Test
    void reply_shouldCallSlackOncePerLine_whenEveryAnswerArrives() {
        // GIVEN an alert's message
        Alert alert = posted();
        int before = stub.requests().size();

        // WHEN two changes are told, and a retried step tells the first again
        TimelineEntry claim = claimed();
        gateway.reply(alert, claim, List.of());
        gateway.reply(alert, new TimelineEntry(clock.instant().plusSeconds(60), 3, TimelineKind.RESOLVED,
                Actor.slack("UALICE", "alice"), "Resolved by alice"), List.of());
        gateway.reply(alert, claim, List.of());

        // THEN Slack got one chat.postMessage per line and nothing else: no lookup on the happy path
        assertThat(stub.requests().subList(before, stub.requests().size()))
                .extracting(SlackStubServer.Request::method).containsExactly("chat.postMessage", "chat.postMessage");
        assertThat(thread(alert.messageTs())).hasSize(2);
        // AND each line names its change in its metadata
        JsonObject metadata = stub.requests("chat.postMessage").get(1).json("metadata").getAsJsonObject();
        assertThat(metadata.get("event_type").getAsString()).isEqualTo(ThreadLines.METADATA_EVENT_TYPE);
        assertThat(metadata.getAsJsonObject("event_payload").get("key").getAsString())
                .isEqualTo(SlackGateway.lineKey(alert, claim));
    }

    @Test
    void replyStorm_shouldPostTheLineOnce_whenSlackFailedItWith500AndTheStepIsRetried() {
        // GIVEN a storm's message, and Slack failing the next thread line with a 500
        Storm storm = new Storm("default", "storm-1", clock.instant(), null, null, null);
        MessageRef ref = gateway.postStorm(storm, CHANNEL, List.of());
        Storm shown = new Storm("default", "storm-1", storm.startedAt(), ref.channel(), ref.ts(), clock.instant());
        stub.respondNext("chat.postMessage", 500, "{\"ok\":false,\"error\":\"internal_error\"}");
        assertThatThrownBy(() -> gateway.replyStorm(shown, "storm-1/end", () -> ":sunny: Storm over"))
                .isInstanceOf(SlackUnavailableException.class);

        // WHEN the step is retried a few seconds later (Slack answered: nothing is in flight, no lease to wait out),
        // and again later
        clock.advance(Duration.ofSeconds(3));
        gateway.replyStorm(shown, "storm-1/end", () -> ":sunny: Storm over");
        gateway.replyStorm(shown, "storm-1/end", () -> ":sunny: Storm over");

        // THEN the thread holds the line once: the retry looked (Slack may have kept a line it answered 500 for),
        // found none, and posted it
        assertThat(thread(ref.ts())).singleElement().satisfies(line -> assertThat(line.text()).contains("Storm over"));
        assertThat(stub.requests("conversations.replies")).hasSize(1);
    }
}
