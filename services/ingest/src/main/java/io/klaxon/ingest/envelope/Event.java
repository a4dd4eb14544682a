package io.klaxon.ingest.envelope;

import io.klaxon.ingest.aws.Accounts;
import io.klaxon.ingest.aws.Regions;
import io.klaxon.ingest.json.Json;
import io.klaxon.ingest.time.SourceTimes;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * The envelope fields of an EventBridge event, read tolerantly: documentation samples omit
 * {@code version}, partial fixtures omit {@code source}/{@code id}/{@code time}, CodeStar Notifications
 * spell {@code detailType} in camel case, and {@code time} may be a placeholder.
 *
 * @param id         the event id, null when absent
 * @param source     e.g. {@code aws.ec2}; null when absent
 * @param detailType e.g. {@code EC2 Instance State-change Notification}
 * @param account    the account id when it is one
 * @param region     the region when it is a code ({@code global} and placeholders give null)
 * @param time       the parsed time, null when absent or unparseable
 * @param rawTime    the time as written, kept so an unparseable value is not silently dropped
 * @param resources  the resources array
 * @param detail     the detail object (never null; empty object when absent)
 */
public record Event(
        @Nullable String id,
        @Nullable String source,
        String detailType,
        @Nullable String account,
        @Nullable String region,
        @Nullable Instant time,
        @Nullable String rawTime,
        List<String> resources,
        JsonNode detail) {

    /** True when the node is shaped like an EventBridge event. */
    public static boolean isEvent(@Nullable JsonNode node) {
        return node != null && node.isObject() && Json.object(node, "detail") != null
                && Json.firstText(node, "detail-type", "detailType") != null;
    }

    public static Event of(JsonNode node) {
        String rawTime = Json.text(node, "time");
        return new Event(
                Json.text(node, "id"),
                Json.text(node, "source"),
                Json.firstText(node, "detail-type", "detailType"),
                Accounts.clean(Json.text(node, "account")),
                Regions.code(Json.text(node, "region")),
                SourceTimes.parse(rawTime),
                rawTime,
                Json.texts(node, "resources"),
                Json.object(node, "detail"));
    }

    /** The raw time when it was present but could not be parsed. */
    @Nullable
    public String unparsedTime() {
        return time == null ? rawTime : null;
    }
}
