package io.klaxon.aws.dynamodb;

import static io.klaxon.aws.dynamodb.AlertTable.ALERT;
import static io.klaxon.aws.dynamodb.AlertTable.ALERT_ID;
import static io.klaxon.aws.dynamodb.AlertTable.ALERT_KEY;
import static io.klaxon.aws.dynamodb.AlertTable.ENTRY;
import static io.klaxon.aws.dynamodb.AlertTable.EXPIRES_AT;
import static io.klaxon.aws.dynamodb.AlertTable.KIND;
import static io.klaxon.aws.dynamodb.AlertTable.LAST;
import static io.klaxon.aws.dynamodb.AlertTable.MARKED_BY;
import static io.klaxon.aws.dynamodb.AlertTable.META;
import static io.klaxon.aws.dynamodb.AlertTable.OPEN;
import static io.klaxon.aws.dynamodb.AlertTable.OPEN_BY_ROUTE;
import static io.klaxon.aws.dynamodb.AlertTable.OPEN_ROUTE;
import static io.klaxon.aws.dynamodb.AlertTable.OPEN_SINCE;
import static io.klaxon.aws.dynamodb.AlertTable.PK;
import static io.klaxon.aws.dynamodb.AlertTable.PUBLISHING_UNTIL;
import static io.klaxon.aws.dynamodb.AlertTable.POST_INTENT_AT;
import static io.klaxon.aws.dynamodb.AlertTable.SEEN;
import static io.klaxon.aws.dynamodb.AlertTable.SK;
import static io.klaxon.aws.dynamodb.AlertTable.STATE;
import static io.klaxon.aws.dynamodb.AlertTable.TIMELINE_PREFIX;
import static io.klaxon.aws.dynamodb.AlertTable.REVISION;
import static io.klaxon.aws.dynamodb.AlertTable.VERSION;

