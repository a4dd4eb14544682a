package io.klaxon.aws.dynamodb;

import static io.klaxon.aws.dynamodb.AlertTable.EXPIRES_AT;
import static io.klaxon.aws.dynamodb.AlertTable.PK;
import static io.klaxon.aws.dynamodb.AlertTable.SK;

import io.klaxon.domain.port.PublishedAhead;
import io.klaxon.domain.port.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link PublishedAhead} in Klaxon's table: item {@code AHEAD#<alertId>} / {@code v<version>}, with an
 * expiry. Its own partition, so that reading an alert's timeline never meets it.
 */
public final class DynamoPublishedAhead implements PublishedAhead {

    public static final String AHEAD_PREFIX = "AHEAD#";
    /** Slack's retries of a step last days at most (the workflow's Retry); a month is ample. */
    private static final Duration KEEP = Duration.ofDays(30);

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoPublishedAhead(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public boolean contains(String alertId, long version) {
        try {
            Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key(alertId, version))
                    .consistentRead(true)).item();
            return item != null && !item.isEmpty();
        } catch (SdkException e) {
            throw unavailable("read", alertId, e);
        }
    }

    @Override
    public void record(String alertId, long version) {
        Map<String, AttributeValue> item = new HashMap<>(key(alertId, version));
        item.put(EXPIRES_AT, AttributeValue.builder().n(Long.toString(clock.instant().plus(KEEP).getEpochSecond()))
                .build());
        try {
            dynamo.putItem(b -> b.tableName(table).item(item));
        } catch (SdkException e) {
            throw unavailable("record", alertId, e);
        }
    }

    private StoreUnavailableException unavailable(String what, String alertId, SdkException e) {
        return new StoreUnavailableException("DynamoDB table '" + table + "': " + what + " event published ahead of "
                + alertId + ": " + e.getMessage(), e);
    }

    private static Map<String, AttributeValue> key(String alertId, long version) {
        return Map.of(PK, AttributeValue.builder().s(AHEAD_PREFIX + alertId).build(),
                SK, AttributeValue.builder().s("v" + version).build());
    }
}
