package io.klaxon.aws.dynamodb;

import static io.klaxon.aws.dynamodb.AlertTable.EXPIRES_AT;
import static io.klaxon.aws.dynamodb.AlertTable.PK;
import static io.klaxon.aws.dynamodb.AlertTable.SK;

import io.klaxon.domain.port.RenderLedger;
import io.klaxon.domain.port.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
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
 * <p>What the message shows (ADR 0013, "Unchanged content"): {@code digest} (S, the content Slack shows, present
 * only while known), {@code underWay} (N, renders begun and not yet ended), {@code pending} (S, the content every
 * render begun since none was under way carries, or {@value #MIXED}) and {@code begunAt} (N, epoch ms of the latest
 * begin). A render that dies between begin and end leaves {@code underWay} too high, which only stops skipping;
 * the next begin more than {@link #LEASE} after the latest one counts afresh, since no render outlives a
 * function's timeout.
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
    static final String DIGEST = "digest";
    static final String UNDER_WAY = "underWay";
    static final String PENDING = "pending";
    /** {@code pending} when the renders begun since none was under way carry different contents. */
    static final String MIXED = "mixed";
    static final String BEGUN_AT = "begunAt";
    /**
     * Longer than any render can be under way: the functions that render time out after 30 s at most
     * (sam/template.yaml), so a render begun longer ago than this has ended, landed or died.
     */
    static final Duration LEASE = Duration.ofMinutes(2);
    private static final String PK_NAME = "#pk";
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

    // ---- what the message shows ----

    @Override
    public Optional<RenderClaim> begin(String channel, String ts, long revision, String digest) {
        RenderClaim claim = new RenderClaim(revision, digest);
        Map<String, String> names = Map.of("#rev", REVISION, "#under", UNDER_WAY, "#pending", PENDING,
                "#at", BEGUN_AT, "#exp", EXPIRES_AT);
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":rev", n(revision), ":one", n(1),
                ":now", n(clock.millis()), ":exp", n(clock.instant().plus(KEEP).getEpochSecond())));
        // The same revision may begin again: a retried render must go out.
        String notNewer = "(attribute_not_exists(#rev) OR #rev <= :rev)";
        if (staleBegin(channel, ts)) {
            // Every render counted under way began over a lease ago: it has ended or died. Count afresh.
            Map<String, AttributeValue> fresh = new HashMap<>(values);
            fresh.put(":stale", n(clock.millis() - LEASE.toMillis()));
            fresh.put(":pending", s(digest));
            if (update(channel, ts, "SET #rev = :rev, #at = :now, #under = :one, #pending = :pending, #exp = :exp",
                    notNewer + " AND (attribute_not_exists(#at) OR #at < :stale)", names, fresh)) {
                return Optional.of(claim);
            }
        }
        // Nothing under way, or all of it this very content: the renders under way still all carry one content.
        values.put(":pending", s(digest));
        values.put(":zero", n(0));
        if (update(channel, ts, "SET #rev = :rev, #at = :now, #pending = :pending, #exp = :exp ADD #under :one",
                notNewer + " AND (attribute_not_exists(#under) OR #under <= :zero OR #pending = :pending)", names,
                values)) {
            return Optional.of(claim);
        }
        values.remove(":zero");
        values.put(":pending", s(MIXED));
        if (update(channel, ts, "SET #rev = :rev, #at = :now, #pending = :pending, #exp = :exp ADD #under :one",
                notNewer, names, values)) {
            return Optional.of(claim);
        }
        return Optional.empty();
    }

    /** Whether the latest begin (if any) is over a lease ago, so the count of renders under way may be stale. */
    private boolean staleBegin(String channel, String ts) {
        Map<String, AttributeValue> item = item(channel, ts);
        return item == null || !item.containsKey(BEGUN_AT) || !item.containsKey(UNDER_WAY)
                || Long.parseLong(item.get(BEGUN_AT).n()) < clock.millis() - LEASE.toMillis();
    }

    @Override
    public void landed(String channel, String ts, RenderClaim claim) {
        Map<String, String> names = Map.of("#shown", SHOWN, "#digest", DIGEST, "#under", UNDER_WAY,
                "#pending", PENDING);
        Map<String, AttributeValue> values = Map.of(":rev", n(claim.revision()), ":d", s(claim.digest()),
                ":one", n(1), ":minus", n(-1));
        // Every render under way, or ended since nothing was, carries this content: whichever of them lands last,
        // the message shows it.
        String sameContent = "#pending = :d AND #under >= :one";
        if (update(channel, ts, "SET #shown = :rev, #digest = :d ADD #under :minus",
                sameContent + " AND (attribute_not_exists(#shown) OR #shown <= :rev)", names, values)
                || update(channel, ts, "SET #digest = :d ADD #under :minus", sameContent, without(names, "#shown"),
                without(values, ":rev"))) {
            return;
        }
        // Another content may land (or have landed) after this one: what the message shows is not known.
        forgetContent(channel, ts);
        recordShown(channel, ts, claim.revision());
    }

    @Override
    public void failed(String channel, String ts, RenderClaim claim, boolean mayHaveLanded) {
        Map<String, AttributeValue> counted = Map.of(":one", n(1), ":minus", n(-1));
        if (!mayHaveLanded) {
            update(channel, ts, "ADD #under :minus", "#under >= :one", Map.of("#under", UNDER_WAY), counted);
            return;
        }
        // Landed or not, the message shows this content when it showed it already and every render under way
        // carries it; otherwise what it shows is not known.
        Map<String, AttributeValue> values = new HashMap<>(counted);
        values.put(":d", s(claim.digest()));
        if (!update(channel, ts, "ADD #under :minus", "#under >= :one AND #digest = :d AND #pending = :d",
                Map.of("#under", UNDER_WAY, "#digest", DIGEST, "#pending", PENDING), values)) {
            forgetContent(channel, ts);
        }
    }

    /** Ends one render under way whose content may be what the message shows, or not: the digest is forgotten. */
    private void forgetContent(String channel, String ts) {
        if (!update(channel, ts, "REMOVE #digest ADD #under :minus", "#under >= :one",
                Map.of("#digest", DIGEST, "#under", UNDER_WAY), Map.of(":one", n(1), ":minus", n(-1)))) {
            // Counted afresh since it began (a stale count was reset): forget, and let no render under way record.
            forget(channel, ts);
        }
    }

    @Override
    public boolean sameUnderWay(String channel, String ts, String digest, Duration within) {
        Map<String, AttributeValue> item = item(channel, ts);
        if (item == null || !item.containsKey(UNDER_WAY) || !item.containsKey(BEGUN_AT)) {
            return false;
        }
        return Long.parseLong(item.get(UNDER_WAY).n()) >= 1
                && digest.equals(text(item, PENDING)) && !digest.equals(text(item, DIGEST))
                && Long.parseLong(item.get(BEGUN_AT).n()) >= clock.millis() - within.toMillis();
    }

    private static String text(Map<String, AttributeValue> item, String attribute) {
        return item.containsKey(attribute) ? item.get(attribute).s() : null;
    }

    @Override
    public void forget(String channel, String ts) {
        update(channel, ts, "SET #pending = :mixed, #exp = :exp REMOVE #digest", "attribute_exists(" + PK_NAME + ")",
                Map.of("#pending", PENDING, "#exp", EXPIRES_AT, "#digest", DIGEST, PK_NAME, PK),
                Map.of(":mixed", s(MIXED), ":exp", n(clock.instant().plus(KEEP).getEpochSecond())));
    }

    @Override
    public boolean confirmUnchanged(String channel, String ts, long revision, String digest) {
        // Renders under way are harmless when they all carry this content; raising the claim stops any other.
        return update(channel, ts, "SET #rev = :rev, #shown = :rev, #exp = :exp",
                "#digest = :d AND #shown <= :rev AND #rev <= :rev AND (#under = :zero OR #pending = :d)",
                Map.of("#rev", REVISION, "#shown", SHOWN, "#digest", DIGEST, "#under", UNDER_WAY, "#pending", PENDING,
                        "#exp", EXPIRES_AT),
                Map.of(":rev", n(revision), ":d", s(digest), ":zero", n(0),
                        ":exp", n(clock.instant().plus(KEEP).getEpochSecond())));
    }

    /** The conditional update of a message's item; false when its condition failed. */
    private boolean update(String channel, String ts, String update, String condition, Map<String, String> names,
                           Map<String, AttributeValue> values) {
        return updateIf(key(channel, ts), update, condition, names, values);
    }

    /** One conditional update of the item at {@code itemKey}; false when its condition failed. */
    private boolean updateIf(Map<String, AttributeValue> itemKey, String update, String condition,
                             Map<String, String> names, Map<String, AttributeValue> values) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(itemKey)
                    .updateExpression(update)
                    .conditionExpression(condition)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException refused) {
            return false;
        } catch (SdkException e) {
            throw unavailable(e);
        }
    }

    /** {@code map} without {@code keys} (DynamoDB refuses names and values an expression does not use). */
    private static <V> Map<String, V> without(Map<String, V> map, String... keys) {
        Map<String, V> rest = new HashMap<>(map);
        for (String k : keys) {
            rest.remove(k);
        }
        return rest;
    }

    private Map<String, AttributeValue> item(String channel, String ts) {
        try {
            return dynamo.getItem(b -> b.tableName(table).key(key(channel, ts)).consistentRead(true)).item();
        } catch (SdkException e) {
            throw unavailable(e);
        }
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
        return updateIf(replyKey(channel, threadTs, key), update, condition, names(update + " " + condition), values);
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
