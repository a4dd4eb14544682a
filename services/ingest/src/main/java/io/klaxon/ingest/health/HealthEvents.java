package io.klaxon.ingest.health;

import io.klaxon.domain.signal.Severity;
import io.klaxon.domain.signal.SignalStatus;
import io.klaxon.ingest.aws.Accounts;
import io.klaxon.ingest.aws.Arn;
import io.klaxon.ingest.aws.ConsoleLinks;
import io.klaxon.ingest.aws.Regions;
import io.klaxon.ingest.envelope.Event;
import io.klaxon.ingest.envelope.Origin;
import io.klaxon.ingest.json.Json;
import io.klaxon.ingest.signal.Fingerprints;
import io.klaxon.ingest.signal.SignalBuilder;
import io.klaxon.ingest.signal.SignalSink;
import io.klaxon.ingest.text.PlainText;
import io.klaxon.ingest.time.SourceTimes;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * AWS Health events ({@code aws.health}, any "AWS Health …" detail-type, and AWS Health Aware's
 * re-published "AHA Event").
 *
 * <ul>
 *   <li>alertKey: the event ARN plus the affected account ({@code eventArn#account}): one Health event
 *       can affect many accounts of an organisation, and each has its own owner.</li>
 *   <li>signalId: with a {@code communicationId}, a fingerprint of event ARN, account, communication
 *       and page — so the backup copy AWS delivers in a second region ({@code backupEvent: "true"}) is
 *       recognised as a redelivery of the primary. Without one, the event id.</li>
 *   <li>status: {@code statusCode "closed"} recovers; anything else fires — even with an endTime, since
 *       AWS says "open" for an event it has not closed.</li>
 *   <li>severity: abuse reports critical; {@code issue} high; {@code scheduledChange} and
 *       {@code investigation} warning; {@code accountNotification} info; unknown categories warning.</li>
 *   <li>region: {@code eventRegion} (the impacted region), never the region that delivered the event.</li>
 * </ul>
 */
public final class HealthEvents {

    public static final String SOURCE_KIND = "aws-health";
    private static final int MAX_LISTED_ENTITIES = 10;

    public static boolean handles(Event event) {
        String source = event.source() == null ? "" : event.source();
        boolean healthShaped = Json.firstText(event.detail(), "eventTypeCode", "eventArn") != null;
        return source.equals("aws.health") || source.equals("aha")
                || (event.detailType().startsWith("AWS Health") && healthShaped)
                || (event.detailType().equals("AHA Event") && healthShaped);
    }

    public void normalize(Origin origin, Event event, SignalSink sink) {
        JsonNode d = event.detail();
        String eventArn = Json.firstText(d, "eventArn", "arn");
        Arn arn = Arn.parse(eventArn);
        List<JsonNode> entities = Json.array(d, "affectedEntities");
        String entityAccount = entities.isEmpty() ? null : Json.text(entities.getFirst(), "awsAccountId");
        String account = Accounts.first(Json.text(d, "affectedAccount"), entityAccount, event.account());
        String region = Regions.first(Json.text(d, "eventRegion"), Json.text(d, "region"),
                arn == null ? null : arn.region(), event.region());
        String partition = arn != null && arn.knownPartition() != null ? arn.knownPartition() : Regions.partitionOf(region);
        String typeCode = Json.text(d, "eventTypeCode");
        String category = Json.text(d, "eventTypeCategory");
        String service = Json.text(d, "service");
        String communicationId = Json.text(d, "communicationId");
        String page = Json.text(d, "page");
        String totalPages = Json.text(d, "totalPages");
        String key = (eventArn != null ? eventArn : "aws-health:" + Fingerprints.of(Json.write(d)))
                + (account == null ? "" : "#" + account);

        List<String> entityValues = new ArrayList<>();
        for (JsonNode entity : entities) {
            String value = Json.text(entity, "entityValue");
            if (value != null) {
                entityValues.add(value);
            }
        }

        boolean closed = "closed".equalsIgnoreCase(Json.text(d, "statusCode"));
        SignalBuilder signal = new SignalBuilder(SOURCE_KIND)
                .alertKey(key)
                .signalId(communicationId != null
                        ? "health-" + Fingerprints.of(eventArn, account, communicationId, page)
                        : origin.signalId(event.id()))
                .status(closed ? SignalStatus.RECOVERED : SignalStatus.FIRING)
                .severity(severity(event, category, service))
                .title("AWS Health " + (category == null ? "event" : category) + ": "
                        + (typeCode == null ? event.detailType() : typeCode) + (region == null ? "" : " in " + region))
                .summary(PlainText.paragraphs(PlainText.unescapeLiteralNewlines(description(d)),
                        entitiesLine(entityValues),
                        totalPages != null && !"1".equals(totalPages) ? "Page " + page + " of " + totalPages
                                + " of this communication." : null))
                .account(account)
                .region(region)
                .resources(entityValues.isEmpty() ? event.resources() : entityValues)
                .occurredAt(firstTime(Json.text(d, "lastUpdatedTime"), event.time(), Json.text(d, "startTime"),
                        origin))
                .link(eventArn == null ? null : ConsoleLinks.healthEvent(partition, eventArn))
                .label("service", service)
                .label("eventTypeCode", typeCode)
                .label("eventTypeCategory", category)
                .label("eventScopeCode", Json.text(d, "eventScopeCode"))
                .label("statusCode", Json.text(d, "statusCode"))
                .label("actionability", Json.text(d, "actionability"))
                .label("communicationId", communicationId)
                .label("page", totalPages == null ? null : page + "/" + totalPages)
                .label("backupEvent", Json.text(d, "backupEvent"))
                .label("personas", String.join(",", Json.texts(d, "personas")))
                .label("startTime", Json.text(d, "startTime"))
                .label("endTime", Json.text(d, "endTime"))
                .label("detailType", event.detailType());
        if (!entities.isEmpty()) {
            JsonNode first = entities.getFirst();
            signal.label("awsAccountName", Json.text(first, "awsAccountName"));
            JsonNode tags = Json.object(first, "tags");
            if (tags != null) {
                for (Map.Entry<String, JsonNode> tag : tags.entries()) {
                    signal.label("tag." + tag.getKey(), Json.text(tag.getValue()));
                }
            }
        }
        if (event.account() != null && !event.account().equals(account)) {
            signal.label("sourceAccount", event.account());
        }
        sink.emit(signal);
    }

    private static Severity severity(Event event, @Nullable String category, @Nullable String service) {
        if (event.detailType().contains("Abuse") || "ABUSE".equalsIgnoreCase(service)) {
            return Severity.CRITICAL;
        }
        if (category == null) {
            return Severity.WARNING;
        }
        return switch (category.toLowerCase(Locale.ROOT)) {
            case "issue" -> Severity.HIGH;
            case "accountnotification" -> Severity.INFO;
            default -> Severity.WARNING;
        };
    }

    /** {@code eventDescription} is an array of {language, latestDescription}, or (AHA) one object. */
    @Nullable
    private static String description(JsonNode detail) {
        JsonNode description = detail.get("eventDescription");
        if (description == null) {
            return null;
        }
        if (description.isObject()) {
            return Json.text(description, "latestDescription");
        }
        String any = null;
        for (JsonNode entry : Json.elements(description)) {
            String text = Json.text(entry, "latestDescription");
            String language = Json.text(entry, "language");
            if (text != null && (language == null || language.startsWith("en"))) {
                return text;
            }
            any = any == null ? text : any;
        }
        return any;
    }

    @Nullable
    private static String entitiesLine(List<String> entities) {
        if (entities.isEmpty()) {
            return null;
        }
        List<String> shown = entities.subList(0, Math.min(entities.size(), MAX_LISTED_ENTITIES));
        return "Affected: " + String.join(", ", shown)
                + (entities.size() > shown.size() ? " and " + (entities.size() - shown.size()) + " more" : "");
    }

    @Nullable
    private static Instant firstTime(@Nullable String lastUpdated, @Nullable Instant eventTime,
                                               @Nullable String start, Origin origin) {
        Instant t = SourceTimes.parse(lastUpdated);
        if (t == null) {
            t = eventTime;
        }
        if (t == null) {
            t = SourceTimes.parse(start);
        }
        return t != null ? t : origin.deliveredAt();
    }
}
