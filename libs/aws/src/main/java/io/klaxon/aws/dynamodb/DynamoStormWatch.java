package io.klaxon.aws.dynamodb;

import static io.klaxon.aws.dynamodb.AlertTable.EXPIRES_AT;
import static io.klaxon.aws.dynamodb.AlertTable.PK;
import static io.klaxon.aws.dynamodb.AlertTable.SK;

import io.klaxon.domain.port.StoreUnavailableException;
import io.klaxon.domain.port.StormWatch;
import io.klaxon.domain.storm.Storm;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * {@link StormWatch} in Klaxon's table ({@link AlertTable}):
 * <ul>
 *   <li>{@code OPENS#<route>} / {@code <openedAt, epoch ms, 13 digits>#<alertId>}: one per open, TTL'd
 *       an hour after the window. Counting is a strongly consistent COUNT query of the opens since
 *       the window's start, after this open's own put: so the k-th put to land counts at least k.</li>
 *   <li>{@code STORM#<route>} / {@code CURRENT}: {@code stormId} of the route's live storm; put only
 *       when absent (one storm per route), deleted when it ends.</li>
 *   <li>{@code STORMID#<stormId>} / {@code META}: {@code route}, {@code startedAt}, {@code channel},
 *       {@code messageTs}, {@code postIntentAt}, {@code rev} (render revisions), {@code endedAt}.</li>
 *   <li>{@code STORMID#<stormId>} / {@code MEMBER#<alertId>}: {@code joinedAt} (N, epoch ms);
 *       {@code renderFor} and {@code renderRev}, see {@link #revisionFor}.</li>
 * </ul>
 * Storm items are kept a week after they are last written (TTL).
 */
public final class DynamoStormWatch implements StormWatch {

    static final String OPENS_PREFIX = "OPENS#";
    static final String ROUTE_PREFIX = "STORM#";
    static final String STORM_PREFIX = "STORMID#";
    static final String CURRENT = "CURRENT";
    /** Takes of the route's pointer one {@link #enter} tries while it keeps changing hands. */
    private static final int ENTER_ATTEMPTS = 5;
    static final String MEMBER_PREFIX = "MEMBER#";
    /** On a member: the alert revision whose change last asked for a render, and the render revision it got. */
    private static final String RENDER_FOR = "renderFor";
    private static final String RENDER_REVISION = "renderRev";
    private static final Duration KEEP = Duration.ofDays(7);

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoStormWatch(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Opens recordOpen(String route, String alertId, Instant openedAt, Duration window) {
        Map<String, AttributeValue> item = Map.of(
                PK, s(OPENS_PREFIX + route),
                SK, s(openSk(openedAt, alertId)),
                EXPIRES_AT, n(openedAt.plus(window).plus(Duration.ofHours(1)).getEpochSecond()));
        boolean first = true;
        try {
            dynamo.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", PK)));
        } catch (ConditionalCheckFailedException recorded) {
            first = false;
        } catch (SdkException e) {
            throw unavailable("record an open of " + route, e);
        }
        // No upper bound: an open stamped a little earlier but recorded later must still count the ones
        // recorded before it, or two racing opens could each miss the other.
        return new Opens(count(route, openedAt.minus(window), Instant.MAX), first);
    }

    @Override
    public int countOpens(String route, Instant now, Duration window) {
        return count(route, now.minus(window), now);
    }

    /** Opens in (from, to], to included with every alert id at that millisecond. */
    private int count(String route, Instant from, Instant to) {
        int total = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> page = start;
            QueryResponse r = guard("count opens of " + route, () -> dynamo.query(b -> b.tableName(table)
                    .consistentRead(true)
                    .select(Select.COUNT)
                    .keyConditionExpression("#pk = :pk AND #sk BETWEEN :from AND :to")
                    .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                    .expressionAttributeValues(Map.of(
                            ":pk", s(OPENS_PREFIX + route),
                            ":from", s(openSk(from.plusMillis(1), "")),
                            ":to", s(to.equals(Instant.MAX) ? "\uffff" : openSk(to, "\uffff"))))
                    .exclusiveStartKey(page)));
            total += r.count();
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return total;
    }

    private static String openSk(Instant at, String alertId) {
        return String.format("%013d#%s", Math.max(0, at.toEpochMilli()), alertId);
    }

    @Override
    public Optional<Storm> current(String route) {
        Map<String, AttributeValue> item = read(ROUTE_PREFIX + route, CURRENT);
        return item == null || !item.containsKey("stormId") ? Optional.empty() : get(item.get("stormId").s());
    }

    @Override
    public Optional<Storm> get(String stormId) {
        Map<String, AttributeValue> item = read(STORM_PREFIX + stormId, AlertTable.META);
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(storm(stormId, item));
    }

    @Override
    public Storm enter(String route, String stormId, Instant at) {
        // The storm's own item first: whoever wins the route's pointer below finds it there. The id is this
        // call's own (made from the alert that starts it), so an item already there is this call's write whose
        // answer was lost.
        Map<String, AttributeValue> meta = new HashMap<>(Map.of(
                PK, s(STORM_PREFIX + stormId), SK, s(AlertTable.META),
                "route", s(route), "startedAt", s(at.toString()), "rev", n(0), EXPIRES_AT, n(expiry())));
        guard("start storm " + stormId, () -> dynamo.putItem(b -> b.tableName(table).item(meta)
                .conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", PK))), true);
        for (int attempt = 1; attempt <= ENTER_ATTEMPTS; attempt++) {
            try {
                dynamo.putItem(b -> b.tableName(table)
                        .item(Map.of(PK, s(ROUTE_PREFIX + route), SK, s(CURRENT), "stormId", s(stormId),
                                EXPIRES_AT, n(expiry())))
                        .conditionExpression("attribute_not_exists(#pk)")
                        .expressionAttributeNames(Map.of("#pk", PK)));
                return new Storm(route, stormId, at, null, null, null);
            } catch (ConditionalCheckFailedException taken) {
                Optional<Storm> other = current(route);
                if (other.isPresent() && other.get().stormId().equals(stormId)) {
                    return other.get(); // this call's own pointer, its answer lost
                }
                if (other.isPresent() && other.get().ended()) {
                    // Ended by a step that failed before releasing the route: new alerts must not join a storm
                    // whose message says it is over. Release it and try again.
                    releaseRoute(route, other.get().stormId());
                    continue;
                }
                if (other.isPresent()) {
                    // Another open started the route's storm first: join that one (ours stays an unused item).
                    guard("drop storm " + stormId, () -> dynamo.deleteItem(b -> b.tableName(table)
                            .key(key(STORM_PREFIX + stormId, AlertTable.META))));
                    return other.get();
                }
                // The pointer went between the put and the read: try again.
            } catch (SdkException e) {
                throw unavailable("enter storm on " + route, e);
            }
        }
        // Only other steps starting and ending storms on the route at this very moment get here: the step's retry
        // finds the route settled.
        throw new StoreUnavailableException("storm " + stormId + " could not take route " + route + " in "
                + ENTER_ATTEMPTS + " attempts: other storms kept starting and ending there", null);
    }

    @Override
    public void join(String stormId, String alertId) {
        guard("join " + alertId + " to " + stormId, () -> dynamo.putItem(b -> b.tableName(table)
                .item(Map.of(PK, s(STORM_PREFIX + stormId), SK, s(MEMBER_PREFIX + alertId),
                        "joinedAt", n(clock.instant().toEpochMilli()), EXPIRES_AT, n(expiry())))
                .conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", PK))), true);
    }

    @Override
    public void leave(String stormId, String alertId) {
        guard("take " + alertId + " out of " + stormId, () -> dynamo.deleteItem(b -> b.tableName(table)
                .key(key(STORM_PREFIX + stormId, MEMBER_PREFIX + alertId))));
    }

    @Override
    public List<String> members(String stormId) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> page = start;
            QueryResponse r = guard("members of " + stormId, () -> dynamo.query(b -> b.tableName(table)
                    .consistentRead(true)
                    .keyConditionExpression("#pk = :pk AND begins_with(#sk, :m)")
                    .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                    .expressionAttributeValues(Map.of(":pk", s(STORM_PREFIX + stormId), ":m", s(MEMBER_PREFIX)))
                    .exclusiveStartKey(page)));
            items.addAll(r.items());
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return items.stream()
                .sorted(Comparator.comparingLong((Map<String, AttributeValue> i) -> Long.parseLong(i.get("joinedAt").n()))
                        .thenComparing(i -> i.get(SK).s()))
                .map(i -> i.get(SK).s().substring(MEMBER_PREFIX.length()))
                .toList();
    }

    @Override
    public Storm recordMessage(String stormId, String channel, String ts) {
        guard("record the message of " + stormId, () -> dynamo.updateItem(b -> b.tableName(table)
                .key(key(STORM_PREFIX + stormId, AlertTable.META))
                .updateExpression("SET #c = :c, #ts = :ts")
                .conditionExpression("attribute_exists(#pk)")
                .expressionAttributeNames(Map.of("#c", "channel", "#ts", "messageTs", "#pk", PK))
                .expressionAttributeValues(Map.of(":c", s(channel), ":ts", s(ts)))));
        return get(stormId).orElseThrow();
    }

    @Override
    public Optional<Instant> recordPostIntent(String stormId, Instant at) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(key(STORM_PREFIX + stormId, AlertTable.META))
                    .updateExpression("SET #pi = :at")
                    .conditionExpression("attribute_exists(#pk) AND attribute_not_exists(#pi)")
                    .expressionAttributeNames(Map.of("#pi", AlertTable.POST_INTENT_AT, "#pk", PK))
                    .expressionAttributeValues(Map.of(":at", s(at.toString()))));
            return Optional.empty();
        } catch (ConditionalCheckFailedException marked) {
            Map<String, AttributeValue> item = read(STORM_PREFIX + stormId, AlertTable.META);
            // A mark at this very instant is this call's own, its answer lost (as DynamoAlertStore#recordPostIntent).
            return Optional.ofNullable(item == null ? null : item.get(AlertTable.POST_INTENT_AT))
                    .map(v -> Instant.parse(v.s())).filter(mark -> !mark.equals(at));
        } catch (SdkException e) {
            throw unavailable("mark the post of " + stormId, e);
        }
    }

    @Override
    public void forgetPostIntent(String stormId, Instant at) {
        guard("forget the post mark of " + stormId, () -> dynamo.updateItem(b -> b.tableName(table)
                .key(key(STORM_PREFIX + stormId, AlertTable.META))
                .updateExpression("REMOVE #pi")
                .conditionExpression("#pi = :at")
                .expressionAttributeNames(Map.of("#pi", AlertTable.POST_INTENT_AT))
                .expressionAttributeValues(Map.of(":at", s(at.toString())))), true);
    }

    @Override
    public boolean takeOverPostIntent(String stormId, Instant expected, Instant now) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(key(STORM_PREFIX + stormId, AlertTable.META))
                    .updateExpression("SET #pi = :now")
                    .conditionExpression("#pi = :expected OR #pi = :now")
                    .expressionAttributeNames(Map.of("#pi", AlertTable.POST_INTENT_AT))
                    .expressionAttributeValues(Map.of(":expected", s(expected.toString()), ":now", s(now.toString()))));
            return true;
        } catch (ConditionalCheckFailedException takenFirst) {
            return false;
        } catch (SdkException e) {
            throw unavailable("take over the post mark of " + stormId, e);
        }
    }

    @Override
    public long nextRevision(String stormId) {
        var r = guard("count a render of " + stormId, () -> dynamo.updateItem(b -> b.tableName(table)
                .key(key(STORM_PREFIX + stormId, AlertTable.META))
                .updateExpression("ADD #rev :one")
                .expressionAttributeNames(Map.of("#rev", "rev"))
                .expressionAttributeValues(Map.of(":one", n(1)))
                .returnValues(ReturnValue.UPDATED_NEW)));
        return Long.parseLong(r.attributes().get("rev").n());
    }

    @Override
    public long revisionFor(String stormId, String alertId, long alertRevision) {
        Map<String, AttributeValue> member = read(STORM_PREFIX + stormId, MEMBER_PREFIX + alertId);
        if (member != null && member.containsKey(RENDER_FOR) && member.containsKey(RENDER_REVISION)
                && Long.parseLong(member.get(RENDER_FOR).n()) == alertRevision) {
            return Long.parseLong(member.get(RENDER_REVISION).n());
        }
        long revision = nextRevision(stormId);
        if (member != null) {
            try {
                dynamo.updateItem(b -> b.tableName(table)
                        .key(key(STORM_PREFIX + stormId, MEMBER_PREFIX + alertId))
                        .updateExpression("SET #for = :for, #rev = :rev")
                        .conditionExpression("attribute_exists(#pk)")
                        .expressionAttributeNames(Map.of("#for", RENDER_FOR, "#rev", RENDER_REVISION, "#pk", PK))
                        .expressionAttributeValues(Map.of(":for", n(alertRevision), ":rev", n(revision))));
            } catch (ConditionalCheckFailedException left) {
                // It left the storm meanwhile (opened as its own message): nothing to remember it by.
            } catch (SdkException e) {
                throw unavailable("remember the render of " + alertId + " in " + stormId, e);
            }
        }
        return revision;
    }

    @Override
    public long newestRevision(String stormId) {
        Map<String, AttributeValue> meta = read(STORM_PREFIX + stormId, AlertTable.META);
        return meta == null || !meta.containsKey("rev") ? 0 : Long.parseLong(meta.get("rev").n());
    }

    @Override
    public boolean end(String stormId, Instant at) {
        Optional<Storm> storm = get(stormId);
        if (storm.isEmpty()) {
            return false;
        }
        boolean endedNow = false;
        if (!storm.get().ended()) {
            try {
                dynamo.updateItem(b -> b.tableName(table)
                        .key(key(STORM_PREFIX + stormId, AlertTable.META))
                        .updateExpression("SET #end = :at")
                        .conditionExpression("attribute_exists(#pk) AND attribute_not_exists(#end)")
                        .expressionAttributeNames(Map.of("#end", "endedAt", "#pk", PK))
                        .expressionAttributeValues(Map.of(":at", s(at.toString()))));
                endedNow = true;
            } catch (ConditionalCheckFailedException already) {
                // Ended by another step, or by this call with its answer lost: the end at this very instant is ours.
                endedNow = get(stormId).map(Storm::endedAt).filter(at::equals).isPresent();
            } catch (SdkException e) {
                throw unavailable("end " + stormId, e);
            }
        }
        // Released by every call, not only the one that ended it: an end whose step failed before this leaves
        // the route pointing at an ended storm.
        releaseRoute(storm.get().route(), stormId);
        return endedNow;
    }

    /** Deletes the route's pointer if it still names {@code stormId}. */
    private void releaseRoute(String route, String stormId) {
        try {
            dynamo.deleteItem(b -> b.tableName(table)
                    .key(key(ROUTE_PREFIX + route, CURRENT))
                    .conditionExpression("#id = :id")
                    .expressionAttributeNames(Map.of("#id", "stormId"))
                    .expressionAttributeValues(Map.of(":id", s(stormId))));
        } catch (ConditionalCheckFailedException other) {
            // The pointer names another storm already, or none: nothing to release.
        } catch (SdkException e) {
            throw unavailable("release the route of " + stormId, e);
        }
    }

    private static Storm storm(String stormId, Map<String, AttributeValue> item) {
        return new Storm(item.get("route").s(), stormId, Instant.parse(item.get("startedAt").s()),
                text(item, "channel"), text(item, "messageTs"),
                Optional.ofNullable(text(item, "endedAt")).map(Instant::parse).orElse(null));
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private Map<String, AttributeValue> read(String pk, String sk) {
        var item = guard("read " + pk, () -> dynamo.getItem(b -> b.tableName(table).key(key(pk, sk))
                .consistentRead(true)).item());
        return item == null || item.isEmpty() ? null : item;
    }

    private long expiry() {
        return clock.instant().plus(KEEP).getEpochSecond();
    }

    private <T> T guard(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw unavailable(what, e);
        }
    }

    /** Like {@link #guard(String, Supplier)}; with {@code idempotent}, a failed condition means "done before". */
    private void guard(String what, Runnable call, boolean idempotent) {
        try {
            call.run();
        } catch (ConditionalCheckFailedException done) {
            if (!idempotent) {
                throw done;
            }
        } catch (SdkException e) {
            throw unavailable(what, e);
        }
    }

    private StoreUnavailableException unavailable(String what, SdkException e) {
        return new StoreUnavailableException("DynamoDB table '" + table + "': " + what + " failed: " + e.getMessage(), e);
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, s(pk), SK, s(sk));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }

    private static AttributeValue n(long value) {
        return AttributeValue.builder().n(Long.toString(value)).build();
    }
}