import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.alert.TimelineEntry;
import io.klaxon.domain.port.AlertStore;
import io.klaxon.domain.port.SignalMark;
import io.klaxon.domain.port.StoreUnavailableException;
import io.klaxon.domain.signal.AlertSignal;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The alert store on DynamoDB, in the single table described by {@link AlertTable}.
 *
 * <p>Every state change is one {@code TransactWriteItems}: the alert item conditional on the version
 * the caller read, its timeline entry, and (on create and resolve) the open-key pointer that keeps
 * at most one open occurrence per key. All reads are strongly consistent, because every caller reads
 * in order to write conditionally.
 *
 * <p>Failures: a lost race is a normal answer ({@link KeyTaken}, {@code false}); throttling, timeouts
 * and outages (after the SDK's own retries) become {@link StoreUnavailableException}, which the
 * workflow retries; anything else (a missing table, a rejected item) is an
 * {@link IllegalStateException} naming the table and the operation.
 */
public final class DynamoAlertStore implements AlertStore {

    /**
     * DynamoDB cancels a transaction that touches an item another transaction is writing
     * ({@code TransactionConflict}). Nothing was written, so the same request is retried a few times
     * before the store reports the race as lost.
     */
    private static final int CONFLICT_ATTEMPTS = 6;
    /** Create re-reads when the pointer it collided with vanished before it could be read. */
    private static final int CREATE_ATTEMPTS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(DynamoAlertStore.class);

    private static final String CONDITION_FAILED = "ConditionalCheckFailed";
    private static final String CONFLICT = "TransactionConflict";

    private final DynamoDbClient dynamo;
    private final String table;
    private final ObjectMapper json;
    private final Clock clock;

    /**
     * @param clock only decides when a seen signal has expired
     */
    public DynamoAlertStore(DynamoDbClient dynamo, String tableName, ObjectMapper json, Clock clock) {
        this.dynamo = dynamo;
        this.table = tableName;
        this.json = json;
        this.clock = clock;
    }

    public String tableName() {
        return table;
    }

    // ---- create ----------------------------------------------------------------------------

    @Override
    public CreateResult create(Alert alert, TimelineEntry entry, @Nullable Alert lastRead) {
        var putPointer = TransactWriteItem.builder().put(Put.builder().tableName(table)
                .item(Map.of(PK, s(AlertTable.keyPk(alert.alertKey())), SK, s(OPEN), ALERT_ID, s(alert.alertId())))
                .conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", PK))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build();
        Map<String, AttributeValue> metaItem = new HashMap<>(metaAttributes(alert));
        metaItem.putAll(openAttributes(alert));
        metaItem.put(PK, s(AlertTable.alertPk(alert.alertId())));
        metaItem.put(SK, s(META));
        var meta = TransactWriteItem.builder().put(Put.builder().tableName(table)
                .item(metaItem)
                .conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", PK))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build();
        // After those, so the reasons of the pointer (0) and the alert (1) keep their places: the key's
        // last occurrence must still be the one the caller read, at the revision it read (3, and 4).
        List<TransactWriteItem> items = new ArrayList<>(List.of(putPointer, meta, timelineItem(alert.alertId(), entry),
                putLast(alert, lastRead)));
        if (lastRead != null) {
            items.add(TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
                    .key(Map.of(PK, s(AlertTable.alertPk(lastRead.alertId())), SK, s(META)))
                    .conditionExpression("#revision = :revision")
                    .expressionAttributeNames(Map.of("#revision", REVISION))
                    .expressionAttributeValues(Map.of(":revision", n(lastRead.revision())))
                    .build()).build());
        }

        for (int attempt = 1; attempt <= CREATE_ATTEMPTS; attempt++) {
            List<CancellationReason> reasons = transact(items, "create " + alert.alertId());
            if (reasons == null) {
                return new Created(alert);
            }
            // The alertId exists: a retried step created it before (it may even be resolved by now).
            if (failed(reasons, 1)) {
                Alert existing = reasons.get(1).hasItem() && reasons.get(1).item().containsKey(ALERT)
                        ? decodeAlert(reasons.get(1).item(), alert.alertId())
                        : get(alert.alertId()).orElse(null);
                if (existing != null) {
                    return new KeyTaken(existing);
                }
            }
            if (failed(reasons, 0)) {
                Map<String, AttributeValue> pointer = getItem(AlertTable.keyPk(alert.alertKey()), OPEN,
                        "create " + alert.alertId());
                if (pointer == null || !pointer.containsKey(ALERT_ID)) {
                    // The occurrence holding the key was resolved in between: the caller decides again.
                    return new LastChanged();
                }
                String holder = pointer.get(ALERT_ID).s();
                Optional<Alert> held = get(holder);
                if (held.isPresent() && held.get().state().isOpen()) {
                    return new KeyTaken(held.get());
                }
                releaseDanglingPointer(alert.alertKey(), holder);
                return new LastChanged();
            }
            if (failed(reasons, 3) || failed(reasons, 4)) {
                return new LastChanged();
            }
        }
        throw new StoreUnavailableException("DynamoDB table '" + table + "': create " + alert.alertId()
                + " kept colliding with concurrent writers of key " + alert.alertKey(), null);
    }

    /** The key's last-occurrence pointer, put only while it still names {@code lastRead} (or, with none read, none). */
    private TransactWriteItem putLast(Alert alert, @Nullable Alert lastRead) {
        Put.Builder put = Put.builder().tableName(table)
                .item(Map.of(PK, s(AlertTable.keyPk(alert.alertKey())), SK, s(LAST), ALERT_ID, s(alert.alertId())));
        if (lastRead == null) {
            put.conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", PK));
        } else {
            put.conditionExpression("#alertId = :last").expressionAttributeNames(Map.of("#alertId", ALERT_ID))
                    .expressionAttributeValues(Map.of(":last", s(lastRead.alertId())));
        }
        return TransactWriteItem.builder().put(put.build()).build();
    }

    /**
     * Create and resolve write the pointer and the alert in one transaction, so a pointer to a
     * missing or resolved occurrence can only be left by a hand edit of the table. Left alone it
     * would keep the key from ever opening again, so it is released, in a transaction that checks
     * again that it still names that occurrence and that the occurrence is still missing or
     * resolved (two separate reads may straddle another writer's transaction; this check cannot).
     */
    private void releaseDanglingPointer(String alertKey, String holder) {
        LOG.warn("releasing open-key pointer of alertKey={} to alertId={}: that occurrence is missing or resolved",
                alertKey, holder);
        var deletePointer = TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                .key(Map.of(PK, s(AlertTable.keyPk(alertKey)), SK, s(OPEN)))
                .conditionExpression("#alertId = :id")
                .expressionAttributeNames(Map.of("#alertId", ALERT_ID))
                .expressionAttributeValues(Map.of(":id", s(holder)))
                .build()).build();
        var holderGone = TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
                .key(Map.of(PK, s(AlertTable.alertPk(holder)), SK, s(META)))
                .conditionExpression("attribute_not_exists(#pk) OR #state = :resolved")
                .expressionAttributeNames(Map.of("#pk", PK, "#state", STATE))
                .expressionAttributeValues(Map.of(":resolved", s(AlertState.RESOLVED.name())))
                .build()).build();
        // Cancelled means someone else moved first: create decides again on the truth.
        transact(List.of(deletePointer, holderGone), "release pointer of " + alertKey);
    }

    // ---- reads -----------------------------------------------------------------------------

    @Override
    public Optional<Alert> get(String alertId) {
        Map<String, AttributeValue> item = getItem(AlertTable.alertPk(alertId), META, "get " + alertId);
        return item == null ? Optional.empty() : Optional.of(decodeAlert(item, alertId));
    }

    @Override
    public Optional<Alert> findOpen(String alertKey) {
        Map<String, AttributeValue> pointer = getItem(AlertTable.keyPk(alertKey), OPEN, "findOpen " + alertKey);
        if (pointer == null || !pointer.containsKey(ALERT_ID)) {
            return Optional.empty();
        }
        // Between the two reads the occurrence may have been resolved (which also deleted the pointer).
        return get(pointer.get(ALERT_ID).s()).filter(alert -> alert.state().isOpen());
    }

    @Override
    public Optional<Alert> findLast(String alertKey) {
        Map<String, AttributeValue> pointer = getItem(AlertTable.keyPk(alertKey), LAST, "findLast " + alertKey);
        if (pointer == null || !pointer.containsKey(ALERT_ID)) {
            return Optional.empty();
        }
        return get(pointer.get(ALERT_ID).s());
    }

    @Override
    public List<TimelineEntry> timeline(String alertId) {
        try {
            List<TimelineEntry> entries = new ArrayList<>();
            dynamo.queryPaginator(b -> b.tableName(table).consistentRead(true)
                            .keyConditionExpression("#pk = :pk AND begins_with(#sk, :tl)")
                            .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                            .expressionAttributeValues(Map.of(":pk", s(AlertTable.alertPk(alertId)),
                                    ":tl", s(TIMELINE_PREFIX))))
                    .items()
                    .forEach(item -> entries.add(decode(item.get(ENTRY), TimelineEntry.class,
                            "timeline entry " + item.get(SK).s() + " of " + alertId)));
            return entries;
        } catch (SdkException e) {
            throw failure("timeline " + alertId, e);
        }
    }

    /**
     * A query of the sparse {@link AlertTable#OPEN_BY_ROUTE} index (keys only, newest first), then a
     * consistent read of the newest {@code limit} alert items: an alert resolved since the index
     * was updated is left out of the list (the total may still count it, for a moment).
     */
    @Override
    public OpenAlerts openAlerts(String route, int limit) {
        String what = "openAlerts " + route;
        List<String> ids = new ArrayList<>();
        try {
            dynamo.queryPaginator(b -> b.tableName(table).indexName(OPEN_BY_ROUTE).scanIndexForward(false)
                            .keyConditionExpression("#route = :route")
                            .expressionAttributeNames(Map.of("#route", OPEN_ROUTE))
                            .expressionAttributeValues(Map.of(":route", s(route))))
                    .items()
                    .forEach(item -> ids.add(item.get(PK).s().substring(AlertTable.ALERT_PREFIX.length())));
        } catch (SdkException e) {
            throw failure(what, e);
        }
        List<Alert> newest = new ArrayList<>();
        for (String id : ids) {
            if (newest.size() >= limit) {
                break;
            }
            get(id).filter(alert -> alert.state().isOpen()).ifPresent(newest::add);
        }
        return new OpenAlerts(newest, Math.max(ids.size(), newest.size()));
    }

    // ---- replace ---------------------------------------------------------------------------

    @Override
    public boolean replace(Alert proposed, long expectedRevision, @Nullable TimelineEntry entry) {
        Alert next = proposed.withRevision(expectedRevision + 1);
        String what = "replace " + next.alertId() + " r" + expectedRevision;
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(metaUpdate(next, expectedRevision));
        if (entry != null) {
            items.add(timelineItem(next.alertId(), entry));
        }
        int pointerIndex = -1;
        if (next.state() == AlertState.RESOLVED) {
            // Release the key, but only our own pointer: a resolved alert that is written again (its
            // final message update) must not free the key of the occurrence opened after it. A
            // missing pointer is fine, there is nothing to release.
            pointerIndex = items.size();
            items.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                    .key(Map.of(PK, s(AlertTable.keyPk(next.alertKey())), SK, s(OPEN)))
                    .conditionExpression("attribute_not_exists(#pk) OR #alertId = :id")
                    .expressionAttributeNames(Map.of("#pk", PK, "#alertId", ALERT_ID))
                    .expressionAttributeValues(Map.of(":id", s(next.alertId())))
                    .build()).build());
        }

        List<CancellationReason> reasons = transact(items, what);
        if (reasons == null) {
            return true;
        }
        if (failed(reasons, 0)) {
            return false;
        }
        if (pointerIndex >= 0 && failed(reasons, pointerIndex)) {
            // The key already belongs to a newer occurrence: write the alert without touching it.
            items.remove(pointerIndex);
            return transact(items, what) == null;
        }
        // Still conflicting after the retries: report a lost race; the caller re-reads the truth.
        return false;
    }

    // ---- reopen ----------------------------------------------------------------------------

    /**
     * One transaction: the alert conditional on its revision, the open-key pointer conditional on
     * the key having none (another FIRING may have opened a new occurrence meanwhile), and the entry.
     */
    @Override
    public boolean reopen(Alert proposed, long expectedRevision, TimelineEntry entry) {
        Alert next = proposed.withRevision(expectedRevision + 1);
        String what = "reopen " + next.alertId() + " r" + expectedRevision;
        // Open again, so back in the open-by-route index (`/klaxon list`).
        var meta = metaUpdate(next, expectedRevision);
        var takeKey = TransactWriteItem.builder().put(Put.builder().tableName(table)
                .item(Map.of(PK, s(AlertTable.keyPk(next.alertKey())), SK, s(OPEN), ALERT_ID, s(next.alertId())))
                .conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", PK))
                .build()).build();
        return transact(List.of(meta, takeKey, timelineItem(next.alertId(), entry)), what) == null;
    }

    // ---- post intent -----------------------------------------------------------------------

    /**
     * An attribute of the alert item outside the alert's JSON: {@link #replace} sets only the
     * attributes it owns, so the mark survives every lifecycle write and never moves the revision.
     */
    @Override
    public void forgetPostIntent(String alertId, Instant at) {
        // Refused: another attempt's mark, or none; either way it is left as it is.
        updateMetaIf(alertId, "forgetPostIntent " + alertId, "REMOVE #intent", "#intent = :at",
                Map.of("#intent", POST_INTENT_AT), Map.of(":at", s(at.toString())));
    }

    /** The same attribute, replaced only while it still holds the stale mark this attempt read. */
    @Override
    public boolean takeOverPostIntent(String alertId, Instant expected, Instant now) {
        // Refused: another attempt took it over (or forgot it) first, and that one posts. The mark already at
        // :now is this call's own take-over, made by a first attempt whose answer was lost.
        return updateMetaIf(alertId, "takeOverPostIntent " + alertId, "SET #intent = :now",
                "#intent = :expected OR #intent = :now",
                Map.of("#intent", POST_INTENT_AT), Map.of(":expected", s(expected.toString()), ":now", s(now.toString())));
    }

    @Override
    public Optional<Instant> recordPostIntent(String alertId, Instant at) {
        String what = "recordPostIntent " + alertId;
        if (updateMetaIf(alertId, what, "SET #intent = :at", "attribute_exists(#pk) AND attribute_not_exists(#intent)",
                Map.of("#pk", PK, "#intent", POST_INTENT_AT), Map.of(":at", s(at.toString())))) {
            return Optional.empty();
        }
        // Either an earlier attempt made the mark, or there is no such alert: read which.
        Map<String, AttributeValue> item = getItem(AlertTable.alertPk(alertId), META, what);
        if (item == null) {
            throw new java.util.NoSuchElementException("no alert " + alertId);
        }
        AttributeValue earlier = item.get(POST_INTENT_AT);
        if (earlier == null || earlier.s() == null) {
            throw new IllegalStateException("DynamoDB table '" + table + "': " + what
                    + " was refused but the alert has no " + POST_INTENT_AT);
        }
        Instant mark = Instant.parse(earlier.s());
        // The mark at this very instant is this call's own: DynamoDB made it, its answer was lost, and the SDK's
        // second attempt was refused by it. (Another attempt's mark made at the same nanosecond is not a case.)
        return mark.equals(at) ? Optional.empty() : Optional.of(mark);
    }

    /**
     * One update of the alert's item, made only if {@code condition} holds: true when made, false when the
     * condition refused it. (The post intent is an attribute outside the alert's JSON, so these updates
     * never move the revision.)
     */
    private boolean updateMetaIf(String alertId, String what, String update, String condition,
                                 Map<String, String> names, Map<String, AttributeValue> values) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(PK, s(AlertTable.alertPk(alertId)), SK, s(META)))
                    .updateExpression(update)
                    .conditionExpression(condition)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException refused) {
            return false;
        } catch (SdkException e) {
            throw failure(what, e);
        }
    }

    // ---- seen signals ----------------------------------------------------------------------

    @Override
    public SignalMark markSignal(String signalId, String token, Instant now, Instant leaseUntil, Instant expiresAt) {
        // The token tells this delivery's own mark from another's. When DynamoDB made the mark and its answer was
        // lost (a reset, a socket timeout), the SDK sends the same put again, and that attempt fails its
        // condition on the mark the first one made: without the token it would read as an earlier delivery's,
        // and the signal, seen for the first time, would be dropped (or deferred).
        try {
            var put = dynamo.putItem(b -> b.tableName(table)
                    .item(Map.of(PK, s(AlertTable.signalPk(signalId)), SK, s(SEEN),
                            EXPIRES_AT, n(expiresAt.getEpochSecond()), MARKED_BY, s(token),
                            PUBLISHING_UNTIL, n(leaseUntil.toEpochMilli())))
                    // TTL deletes expired items only eventually: until then an expired mark counts as absent. An
                    // unconfirmed mark whose lease has ended is taken over: its delivery can no longer be publishing.
                    // One conditional write, so of two deliveries taking over the same mark only one succeeds.
                    .conditionExpression("attribute_not_exists(#pk) OR #exp < :nowS OR #until < :nowMs")
                    .expressionAttributeNames(Map.of("#pk", PK, "#exp", EXPIRES_AT, "#until", PUBLISHING_UNTIL))
                    .expressionAttributeValues(Map.of(":nowS", n(now.getEpochSecond()), ":nowMs", n(now.toEpochMilli())))
                    .returnValues(ReturnValue.ALL_OLD)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            Map<String, AttributeValue> old = put.hasAttributes() ? put.attributes() : Map.of();
            boolean tookOver = old.containsKey(PUBLISHING_UNTIL) && old.containsKey(EXPIRES_AT)
                    && Long.parseLong(old.get(EXPIRES_AT).n()) >= now.getEpochSecond();
            return new SignalMark.Held(tookOver);
        } catch (ConditionalCheckFailedException seen) {
            Map<String, AttributeValue> old = seen.hasItem() ? seen.item() : Map.of();
            AttributeValue by = old.get(MARKED_BY);
            if (by != null && token.equals(by.s())) {
                return new SignalMark.Held(false);
            }
            AttributeValue until = old.get(PUBLISHING_UNTIL);
            // A mark without a lease is confirmed (and so is one written before marks had two phases).
            return until == null ? new SignalMark.Published()
                    : new SignalMark.InFlight(Instant.ofEpochMilli(Long.parseLong(until.n())));
        } catch (SdkException e) {
            throw failure("markSignal " + signalId, e);
        }
    }

    @Override
    public boolean confirmSignal(String signalId, String token) {
        try {
            // Sent again after a lost answer, the update meets its own token and does the same again.
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(PK, s(AlertTable.signalPk(signalId)), SK, s(SEEN)))
                    .updateExpression("REMOVE #until")
                    .conditionExpression("#by = :token")
                    .expressionAttributeNames(Map.of("#until", PUBLISHING_UNTIL, "#by", MARKED_BY))
                    .expressionAttributeValues(Map.of(":token", s(token))));
            return true;
        } catch (ConditionalCheckFailedException notOurs) {
            return false;
        } catch (SdkException e) {
            throw failure("confirmSignal " + signalId, e);
        }
    }

    @Override
    public void forgetSignal(String signalId, String token) {
        try {
            dynamo.deleteItem(b -> b.tableName(table)
                    .key(Map.of(PK, s(AlertTable.signalPk(signalId)), SK, s(SEEN)))
                    .conditionExpression("#by = :token")
                    .expressionAttributeNames(Map.of("#by", MARKED_BY))
                    .expressionAttributeValues(Map.of(":token", s(token))));
        } catch (ConditionalCheckFailedException notOurs) {
            // Gone already (this delete sent again after a lost answer), or another delivery's mark: kept.
        } catch (SdkException e) {
            throw failure("forgetSignal " + signalId, e);
        }
    }

    // ---- recoveries that arrived before their firing ----------------------------------------

    @Override
    public void rememberRecovery(AlertSignal recovery, Instant expiresAt) {
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(Map.of(PK, s(AlertTable.keyPk(recovery.alertKey())), SK, s(AlertTable.RECOVERY),
                            AlertTable.SIGNAL, s(encode(recovery, "recovery " + recovery.signalId())),
                            AlertTable.OCCURRED_AT, n(recovery.occurredAt().toEpochMilli()),
                            EXPIRES_AT, n(expiresAt.getEpochSecond())))
                    // Keep a newer recovery; TTL deletes expired items only eventually, so an expired one counts as absent.
                    .conditionExpression("attribute_not_exists(#pk) OR #at <= :at OR #exp < :now")
                    .expressionAttributeNames(Map.of("#pk", PK, "#at", AlertTable.OCCURRED_AT, "#exp", EXPIRES_AT))
                    .expressionAttributeValues(Map.of(":at", n(recovery.occurredAt().toEpochMilli()),
                            ":now", n(clock.instant().getEpochSecond()))));
        } catch (ConditionalCheckFailedException newerKept) {
            LOG.debug("a newer recovery is remembered for alertKey={}", recovery.alertKey());
        } catch (SdkException e) {
            throw failure("rememberRecovery " + recovery.alertKey(), e);
        }
    }

    @Override
    public Optional<AlertSignal> rememberedRecovery(String alertKey, Instant now) {
        Map<String, AttributeValue> item = getItem(AlertTable.keyPk(alertKey), AlertTable.RECOVERY,
                "rememberedRecovery " + alertKey);
        if (item == null || !item.containsKey(EXPIRES_AT)
                || Long.parseLong(item.get(EXPIRES_AT).n()) <= now.getEpochSecond()) {
            return Optional.empty();
        }
        return Optional.of(decode(item.get(AlertTable.SIGNAL), AlertSignal.class, "recovery of " + alertKey));
    }

    // ---- plumbing --------------------------------------------------------------------------

    /**
     * Runs the transaction, retrying it while DynamoDB reports only transaction conflicts.
     *
     * @return null when it was written, otherwise the cancellation reasons (one per item)
     */
    @Nullable
    private List<CancellationReason> transact(List<TransactWriteItem> items, String what) {
        for (int attempt = 1; ; attempt++) {
            try {
                dynamo.transactWriteItems(b -> b.transactItems(items));
                return null;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
                if (reasons.stream().anyMatch(r -> CONDITION_FAILED.equals(r.code()))) {
                    return reasons;
                }
                boolean conflict = reasons.stream().anyMatch(r -> CONFLICT.equals(r.code()));
                if (conflict && attempt < CONFLICT_ATTEMPTS) {
                    backOff(attempt, what);
                    continue;
                }
                if (conflict) {
                    return reasons;
                }
                throw cancelled(what, reasons, e);
            } catch (SdkException e) {
                throw failure(what, e);
            }
        }
    }

    private RuntimeException cancelled(String what, List<CancellationReason> reasons, TransactionCanceledException e) {
        String detail = reasons.stream()
                .filter(r -> r.code() != null && !"None".equals(r.code()))
                .map(r -> r.code() + (r.message() == null ? "" : " (" + r.message() + ")"))
                .reduce((a, b) -> a + ", " + b)
                .orElse(e.getMessage());
        boolean throttled = reasons.stream().anyMatch(r -> "ThrottlingError".equals(r.code())
                || "ProvisionedThroughputExceeded".equals(r.code()));
        String message = "DynamoDB table '" + table + "': " + what + " was cancelled: " + detail;
        return throttled ? new StoreUnavailableException(message, e) : new IllegalStateException(message, e);
    }

    private void backOff(int attempt, String what) {
        long millis = ThreadLocalRandom.current().nextLong(5, 20L * attempt + 5);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while retrying " + what, e);
        }
    }

    @Nullable
    private Map<String, AttributeValue> getItem(String pk, String sk, String what) {
        try {
            var response = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                    .key(Map.of(PK, s(pk), SK, s(sk))));
            return response.hasItem() && !response.item().isEmpty() ? response.item() : null;
        } catch (SdkException e) {
            throw failure(what, e);
        }
    }

    private RuntimeException failure(String what, SdkException e) {
        if (isTransient(e)) {
            return new StoreUnavailableException("DynamoDB table '" + table + "' is unavailable: " + what
                    + " failed: " + e.getMessage(), e);
        }
        return new IllegalStateException("DynamoDB table '" + table + "' rejected " + what + ": " + e.getMessage(), e);
    }

    /** Throttling, 5xx and client-side failures (connection refused, timeouts) are worth retrying later. */
    private static boolean isTransient(SdkException e) {
        if (e instanceof SdkClientException) {
            return true;
        }
        if (e instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500
                    || "ProvisionedThroughputExceededException".equals(service.awsErrorDetails().errorCode())
                    || "RequestLimitExceeded".equals(service.awsErrorDetails().errorCode());
        }
        return e.retryable();
    }

    private static boolean failed(List<CancellationReason> reasons, int index) {
        return index < reasons.size() && CONDITION_FAILED.equals(reasons.get(index).code());
    }

    private TransactWriteItem timelineItem(String alertId, TimelineEntry entry) {
        String sk = AlertTable.timelineSk(entry.at(), entry.version(), UUID.randomUUID().toString().substring(0, 8));
        return TransactWriteItem.builder().put(Put.builder().tableName(table)
                .item(Map.of(PK, s(AlertTable.alertPk(alertId)), SK, s(sk), KIND, s(entry.kind().name()),
                        ENTRY, s(encode(entry, "timeline entry of " + alertId))))
                .build()).build();
    }

    /**
     * The alert's item, written only while its revision is still {@code expectedRevision}. It is in the
     * open-by-route index exactly while open: the index keys are set with every open write and removed
     * otherwise (removing keys an item does not have changes nothing).
     */
    private TransactWriteItem metaUpdate(Alert next, long expectedRevision) {
        Map<String, AttributeValue> values = new HashMap<>();
        metaAttributes(next).forEach((name, value) -> values.put(":" + name, value));
        values.put(":expected", n(expectedRevision));
        Map<String, AttributeValue> open = openAttributes(next);
        open.forEach((name, value) -> values.put(":" + name, value));
        String openUpdate = open.isEmpty() ? " REMOVE #openRoute, #openSince"
                : ", #openRoute = :openRoute, #openSince = :openSince";
        return TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(Map.of(PK, s(AlertTable.alertPk(next.alertId())), SK, s(META)))
                .updateExpression("SET #version = :version, #revision = :revision, #state = :state, "
                        + "#alertKey = :alertKey, #alert = :alert" + openUpdate)
                .conditionExpression("#revision = :expected")
                .expressionAttributeNames(Map.of("#version", VERSION, "#revision", REVISION, "#state", STATE,
                        "#alertKey", ALERT_KEY, "#alert", ALERT, "#openRoute", OPEN_ROUTE, "#openSince", OPEN_SINCE))
                .expressionAttributeValues(values)
                .build()).build();
    }

    private Map<String, AttributeValue> metaAttributes(Alert alert) {
        return Map.of(VERSION, n(alert.version()), REVISION, n(alert.revision()), STATE, s(alert.state().name()),
                ALERT_KEY, s(alert.alertKey()), ALERT, s(encode(alert, "alert " + alert.alertId())));
    }

    /** The index keys of an open alert with a route; none otherwise (an index key cannot be empty). */
    private static Map<String, AttributeValue> openAttributes(Alert alert) {
        String route = alert.policy().route();
        if (!alert.state().isOpen() || route == null || route.isEmpty()) {
            return new HashMap<>();
        }
        return new HashMap<>(Map.of(OPEN_ROUTE, s(route),
                OPEN_SINCE, s(AlertTable.openSince(alert.openedAt(), alert.alertId()))));
    }

    private Alert decodeAlert(Map<String, AttributeValue> item, String alertId) {
        return decode(item.get(ALERT), Alert.class, "alert " + alertId);
    }

    private String encode(Object value, String what) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot serialize " + what + ": " + e.getMessage(), e);
        }
    }

    private <T> T decode(@Nullable AttributeValue value, Class<T> type, String what) {
        if (value == null || value.s() == null) {
            throw new IllegalStateException("DynamoDB table '" + table + "': " + what + " has no JSON document");
        }
        try {
            return json.readValue(value.s(), Argument.of(type));
        } catch (IOException e) {
            throw new IllegalStateException("DynamoDB table '" + table + "': " + what + " is not readable: "
                    + e.getMessage(), e);
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
