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
import io.klaxon.domain.port.SignalMark;
import io.klaxon.domain.port.StormWatch;
import io.klaxon.domain.service.AlertService;
import io.klaxon.domain.storm.Storm;
import io.klaxon.domain.testing.MutableClock;
import java.time.Instant;
import io.micronaut.serde.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

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
    private String table;
    private DynamoAlertStore store;

    @BeforeEach
    void start() {
        proxy = AnswerLosingProxy.start(DYNAMODB.dynamoDb().endpoint());
        client = new AwsFactory("us-east-1", List.of()).dynamoDbClient(proxy.endpoint().toString());
        table = DYNAMODB.freshTable();
        store = new DynamoAlertStore(client, table, ObjectMapper.getDefault(), clock);
    }

    @AfterEach
    void stop() {
        client.close();
        proxy.close();
    }

    @Test
    void markSignal_shouldHoldTheMark_whenItsOwnFirstAttemptMadeTheMarkAndTheAnswerWasLost() {
        // GIVEN DynamoDB makes the mark and its answer is lost, so the SDK sends the put again
        proxy.loseNextAnswer((operation, body) -> operation.equals("PutItem") && body.contains("SIGNAL#"));

        // WHEN ingest marks a signal it has never seen
        var first = store.markSignal("sns-1|abc", "delivery-1", T0, T0.plusSeconds(40), T0.plusSeconds(3600));
        store.confirmSignal("sns-1|abc", "delivery-1");

        // THEN it is the first time (the alert goes on), and a real redelivery afterwards is still a duplicate
        assertThat(proxy.lost()).containsExactly("PutItem");
        assertThat(first).as("the first sighting, whose mark this very call made").isEqualTo(new SignalMark.Held(false));
        assertThat(store.markSignal("sns-1|abc", "delivery-2", T0, T0.plusSeconds(40), T0.plusSeconds(3600)))
                .as("a redelivery").isEqualTo(new SignalMark.Published());
    }

    @Test
    void markSignal_shouldHoldTheMark_whenItsOwnTakeOverWasMadeAndTheAnswerWasLost() {
        // GIVEN an unconfirmed mark whose delivery died, and DynamoDB makes the take-over but its answer is lost
        store.markSignal("sns-1|abc", "died", T0, T0.plusSeconds(40), T0.plusSeconds(3600));
        Instant later = T0.plusSeconds(60);
        proxy.loseNextAnswer((operation, body) -> operation.equals("PutItem") && body.contains("SIGNAL#"));

        // WHEN the source's retry marks it
        var retry = store.markSignal("sns-1|abc", "retry", later, later.plusSeconds(40), later.plusSeconds(3600));

        // THEN the retry holds the mark (and publishes), rather than reading its own take-over as in flight
        assertThat(proxy.lost()).containsExactly("PutItem");
        assertThat(retry).isInstanceOf(SignalMark.Held.class);
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

    @Test
    void endStorm_shouldEndItAndReleaseTheRoute_whenItsOwnEndWasWrittenAndTheAnswerLost() {
        // GIVEN a storm on a route, and DynamoDB writes its end but the answer is lost
        StormWatch watch = new DynamoStormWatch(client, table, clock);
        watch.enter("db", "storm-a1", T0);
        proxy.loseNextAnswer((operation, body) -> operation.equals("UpdateItem") && body.contains("endedAt"));

        // WHEN the step that found the route calm ends it
        boolean ended = watch.end("storm-a1", T0.plusSeconds(120));

        // THEN this call ended it (so it announces the end) and the route is free for the next storm
        assertThat(proxy.lost()).containsExactly("UpdateItem");
        assertThat(ended).as("ended by this call").isTrue();
        assertThat(watch.current("db")).isEmpty();
    }

    @Test
    void enterStorm_shouldStartANewStorm_whenTheRouteStillPointsAtAnEndedOne() {
        // GIVEN a storm whose end was written but whose step failed before releasing the route (the pointer's
        // delete was throttled), as the DynamoDB writes of an earlier end leave it
        StormWatch watch = new DynamoStormWatch(client, table, clock);
        watch.enter("db", "storm-a1", T0);
        client.updateItem(b -> b.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS("STORMID#storm-a1"), "sk", AttributeValue.fromS("META")))
                .updateExpression("SET endedAt = :at")
                .expressionAttributeValues(Map.of(":at", AttributeValue.fromS(T0.plusSeconds(120).toString()))));

        // WHEN a new storm begins on the route
        Storm storm = watch.enter("db", "storm-a9", T0.plusSeconds(600));

        // THEN it is the new storm, not the ended one (whose message says it is over)
        assertThat(storm.stormId()).isEqualTo("storm-a9");
        assertThat(watch.current("db")).map(Storm::stormId).hasValue("storm-a9");
    }

    @Test
    void stormRecordPostIntent_shouldFindNoEarlierAttempt_whenItsOwnMarkWasMadeAndTheAnswerLost() {
        // GIVEN a storm, and DynamoDB makes the mark of its message's post but the answer is lost
        StormWatch watch = new DynamoStormWatch(client, table, clock);
        watch.enter("db", "storm-a1", T0);
        proxy.loseNextAnswer((operation, body) -> operation.equals("UpdateItem") && body.contains("postIntentAt"));

        // WHEN the step marks its post
        var earlier = watch.recordPostIntent("storm-a1", T0.plusSeconds(5));

        // THEN the mark is its own: it posts now, not after waiting out another step's take-over time
        assertThat(proxy.lost()).containsExactly("UpdateItem");
        assertThat(earlier).isEmpty();
    }

    private AlertService service() {
        return new AlertService(store, clock);
    }
}
