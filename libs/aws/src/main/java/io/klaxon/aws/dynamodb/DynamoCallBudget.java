package io.klaxon.aws.dynamodb;

import static io.klaxon.aws.dynamodb.AlertTable.EXPIRES_AT;
import static io.klaxon.aws.dynamodb.AlertTable.PK;
import static io.klaxon.aws.dynamodb.AlertTable.SK;

import io.klaxon.domain.port.CallBudget;
import io.klaxon.domain.port.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@link CallBudget} in Klaxon's table ({@link AlertTable}, item {@code BUDGET#<key>} / {@code BUDGET}),
 * so every Lambda shares it.
 *
 * <p>Each key keeps {@code tat} (the theoretical arrival time of the next call, epoch ms),
 * {@code heldUntil} (epoch ms) and {@code rev}. Taking a slot reads the item (strongly consistent),
 * computes the slot and writes the new {@code tat} on condition that {@code rev} did not move; a
 * taker that lost the race reads again. So two takers never get the same slot, and a hold-off
 * written meanwhile (it moves {@code rev} too) is never missed.
 */
public final class DynamoCallBudget implements CallBudget {

    public static final String BUDGET_PREFIX = "BUDGET#";
    public static final String BUDGET_SK = "BUDGET";
    static final String TAT = "tat";
    static final String HELD_UNTIL = "heldUntil";
    static final String REV = "rev";
    /** Races lost in a row before the taker gives up for now (it is then told to come back shortly). */
    static final int ATTEMPTS = 25;
    /** Budgets outlive their last slot a little, then DynamoDB's TTL removes them. */
    private static final Duration KEEP = Duration.ofHours(1);

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoCallBudget(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Slot take(String key, Rate rate, Duration maxWait) {
        long interval = rate.interval().toMillis();
        long tolerance = interval * (rate.burst() - 1);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Map<String, AttributeValue> item = read(key);
            long now = clock.millis();
            long tat = Math.max(number(item, TAT, now), now);
            long held = number(item, HELD_UNTIL, 0);
            long start = Math.max(Math.max(now, tat - tolerance), held);
            Duration wait = Duration.ofMillis(start - now);
            if (wait.compareTo(maxWait) > 0) {
                return new Slot(false, wait);
            }
            long nextTat = Math.max(tat, start) + interval;
            if (write(key, item, nextTat, held)) {
                return new Slot(true, wait);
            }
        }
        // Very many takers at once: the slot they fight over is at least an interval away.
        return new Slot(false, rate.interval().isZero() ? Duration.ofMillis(100) : rate.interval());
    }

    @Override
    public void holdOff(String key, Instant until) {
        long untilMillis = until.toEpochMilli();
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(key(key))
                    .updateExpression("SET #held = :until, #exp = :exp ADD #rev :one")
                    .conditionExpression("attribute_not_exists(#held) OR #held < :until")
                    .expressionAttributeNames(Map.of("#held", HELD_UNTIL, "#exp", EXPIRES_AT, "#rev", REV))
                    .expressionAttributeValues(Map.of(
                            ":until", n(untilMillis),
                            ":exp", n(until.plus(KEEP).getEpochSecond()),
                            ":one", n(1))));
        } catch (ConditionalCheckFailedException later) {
            // A longer hold-off is recorded already: it stays.
        } catch (SdkException e) {
            throw unavailable("hold off " + key, e);
        }
    }

    @Override
    public Instant heldUntil(String key) {
        return Instant.ofEpochMilli(number(read(key), HELD_UNTIL, 0));
    }

    private Map<String, AttributeValue> read(String key) {
        try {
            return dynamo.getItem(b -> b.tableName(table).key(key(key)).consistentRead(true)).item();
        } catch (SdkException e) {
            throw unavailable("read budget " + key, e);
        }
    }

    /** @return false when another taker or a hold-off wrote the budget since it was read */
    private boolean write(String key, Map<String, AttributeValue> read, long tat, long held) {
        long rev = number(read, REV, 0);
        Map<String, AttributeValue> item = Map.of(
                PK, s(BUDGET_PREFIX + key),
                SK, s(BUDGET_SK),
                TAT, n(tat),
                HELD_UNTIL, n(held),
                REV, n(rev + 1),
                EXPIRES_AT, n(expiry(tat, held)));
        try {
            if (rev == 0) {
                // "Absent" is rev 0: two first takers race on the item's existence.
                dynamo.putItem(b -> b.tableName(table).item(item)
                        .conditionExpression("attribute_not_exists(#rev)")
                        .expressionAttributeNames(Map.of("#rev", REV)));
            } else {
                dynamo.putItem(b -> b.tableName(table).item(item)
                        .conditionExpression("#rev = :rev")
                        .expressionAttributeNames(Map.of("#rev", REV))
                        .expressionAttributeValues(Map.of(":rev", n(rev))));
            }
            return true;
        } catch (ConditionalCheckFailedException raced) {
            // Another taker or a hold-off wrote the budget since it was read: read again.
            return false;
        } catch (SdkException e) {
            throw unavailable("take a slot of " + key, e);
        }
    }

    private static long expiry(long tat, long held) {
        return Instant.ofEpochMilli(Math.max(tat, held)).plus(KEEP).getEpochSecond();
    }

    private StoreUnavailableException unavailable(String what, SdkException e) {
        return new StoreUnavailableException("DynamoDB table '" + table + "': " + what + " failed: " + e.getMessage(), e);
    }

    private static Map<String, AttributeValue> key(String key) {
        return Map.of(PK, s(BUDGET_PREFIX + key), SK, s(BUDGET_SK));
    }

    private static long number(Map<String, AttributeValue> item, String name, long otherwise) {
        if (item == null || !item.containsKey(name) || item.get(name).n() == null) {
            return otherwise;
        }
        return Long.parseLong(item.get(name).n());
    }

    private static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }

    private static AttributeValue n(long value) {
        return AttributeValue.builder().n(Long.toString(value)).build();
    }
}
