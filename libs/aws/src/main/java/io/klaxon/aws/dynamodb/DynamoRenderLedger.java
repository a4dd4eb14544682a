package io.klaxon.aws.dynamodb;

import static io.klaxon.aws.dynamodb.AlertTable.EXPIRES_AT;
import static io.klaxon.aws.dynamodb.AlertTable.PK;
import static io.klaxon.aws.dynamodb.AlertTable.SK;

import io.klaxon.domain.port.RenderLedger;
import io.klaxon.domain.port.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@link RenderLedger} in Klaxon's table: item {@code RENDERED#<channel>#<ts>} / {@code RENDERED},
 * attributes {@code revision} (N, the newest claimed) and {@code shown} (N, the newest Slack took), each
 * raised only by a conditional update, never lowered.
 *
 * <p>Thread lines: item {@code REPLY#<channel>#<threadTs>} / {@code <key>}, attributes {@code attemptAt}
 * (S, the instant of the attempt that holds the mark) and {@code posted} (BOOL), every write conditional
 * (ADR 0003, "Replying once").
 */
public final class DynamoRenderLedger implements RenderLedger {

    public static final String RENDERED_PREFIX = "RENDERED#";
    public static final String RENDERED_SK = "RENDERED";
    static final String REVISION = "revision";
    static final String SHOWN = "shown";
    public static final String REPLY_PREFIX = "REPLY#";
    static final String ATTEMPT_AT = "attemptAt";
    static final String POSTED = "posted";
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

    // ---- thread lines ----

    @Override
    public Optional<ReplyMark> markReply(String channel, String threadTs, String key, Instant attempt) {
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(Map.of(PK, s(REPLY_PREFIX + channel + "#" + threadTs), SK, s(key),
                            ATTEMPT_AT, s(attempt.toString()), POSTED, AttributeValue.builder().bool(false).build(),
                            EXPIRES_AT, n(clock.instant().plus(KEEP).getEpochSecond())))
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", PK)));
            return Optional.empty();
        } catch (ConditionalCheckFailedException marked) {
            // An earlier attempt made the mark: read it.
        } catch (SdkException e) {
            throw unavailable(e);
        }
        Map<String, AttributeValue> item;
        try {
            item = dynamo.getItem(b -> b.tableName(table).key(replyKey(channel, threadTs, key)).consistentRead(true)).item();
        } catch (SdkException e) {
            throw unavailable(e);
        }
        if (item == null || !item.containsKey(ATTEMPT_AT)) {
            // Forgotten between the two calls by an attempt that sent nothing: this one is as good as first.
            return markReply(channel, threadTs, key, attempt);
        }
        ReplyMark mark = new ReplyMark(Instant.parse(item.get(ATTEMPT_AT).s()),
                Boolean.TRUE.equals(item.getOrDefault(POSTED, AttributeValue.builder().bool(false).build()).bool()));
        // A mark at this very instant, not posted, is this call's own: DynamoDB made it and its answer was lost,
        // and the SDK's second attempt was refused by it.
        return !mark.posted() && mark.attempt().equals(attempt) ? Optional.empty() : Optional.of(mark);
    }

    @Override
    public boolean takeOverReply(String channel, String threadTs, String key, Instant expected, Instant attempt) {
        return updateReplyIf(channel, threadTs, key, "SET #at = :now",
                "#posted = :no AND (#at = :expected OR #at = :now)",
                Map.of(":no", AttributeValue.builder().bool(false).build(), ":expected", s(expected.toString()),
                        ":now", s(attempt.toString())));
    }

    @Override
    public void forgetReply(String channel, String threadTs, String key, Instant attempt) {
        try {
            dynamo.deleteItem(b -> b.tableName(table).key(replyKey(channel, threadTs, key))
                    .conditionExpression("#posted = :no AND #at = :at")
                    .expressionAttributeNames(Map.of("#posted", POSTED, "#at", ATTEMPT_AT))
                    .expressionAttributeValues(Map.of(":no", AttributeValue.builder().bool(false).build(),
                            ":at", s(attempt.toString()))));
        } catch (ConditionalCheckFailedException othersMark) {
            // Another attempt's mark (or a posted line): left as it is.
        } catch (SdkException e) {
            throw unavailable(e);
        }
    }

    @Override
    public void recordReplied(String channel, String threadTs, String key) {
        updateReplyIf(channel, threadTs, key, "SET #posted = :yes", "attribute_exists(#at)",
                Map.of(":yes", AttributeValue.builder().bool(true).build()));
    }

    private boolean updateReplyIf(String channel, String threadTs, String key, String update, String condition,
                                  Map<String, AttributeValue> values) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(replyKey(channel, threadTs, key))
                    .updateExpression(update)
                    .conditionExpression(condition)
                    .expressionAttributeNames(names(update + " " + condition))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException refused) {
            return false;
        } catch (SdkException e) {
            throw unavailable(e);
        }
    }

    /** The attribute names an expression uses (DynamoDB refuses names it was given but does not use). */
    private static Map<String, String> names(String expressions) {
        Map<String, String> names = new java.util.HashMap<>();
        if (expressions.contains("#at")) {
            names.put("#at", ATTEMPT_AT);
        }
        if (expressions.contains("#posted")) {
            names.put("#posted", POSTED);
        }
        return names;
    }

    private static Map<String, AttributeValue> replyKey(String channel, String threadTs, String key) {
        return Map.of(PK, s(REPLY_PREFIX + channel + "#" + threadTs), SK, s(key));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }

    private static AttributeValue n(long value) {
        return AttributeValue.builder().n(Long.toString(value)).build();
    }
}
