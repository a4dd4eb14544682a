package io.klaxon.aws.dynamodb;

import static io.klaxon.aws.dynamodb.AlertTable.EXPIRES_AT;
import static io.klaxon.aws.dynamodb.AlertTable.PK;
import static io.klaxon.aws.dynamodb.AlertTable.SK;

import io.klaxon.domain.port.RenderLedger;
import io.klaxon.domain.port.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@link RenderLedger} in Klaxon's table: item {@code RENDERED#<channel>#<ts>} / {@code RENDERED},
 * attributes {@code revision} (N, the newest claimed) and {@code shown} (N, the newest Slack took), each
 * raised only by a conditional update, never lowered.
 */
public final class DynamoRenderLedger implements RenderLedger {

    public static final String RENDERED_PREFIX = "RENDERED#";
    public static final String RENDERED_SK = "RENDERED";
    static final String REVISION = "revision";
    static final String SHOWN = "shown";
    /** An alert's message is edited for as long as it is open; a month covers all but the oldest. */
    private static final Duration KEEP = Duration.ofDays(30);

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoRenderLedger(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public long claimed(String channel, String ts) {
        return read(channel, ts, REVISION);
    }

    @Override
    public long shown(String channel, String ts) {
        return read(channel, ts, SHOWN);
    }

    @Override
    public void recordShown(String channel, String ts, long revision) {
        // Refused: a newer (or this very) render is recorded already, nothing to raise.
        raise(channel, ts, SHOWN, "<", revision);
    }

    private long read(String channel, String ts, String attribute) {
        try {
            Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key(channel, ts))
                    .consistentRead(true)).item();
            return item == null || !item.containsKey(attribute) ? -1 : Long.parseLong(item.get(attribute).n());
        } catch (SdkException e) {
            throw unavailable(e);
        }
    }

    @Override
    public boolean claim(String channel, String ts, long revision) {
        // The same revision may be claimed again: a retried render must go out.
        return raise(channel, ts, REVISION, "<=", revision);
    }

    /** Sets {@code attribute} to {@code revision} where it is absent or {@code attribute below revision}. */
    private boolean raise(String channel, String ts, String attribute, String below, long revision) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(channel, ts))
                    .updateExpression("SET #a = :rev, #exp = :exp")
                    .conditionExpression("attribute_not_exists(#a) OR #a " + below + " :rev")
                    .expressionAttributeNames(Map.of("#a", attribute, "#exp", EXPIRES_AT))
                    .expressionAttributeValues(Map.of(
                            ":rev", AttributeValue.builder().n(Long.toString(revision)).build(),
                            ":exp", AttributeValue.builder().n(Long.toString(
                                    clock.instant().plus(KEEP).getEpochSecond())).build())));
            return true;
        } catch (ConditionalCheckFailedException newer) {
            return false;
        } catch (SdkException e) {
            throw unavailable(e);
        }
    }

    private StoreUnavailableException unavailable(SdkException e) {
        return new StoreUnavailableException("DynamoDB table '" + table + "': render ledger failed: " + e.getMessage(), e);
    }

    private static Map<String, AttributeValue> key(String channel, String ts) {
        return Map.of(PK, AttributeValue.builder().s(RENDERED_PREFIX + channel + "#" + ts).build(),
                SK, AttributeValue.builder().s(RENDERED_SK).build());
    }
}
