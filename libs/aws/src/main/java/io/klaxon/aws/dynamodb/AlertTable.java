package io.klaxon.aws.dynamodb;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateGlobalSecondaryIndexAction;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * The single DynamoDB table Klaxon keeps its alerts in. {@code sam/template.yaml} and the local
 * runtime ({@link #create}) create exactly this layout; change both together.
 *
 * <p>Table: key {@code pk} (S, HASH) + {@code sk} (S, RANGE), billing {@code PAY_PER_REQUEST},
 * time-to-live attribute {@code expiresAt} (epoch seconds). One sparse global secondary index,
 * {@value #OPEN_BY_ROUTE} ({@code openRoute} HASH + {@code openSince} RANGE, keys only): it holds
 * exactly the open alerts, by route, for {@code /klaxon list}.
 *
 * <table>
 *   <caption>Items</caption>
 *   <tr><th>item</th><th>pk</th><th>sk</th><th>attributes</th></tr>
 *   <tr><td>alert (one occurrence)</td><td>{@code ALERT#<alertId>}</td><td>{@code META}</td>
 *       <td>{@code version} (N, the lifecycle version), {@code revision} (N, the condition of every write), {@code state} (S, the
 *       {@code AlertState} <em>name</em>), {@code alertKey} (S), {@code alert} (S, the whole
 *       {@code io.klaxon.domain.alert.Alert} as JSON written by Micronaut Serialization), and, once its
 *       message is about to be posted, {@code postIntentAt} (S, ISO-8601 instant; set once, never
 *       by a lifecycle write: see {@code AlertStore#recordPostIntent}; replaced only when a later
 *       attempt takes a stale one over, {@code AlertStore#takeOverPostIntent}); while the alert is open,
 *       {@code openRoute} (S, its route's name) and {@code openSince} (S, the opening instant, fixed
 *       width, then {@code #alertId}), which put it in the {@value #OPEN_BY_ROUTE} index; the write
 *       that resolves it removes both</td></tr>
 *   <tr><td>open-key pointer</td><td>{@code KEY#<alertKey>}</td><td>{@code OPEN}</td>
 *       <td>{@code alertId} (S). Exists while the key has an open occurrence, so at most one
 *       occurrence per key is open; deleted in the same transaction that resolves it.</td></tr>
 *   <tr><td>last-occurrence pointer</td><td>{@code KEY#<alertKey>}</td><td>{@code LAST}</td>
 *       <td>{@code alertId} (S). The key's most recent occurrence, open or resolved; written in the
 *       transaction that creates one (only while it still names the occurrence the creator read, whose
 *       revision that transaction checks), never deleted, so a FIRING can reopen an occurrence its
 *       recovery resolved (flap collapse).</td></tr>
 *   <tr><td>early recovery</td><td>{@code KEY#<alertKey>}</td><td>{@code RECOVERY}</td>
 *       <td>{@code signal} (S, the RECOVERED {@code AlertSignal} as JSON), {@code occurredAt} (N, its
 *       source time, epoch ms), {@code expiresAt} (N). A recovery that found no open occurrence of
 *       its key, kept a day for its delayed FIRING (ADR 0001); replaced only by a newer one, or once
 *       expired.</td></tr>
 *   <tr><td>timeline entry</td><td>{@code ALERT#<alertId>}</td>
 *       <td>{@code TL#<instant>#<version>#<n>}</td>
 *       <td>{@code kind} (S), {@code entry} (S, the {@code TimelineEntry} as JSON). The instant has a
 *       fixed width (nanoseconds, {@code Z}) and the version is zero-padded so that the sort key
 *       orders entries by time, then version; {@code n} is random and keeps keys unique.</td></tr>
 *   <tr><td>seen signal</td><td>{@code SIGNAL#<signalId>}</td><td>{@code SEEN}</td>
 *       <td>{@code expiresAt} (N, epoch seconds). DynamoDB's TTL deletes it some time after it
 *       expires; until then writers treat an expired item as absent. {@code markedBy} (S): a token of the
 *       delivery that made it, so that delivery knows its own mark when its first answer was lost.
 *       {@code publishingUntil} (N, epoch ms): present while the mark is unconfirmed (its delivery has not yet
 *       seen the bus take the signal), the end of that delivery's lease; removed when the delivery confirms.
 *       An unconfirmed mark past its lease is taken over by the next delivery (ADR 0006).</td></tr>
 *   <tr><td>delivery to a destination</td><td>{@code DELIVERY#<alertId>/v<version>/<TYPE>}</td><td>{@code <destination name>}</td>
 *       <td>{@code expiresAt} (N). Written by the deliver function once a destination took the change's
 *       event, so a retried event, or the same change published twice, skips it.</td></tr>
 *   <tr><td>call budget (Slack pacing, ADR 0013)</td><td>{@code BUDGET#<key>}</td><td>{@code BUDGET}</td>
 *       <td>{@code tat} (N, epoch ms: when the next call may go), {@code heldUntil} (N, epoch ms: a
 *       429's {@code Retry-After}), {@code rev} (N, the condition of every write), {@code expiresAt} (N).
 *       Written by {@code DynamoCallBudget}.</td></tr>
 *   <tr><td>rendered message (coalescing, ADR 0013)</td><td>{@code RENDERED#<channel>#<ts>}</td>
 *       <td>{@code RENDERED}</td><td>{@code revision} (N: the alert revision last claimed for a
 *       {@code chat.update} of that message; never lowered), {@code expiresAt} (N).</td></tr>
 *   <tr><td>an event published ahead of Slack (ADR 0012)</td><td>{@code AHEAD#<alertId>}</td>
 *       <td>{@code v<version>}</td><td>{@code expiresAt} (N). Written by notify when it put the event of
 *       the change that made that version on the bus while Slack failed the step telling it.</td></tr>
 *   <tr><td>an open, counted for storm mode (ADR 0014)</td><td>{@code OPENS#<route>}</td>
 *       <td>{@code <openedAt, epoch ms, 13 digits>#<alertId>}</td><td>{@code expiresAt} (N). Written by
 *       {@code DynamoStormWatch}, as are the three items below.</td></tr>
 *   <tr><td>a route's live storm</td><td>{@code STORM#<route>}</td><td>{@code CURRENT}</td>
 *       <td>{@code stormId} (S), {@code expiresAt} (N). Put only when absent; deleted when the storm ends.</td></tr>
 *   <tr><td>a storm</td><td>{@code STORMID#<stormId>}</td><td>{@code META}</td>
 *       <td>{@code route}, {@code startedAt}, {@code channel}, {@code messageTs}, {@code postIntentAt},
 *       {@code endedAt} (S), {@code rev} (N, render revisions of its message), {@code expiresAt} (N).</td></tr>
 *   <tr><td>an alert of a storm</td><td>{@code STORMID#<stormId>}</td><td>{@code MEMBER#<alertId>}</td>
 *       <td>{@code joinedAt} (N, epoch ms), {@code expiresAt} (N).</td></tr>
 * </table>
 */
public final class AlertTable {

    public static final String DEFAULT_NAME = "klaxon";

    public static final String PK = "pk";
    public static final String SK = "sk";
    public static final String EXPIRES_AT = "expiresAt";

    public static final String ALERT_PREFIX = "ALERT#";
    public static final String KEY_PREFIX = "KEY#";
    public static final String SIGNAL_PREFIX = "SIGNAL#";
    public static final String DELIVERY_PREFIX = "DELIVERY#";
    public static final String TIMELINE_PREFIX = "TL#";
    public static final String META = "META";
    public static final String OPEN = "OPEN";
    public static final String LAST = "LAST";
    public static final String SEEN = "SEEN";
    /** Sort key of the early-recovery item of a key, and its attributes. */
    public static final String RECOVERY = "RECOVERY";
    public static final String SIGNAL = "signal";
    public static final String OCCURRED_AT = "occurredAt";
    /** Attribute of the seen-signal item: the token of the call that made the mark. */
    public static final String MARKED_BY = "markedBy";
    /** Attribute of the seen-signal item while it is unconfirmed: the end of its delivery's lease. */
    public static final String PUBLISHING_UNTIL = "publishingUntil";

    /** Attributes of the alert (META) item. */
    public static final String VERSION = "version";
    /** Counts every write of the alert item; the condition of every replace (see {@code Alert}). */
    public static final String REVISION = "revision";
    public static final String STATE = "state";
    public static final String ALERT_KEY = "alertKey";
    public static final String ALERT = "alert";
    /** When the alert's message was first about to be posted (S, ISO-8601): bookkeeping, no revision. */
    public static final String POST_INTENT_AT = "postIntentAt";
    /** The open alert's route: the hash key of {@link #OPEN_BY_ROUTE}; absent once resolved. */
    public static final String OPEN_ROUTE = "openRoute";
    /** The open alert's opening instant (sortable) and id: the range key of {@link #OPEN_BY_ROUTE}. */
    public static final String OPEN_SINCE = "openSince";
    /** The sparse index of open alerts by route, newest last in key order. */
    public static final String OPEN_BY_ROUTE = "openByRoute";
    /** Attribute of the open-key pointer. */
    public static final String ALERT_ID = "alertId";
    /** Attributes of a timeline item. */
    public static final String KIND = "kind";
    public static final String ENTRY = "entry";

    /** Fixed width, so that the string order of sort keys is the time order. */
    private static final DateTimeFormatter SORTABLE_INSTANT = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 9, 9, true)
            .appendLiteral('Z')
            .toFormatter()
            .withZone(ZoneOffset.UTC);

    private static final Duration ACTIVE_WAIT = Duration.ofMinutes(2);

    private AlertTable() {
    }

    public static String alertPk(String alertId) {
        return ALERT_PREFIX + alertId;
    }

    public static String keyPk(String alertKey) {
        return KEY_PREFIX + alertKey;
    }

    public static String signalPk(String signalId) {
        return SIGNAL_PREFIX + signalId;
    }

    /** {@code <opened instant, fixed width>#<alertId>}: orders an index query by opening time. */
    public static String openSince(Instant openedAt, String alertId) {
        return SORTABLE_INSTANT.format(openedAt) + "#" + alertId;
    }

    /** {@code TL#<instant, fixed width>#<version, 19 digits>#<unique>}. */
    public static String timelineSk(Instant at, long version, String unique) {
        return TIMELINE_PREFIX + SORTABLE_INSTANT.format(at) + "#" + String.format("%019d", version) + "#" + unique;
    }

    /**
     * Creates the table with the layout above, waits until it is ACTIVE and enables TTL on
     * {@code expiresAt}. Does nothing when the table exists already, so the local runtime can call
     * it at every start against a persistent DynamoDB Local.
     */
    public static void create(DynamoDbClient dynamo, String tableName) {
        try {
            dynamo.createTable(b -> b.tableName(tableName)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            AttributeDefinition.builder().attributeName(PK).attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName(SK).attributeType(ScalarAttributeType.S).build(),
                            OPEN_ROUTE_ATTRIBUTE, OPEN_SINCE_ATTRIBUTE)
                    .keySchema(
                            KeySchemaElement.builder().attributeName(PK).keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName(SK).keyType(KeyType.RANGE).build())
                    .globalSecondaryIndexes(openByRoute()));
        } catch (ResourceInUseException exists) {
            // Already there (a second start against a persistent database): add the index if it
            // predates it.
            addOpenByRouteIfMissing(dynamo, tableName);
        }
        WaiterResponse<DescribeTableResponse> waited = dynamo.waiter().waitUntilTableExists(
                b -> b.tableName(tableName), w -> w.waitTimeout(ACTIVE_WAIT));
        if (waited.matched().exception().isPresent()) {
            throw new IllegalStateException("table " + tableName + " did not become ACTIVE",
                    waited.matched().exception().get());
        }
        try {
            dynamo.updateTimeToLive(b -> b.tableName(tableName).timeToLiveSpecification(
                    TimeToLiveSpecification.builder().attributeName(EXPIRES_AT).enabled(true).build()));
        } catch (DynamoDbException e) {
            // A second start against a persistent database: DynamoDB refuses to enable TTL twice.
            if (!ttlEnabled(dynamo, tableName)) {
                throw e;
            }
        }
    }

    private static final AttributeDefinition OPEN_ROUTE_ATTRIBUTE =
            AttributeDefinition.builder().attributeName(OPEN_ROUTE).attributeType(ScalarAttributeType.S).build();
    private static final AttributeDefinition OPEN_SINCE_ATTRIBUTE =
            AttributeDefinition.builder().attributeName(OPEN_SINCE).attributeType(ScalarAttributeType.S).build();

    /** Keys only: a list reads each alert item itself, consistently (an index read is eventually consistent). */
    private static GlobalSecondaryIndex openByRoute() {
        return GlobalSecondaryIndex.builder().indexName(OPEN_BY_ROUTE)
                .keySchema(KeySchemaElement.builder().attributeName(OPEN_ROUTE).keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(OPEN_SINCE).keyType(KeyType.RANGE).build())
                .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
                .build();
    }

    private static void addOpenByRouteIfMissing(DynamoDbClient dynamo, String tableName) {
        var table = dynamo.describeTable(b -> b.tableName(tableName)).table();
        boolean present = table.hasGlobalSecondaryIndexes() && table.globalSecondaryIndexes().stream()
                .anyMatch(i -> OPEN_BY_ROUTE.equals(i.indexName()));
        if (present) {
            return;
        }
        GlobalSecondaryIndex index = openByRoute();
        dynamo.updateTable(b -> b.tableName(tableName)
                .attributeDefinitions(OPEN_ROUTE_ATTRIBUTE, OPEN_SINCE_ATTRIBUTE)
                .globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder().create(CreateGlobalSecondaryIndexAction
                        .builder().indexName(index.indexName()).keySchema(index.keySchema())
                        .projection(index.projection()).build()).build()));
    }

    private static boolean ttlEnabled(DynamoDbClient dynamo, String tableName) {
        TimeToLiveStatus status = dynamo.describeTimeToLive(b -> b.tableName(tableName))
                .timeToLiveDescription().timeToLiveStatus();
        return status == TimeToLiveStatus.ENABLED || status == TimeToLiveStatus.ENABLING;
    }
}
