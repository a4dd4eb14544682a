package io.klaxon.deliver.aws;

import io.klaxon.aws.dynamodb.AlertTable;
import io.klaxon.deliver.DeliveryLedger;
import io.klaxon.domain.port.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The delivery ledger in Klaxon's table: item {@code DELIVERY#<change>} / {@code <destination>} (the change as
 * {@link io.klaxon.deliver.Notice#changeKey()} names it)
 * with {@code expiresAt} a week ahead (EventBridge stops retrying an event after 24 hours, Lambda's
 * asynchronous retries after 6; a week covers both with room), deleted by the table's TTL. For a
 * destination with state, item {@code DELIVERY#alert#<alertId>} / {@code <destination>} holds the
 * highest version it took ({@code version}) and whether it took a trigger ({@code opened}).
 */
public final class DynamoDeliveryLedger implements DeliveryLedger {

    static final Duration KEEP = Duration.ofDays(7);
    /** An alert's versions matter while it may still change: kept 90 days, as long as an execution may run. */
    static final Duration KEEP_VERSIONS = Duration.ofDays(90);
    private static final String VERSION = "version";
    /** On the same item as the version: set once the destination took a trigger for the alert. */
    private static final String OPENED = "opened";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoDeliveryLedger(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public boolean delivered(String change, String destination) {
        try {
            return dynamo.getItem(b -> b.tableName(table).key(key(change, destination)).consistentRead(true))
                    .hasItem();
        } catch (SdkException e) {
            throw new StoreUnavailableException("DynamoDB table '" + table + "': read delivery of " + change, e);
        }
    }

    @Override
    public void record(String change, String destination) {
        Map<String, AttributeValue> item = new HashMap<>(key(change, destination));
        item.put(AlertTable.EXPIRES_AT, AttributeValue.fromN(Long.toString(clock.instant().plus(KEEP).getEpochSecond())));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item));
        } catch (SdkException e) {
            throw new StoreUnavailableException("DynamoDB table '" + table + "': record delivery of " + change, e);
        }
    }

    @Override
    public long latestVersion(String alertId, String destination) {
        try {
            var item = dynamo.getItem(b -> b.tableName(table).key(alertKey(alertId, destination)).consistentRead(true));
            return item.hasItem() && item.item().containsKey(VERSION) ? Long.parseLong(item.item().get(VERSION).n()) : -1;
        } catch (SdkException e) {
            throw new StoreUnavailableException("DynamoDB table '" + table + "': read delivered version of " + alertId, e);
        }
    }

    @Override
    public long takeVersion(String alertId, String destination, long version) {
        AttributeValue v = AttributeValue.fromN(Long.toString(version));
        AttributeValue expires = AttributeValue.fromN(Long.toString(clock.instant().plus(KEEP_VERSIONS).getEpochSecond()));
        try {
            var updated = dynamo.updateItem(b -> b.tableName(table).key(alertKey(alertId, destination))
                    .updateExpression("SET #v = :v, #expires = :expires")
                    .conditionExpression("attribute_not_exists(#v) OR #v <= :v")
                    .expressionAttributeNames(Map.of("#v", VERSION, "#expires", AlertTable.EXPIRES_AT))
                    .expressionAttributeValues(Map.of(":v", v, ":expires", expires))
                    .returnValues(ReturnValue.UPDATED_OLD));
            return updated.hasAttributes() && updated.attributes().containsKey(VERSION)
                    ? Long.parseLong(updated.attributes().get(VERSION).n()) : -1;
        } catch (ConditionalCheckFailedException newerTaken) {
            // A newer version was taken first: say which, so the caller leaves this one untold.
            long newer = latestVersion(alertId, destination);
            return Math.max(newer, version + 1);
        } catch (SdkException e) {
            throw new StoreUnavailableException("DynamoDB table '" + table + "': take delivered version of " + alertId, e);
        }
    }

    @Override
    public boolean opened(String alertId, String destination) {
        try {
            var item = dynamo.getItem(b -> b.tableName(table).key(alertKey(alertId, destination)).consistentRead(true));
            return item.hasItem() && item.item().containsKey(OPENED) && Boolean.TRUE.equals(item.item().get(OPENED).bool());
        } catch (SdkException e) {
            throw new StoreUnavailableException("DynamoDB table '" + table + "': read whether " + alertId
                    + " was opened", e);
        }
    }

    @Override
    public void recordOpened(String alertId, String destination) {
        AttributeValue expires = AttributeValue.fromN(Long.toString(clock.instant().plus(KEEP_VERSIONS).getEpochSecond()));
        try {
            // An update of this one attribute (not a put): the version beside it, taken under its own
            // condition by a concurrent delivery, is left as it is.
            dynamo.updateItem(b -> b.tableName(table).key(alertKey(alertId, destination))
                    .updateExpression("SET #opened = :true, #expires = :expires")
                    .expressionAttributeNames(Map.of("#opened", OPENED, "#expires", AlertTable.EXPIRES_AT))
                    .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true), ":expires", expires)));
        } catch (SdkException e) {
            throw new StoreUnavailableException("DynamoDB table '" + table + "': record that " + alertId
                    + " was opened", e);
        }
    }

    private static Map<String, AttributeValue> alertKey(String alertId, String destination) {
        return Map.of(AlertTable.PK, AttributeValue.fromS(AlertTable.DELIVERY_PREFIX + "alert#" + alertId),
                AlertTable.SK, AttributeValue.fromS(destination));
    }

    private static Map<String, AttributeValue> key(String change, String destination) {
        return Map.of(AlertTable.PK, AttributeValue.fromS(AlertTable.DELIVERY_PREFIX + change),
                AlertTable.SK, AttributeValue.fromS(destination));
    }
}
