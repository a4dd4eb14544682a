package io.klaxon.slack.web;

import static io.klaxon.slack.testing.AlertSamples.ALICE;
import static io.klaxon.slack.testing.AlertSamples.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slack.api.Slack;
import io.klaxon.aws.dynamodb.DynamoRenderLedger;
import io.klaxon.aws.testing.DynamoDbLocalTables;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.port.RenderLedger;
import io.klaxon.domain.signal.Severity;
import io.klaxon.domain.storm.Storm;
import io.klaxon.domain.testing.Fixtures;
import io.klaxon.domain.testing.MutableClock;
import io.klaxon.slack.SlackBusyException;
import io.klaxon.slack.SlackGateway;
import io.klaxon.slack.SlackUnavailableException;
import io.klaxon.slack.render.AlertMessageRenderer;
import io.klaxon.slack.testing.AlertSamples;
import io.klaxon.slack.testing.SlackStubServer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A chat.update that would change nothing is not sent, and one that would is never skipped (ADR 0013,
 * "Unchanged content"): the gateway with the real Slack SDK against the stub, and the render ledger on DynamoDB
 * Local. The alert's revision grows with bookkeeping writes too, so a retried step renders the same content at a
 * higher revision: only the content tells.
 */
class SlackUnchangedRendersTest {

    private static final String TOKEN = "xoxb-test-token";
    /** Shorter than the stub's late answer: the SDK gives up on it, as on a lost answer. */
    private static final int READ_TIMEOUT_MS = 500;

    @RegisterExtension
    static final DynamoDbLocalTables DYNAMODB = new DynamoDbLocalTables("unchanged-");

    /** Near the real time: DynamoDB Local's TTL deletes items whose expiresAt has passed. */
    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final AtomicReference<RenderLedger> ledger = new AtomicReference<>();
    private SlackStubServer stub;
    private Slack slack;
    private SlackWebApiGateway gateway;

    @BeforeEach
    void start() {
        ledger.set(new DynamoRenderLedger(DYNAMODB.client(), DYNAMODB.freshTable(), clock));
        stub = SlackStubServer.start();
        slack = stub.sdk(READ_TIMEOUT_MS);
        gateway = new SlackWebApiGateway(slack.methods(TOKEN), new AlertMessageRenderer(), "C0DEFAULT", null,
                SlackPacing.unpaced(), ledger::get);
    }

    @AfterEach
    void stop() throws Exception {
        slack.close();
        stub.close();
    }

    /** Content X: the alert open and unclaimed. */
    private static Alert unclaimed(long revision) {
        return AlertSamples.unclaimed(Severity.HIGH).withRevision(revision);
    }

    /** Content Y: the alert claimed by Alice. */
    private static Alert claimed(long revision) {
        return AlertSamples.claimed(AlertSamples.unclaimed(Severity.HIGH), ALICE, Duration.ofMinutes(2))
                .withRevision(revision);
    }

    private List<SlackStubServer.Request> updates() {
        return stub.requests("chat.update");
    }

    @Test
    void update_shouldNotCallSlack_whenARetriedStepRendersWhatTheMessageShowsAlready() {
        // GIVEN the claimed alert was rendered at revision 5 and Slack took it
        gateway.update(claimed(5));

        // WHEN the step is retried after a bookkeeping write raised the revision to 7, the content the same
        gateway.update(claimed(7));

        // THEN Slack saw one chat.update; and an older render coming late is still skipped
        assertThat(updates()).hasSize(1);
        gateway.update(claimed(6));
        assertThat(updates()).hasSize(1);
    }

    @Test
    void update_shouldCallSlack_whenTheContentChanged_evenBackToAContentShownBefore() {
        // GIVEN X shown at revision 5
        gateway.update(unclaimed(5));

        // WHEN Y is rendered at 6, then X again at 7
        gateway.update(claimed(6));
        gateway.update(unclaimed(7));

        // THEN every one went out, the last one showing X
        assertThat(updates()).hasSize(3);
        assertThat(updates().get(2).param("blocks")).isEqualTo(updates().get(0).param("blocks"));
    }

    @Test
    void update_shouldCallSlack_whenAnOlderRenderOfOtherContentIsUnderWay_andTheOlderOneRendersAgainAfter()
            throws Exception {
        // GIVEN X shown at revision 5, and B (revision 6, content Y) on its way: Slack holds it unanswered
        gateway.update(unclaimed(5));
        SlackStubServer.Hold hold = stub.holdFirst(r -> r.method().equals("chat.update"));
        CompletableFuture<Void> b = CompletableFuture.runAsync(() -> gateway.update(claimed(6)));
        hold.awaitHeld(Duration.ofSeconds(10));

        // WHEN A (revision 7, content X, what the ledger last recorded) renders meanwhile
        gateway.update(unclaimed(7));

        // THEN A went out: B's Y may land after it
        assertThat(updates()).hasSize(3);
        assertThat(updates().get(2).param("blocks")).isEqualTo(updates().get(0).param("blocks"));

        // WHEN B's Y lands last (Slack shows Y now), B learns a newer render claimed the message, and its step is
        // retried with the alert as it is then (revision 7, content X)
        hold.release();
        assertThatThrownBy(b::join).hasCauseInstanceOf(SlackBusyException.class);
        gateway.update(unclaimed(7));

        // THEN the retry goes out too: X is not known to be what the message shows
        assertThat(updates()).hasSize(4);
        assertThat(updates().get(3).param("blocks")).isEqualTo(updates().get(0).param("blocks"));
    }

