package io.klaxon.aws.dynamodb;

import static io.klaxon.domain.testing.Fixtures.ALARM_ARN;
import static io.klaxon.domain.testing.Fixtures.T0;
import static io.klaxon.domain.testing.Fixtures.firing;
import static io.klaxon.domain.testing.Fixtures.policy;
import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.aws.AwsFactory;
import io.klaxon.aws.testing.AnswerLosingProxy;
import io.klaxon.aws.testing.DynamoDbLocalTables;
import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.lifecycle.Command;
import io.klaxon.domain.service.AlertService;
import io.klaxon.domain.testing.MutableClock;
import java.time.Instant;
import io.micronaut.serde.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Conditional writes DynamoDB made whose answer never came back. The SDK (configured as every Klaxon function's
 * client is, by {@link AwsFactory}) sends such a request again, and the second attempt meets the first one's
 * write: a store that reads that as "someone else was first" drops work it did itself.
 */
class DynamoLostAnswerTest {

    @RegisterExtension
    static final DynamoDbLocalTables DYNAMODB = new DynamoDbLocalTables("lost-");

    private final MutableClock clock = new MutableClock(T0.plusSeconds(5));
    private AnswerLosingProxy proxy;
    private DynamoDbClient client;
    private DynamoAlertStore store;

    @BeforeEach
    void start() {
        proxy = AnswerLosingProxy.start(DYNAMODB.dynamoDb().endpoint());
        client = new AwsFactory("us-east-1", List.of()).dynamoDbClient(proxy.endpoint().toString());
        store = new DynamoAlertStore(client, DYNAMODB.freshTable(), ObjectMapper.getDefault(), clock);
    }

    @AfterEach
    void stop() {
        client.close();
        proxy.close();
    }

    @Test
    void markSignalSeen_shouldBeTrue_whenItsOwnFirstAttemptMadeTheMarkAndTheAnswerWasLost() {
        // GIVEN DynamoDB makes the mark and its answer is lost, so the SDK sends the put again
        proxy.loseNextAnswer((operation, body) -> operation.equals("PutItem") && body.contains("SIGNAL#"));

        // WHEN ingest marks a signal it has never seen
        boolean first = store.markSignalSeen("sns-1|abc", T0.plusSeconds(3600));

        // THEN it is the first time (the alert goes on), and a real redelivery afterwards is still a duplicate
        assertThat(proxy.lost()).containsExactly("PutItem");
        assertThat(first).as("the first sighting, whose mark this very call made").isTrue();
        assertThat(store.markSignalSeen("sns-1|abc", T0.plusSeconds(3600))).as("a redelivery").isFalse();
    }
    @Test
    void open_shouldOpenOneAlert_whenTheTransactionThatOpensItWasMadeAndItsAnswerLost() {
        // GIVEN DynamoDB commits the opening transaction and its answer is lost; the SDK sends it again with the
        // same client request token, which DynamoDB answers as done rather than running it a second time
        proxy.loseNextAnswer((operation, body) -> operation.equals("TransactWriteItems"));

        // WHEN an alarm opens
        var opened = service().open("a1", firing("s1", T0), policy());

        // THEN it is opened, once, and the key points at it
        assertThat(proxy.lost()).containsExactly("TransactWriteItems");
        assertThat(opened).isInstanceOf(AlertService.Opened.class);
        assertThat(store.findOpen(ALARM_ARN)).map(Alert::alertId).hasValue("a1");
        assertThat(store.timeline("a1")).extracting(e -> e.kind().name()).containsExactly("OPENED");
    }

    @Test
    void claim_shouldBeApplied_whenTheTransactionThatRecordsItWasMadeAndItsAnswerLost() {
        // GIVEN an open alert, and DynamoDB commits the claim but its answer is lost
        AlertService service = service();
        service.open("a1", firing("s1", T0), policy());
        proxy.loseNextAnswer((operation, body) -> operation.equals("TransactWriteItems"));

        // WHEN Alice claims it
        var claimed = service.act("a1", new Command.Claim(Actor.slack("UALICE", "alice"), 1L));

        // THEN the claim is applied once (handed on to the workflow), not refused as a lost race
        assertThat(proxy.lost()).containsExactly("TransactWriteItems");
        assertThat(claimed.applied()).as("applied").isTrue();
        assertThat(store.get("a1")).hasValueSatisfying(a -> {
            assertThat(a.state()).isEqualTo(AlertState.CLAIMED);
            assertThat(a.version()).isEqualTo(2);
        });
        assertThat(store.timeline("a1")).extracting(e -> e.kind().name()).containsExactly("OPENED", "CLAIMED");
    }

    @Test
    void recordPostIntent_shouldFindNoEarlierAttempt_whenItsOwnMarkWasMadeAndTheAnswerLost() {
        // GIVEN an open alert, and DynamoDB makes the post mark but its answer is lost
        service().open("a1", firing("s1", T0), policy());
        Instant at = T0.plusSeconds(10);
        proxy.loseNextAnswer((operation, body) -> operation.equals("UpdateItem"));

        // WHEN notify marks its first post attempt
        var earlier = store.recordPostIntent("a1", at);

        // THEN the mark is this attempt's own, so it posts now instead of waiting out a lease for itself
        assertThat(proxy.lost()).containsExactly("UpdateItem");
        assertThat(earlier).isEmpty();
    }

    @Test
    void takeOverPostIntent_shouldSucceed_whenItsOwnTakeOverWasMadeAndTheAnswerLost() {
        // GIVEN a stale mark, and DynamoDB replaces it but the answer is lost
        service().open("a1", firing("s1", T0), policy());
        Instant stale = T0.plusSeconds(10);
        Instant now = stale.plusSeconds(60);
        store.recordPostIntent("a1", stale);
        proxy.loseNextAnswer((operation, body) -> operation.equals("UpdateItem"));

        // WHEN a later attempt takes the mark over
        boolean taken = store.takeOverPostIntent("a1", stale, now);

        // THEN it holds the mark and posts, rather than reading its own take-over as another attempt's
        assertThat(proxy.lost()).containsExactly("UpdateItem");
        assertThat(taken).isTrue();
    }

    private AlertService service() {
        return new AlertService(store, clock);
    }
}
