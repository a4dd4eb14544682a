package io.klaxon.ingest.envelope;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.klaxon.ingest.json.Json;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the SNS Lambda event ({@code {"Records":[{"Sns":{…}}, …]}}), the commonest input, without
 * building its whole tree: only the {@code Sns} fields {@link Envelopes} reads become nodes (the same
 * nodes the full tree would hold); the signature, certificate and unsubscribe URLs and the record's
 * own fields are skipped unread. Building the whole envelope tree was a quarter of the time to
 * normalize an alarm (docs/benchmarks.md).
 *
 * <p>Answers null for anything else, or anything unexpected (an empty or non-array {@code Records},
 * a record without an {@code Sns} object, JSON that does not parse), so that the general path
 * handles it and reports exactly as before.
 */
final class SnsLambdaEvents {

    /** What {@link Envelopes} reads from an SNS envelope. */
    private static final Set<String> READ = Set.of("Type", "MessageId", "TopicArn", "Subject", "Timestamp",
            "Message", "MessageAttributes", "SubscribeURL");

    private SnsLambdaEvents() {
    }

    /** The {@code Sns} objects of the records, in order, holding only the fields read; null when not this shape. */
    @Nullable
    static List<JsonNode> read(String rawInput) {
        try (JsonParser p = Json.parser(rawInput)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            List<JsonNode> records = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("Records")) {
                    // A repeated key: the tree keeps the last one, so does this.
                    records = value == JsonToken.START_ARRAY ? records(p) : null;
                    if (records == null) {
                        return null;
                    }
                } else {
                    p.skipChildren();
                }
            }
            // As in the general path, whatever follows the root value is left unread.
            return records == null || records.isEmpty() ? null : records;
        } catch (IOException | RuntimeException notThisShape) {
            return null;
        }
    }

    @Nullable
    private static List<JsonNode> records(JsonParser p) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        JsonToken token;
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.START_OBJECT) {
                return null;
            }
            JsonNode sns = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("Sns")) {
                    sns = value == JsonToken.START_OBJECT ? sns(p) : null;
                    if (sns == null) {
                        return null;
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (sns == null) {
                return null;
            }
            out.add(sns);
        }
        return out;
    }

    private static JsonNode sns(JsonParser p) throws IOException {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if (READ.contains(name)) {
                fields.put(name, Json.readTree(p));
            } else {
                p.skipChildren();
            }
        }
        return JsonNode.createObjectNode(fields);
    }
}