    @Test
    void update_shouldDeferToARenderOfTheSameContentOnItsWay_andNotCallSlack_onceThatOneLanded() throws Exception {
        // GIVEN Y shown at revision 5, and a render of X (revision 6) on its way: Slack holds it unanswered
        gateway.update(claimed(5));
        SlackStubServer.Hold hold = stub.holdFirst(r -> r.method().equals("chat.update"));
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> gateway.update(unclaimed(6)));
        hold.awaitHeld(Duration.ofSeconds(10));

        // WHEN another step renders X (revision 7) meanwhile
        // THEN it is told to come back, and calls nobody
        assertThatThrownBy(() -> gateway.update(unclaimed(7))).isInstanceOf(SlackBusyException.class)
                .hasMessageContaining("same content");
        assertThat(updates()).hasSize(2);

        // WHEN the first lands, and the second step is retried
        hold.release();
        first.join();
        gateway.update(unclaimed(7));

        // THEN Slack saw no third update
        assertThat(updates()).hasSize(2);
    }

    @Test
    void update_shouldCallSlack_whenTheLedgerCannotAnswer() {
        // GIVEN X shown at revision 5 and recorded; then the ledger's table stops answering
        gateway.update(unclaimed(5));
        ledger.set(new DynamoRenderLedger(DYNAMODB.client(), "no-such-table", clock));

        // WHEN the step is retried with the same content
        gateway.update(unclaimed(6));

        // THEN it goes out: an extra edit beats a lost one
        assertThat(updates()).hasSize(2);
    }

    @Test
    void update_shouldCallSlackAgain_whenTheFirstAnswerWasLost() {
        // GIVEN Slack takes the render of revision 5 and its answer never arrives
        stub.answerLate("chat.update", r -> true, 1, Duration.ofMillis(READ_TIMEOUT_MS * 4L));
        assertThatThrownBy(() -> gateway.update(claimed(5))).isInstanceOf(SlackUnavailableException.class);

        // WHEN the step is retried with the same content
        gateway.update(claimed(5));

        // THEN it goes out again (nothing recorded that Slack took it); and once that landed, a third is skipped
        assertThat(updates()).hasSize(2);
        gateway.update(claimed(6));
        assertThat(updates()).hasSize(2);
    }

    @Test
    void update_shouldNotSendTheTextOnlyEditAgain_whenSlackRefusedTheBlocksAndShowsThatTextAlready() {
        // GIVEN Slack refused the blocks and took the text-only edit
        stub.failNext("chat.update", "invalid_blocks");
        gateway.update(claimed(5));
        assertThat(updates()).hasSize(2);

        // WHEN the step is retried and Slack refuses the blocks again
        stub.failNext("chat.update", "invalid_blocks");
        gateway.update(claimed(6));

        // THEN only the blocks were tried: the text only is what the message shows
        assertThat(updates()).hasSize(3);
        assertThat(updates().get(2).param("blocks")).isNotEqualTo("[]");
    }

    @Test
    void updateStorm_shouldNotCallSlack_whenTheStormMessageShowsTheseAlertsAlready_andCallIt_whenTheyChanged() {
        // GIVEN a storm's message showing three alerts, rendered at revision 1
        List<Alert> members = List.of(member(1), member(2), member(3));
        SlackGateway.MessageRef ref = gateway.postStorm(new Storm("default", "storm-1", T0, null, null, null),
                "C0STORM", members);
        Storm storm = new Storm("default", "storm-1", T0, ref.channel(), ref.ts(), null);
        gateway.updateStorm(storm, members, 1);

        // WHEN a step of revision 2 renders the same three alerts
        gateway.updateStorm(storm, members, 2);

        // THEN Slack saw one chat.update
        assertThat(updates()).hasSize(1);

        // WHEN a step of revision 3 renders two
        gateway.updateStorm(storm, members.subList(0, 2), 3);

        // THEN it went out
        assertThat(updates()).hasSize(2);
    }

    private static Alert member(int n) {
        return Alert.open("alert-" + n, Fixtures.firing("sig-" + n, T0), Fixtures.policy(), T0);
    }
}
