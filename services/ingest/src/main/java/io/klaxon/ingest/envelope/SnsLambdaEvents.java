package io.klaxon.ingest.envelope;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.klaxon.ingest.json.FieldOrder;
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
 * normalize an alarm (docs/benchmarks.md). The names are read with the order Lambda writes them in as a hint
 * ({@link FieldOrder}); any order reads the same.
 *
 * <p>Answers null for anything else, or anything unexpected (an empty or non-array {@code Records},
 * a record without an {@code Sns} object, JSON that does not parse), so that the general path
 * handles it and reports exactly as before.
 */
final class SnsLambdaEvents {

    /** What {@link Envelopes} reads from an SNS envelope. */
    private static final Set<String> READ = Set.of("Type", "MessageId", "TopicArn", "Subject", "Timestamp",
            "Message", "MessageAttributes", "SubscribeURL");
    /** The orders Lambda writes the event, a record and its {@code Sns} in: hints to the parser only. */
    private static final FieldOrder ROOT = new FieldOrder("Records");
    private static final FieldOrder RECORD = new FieldOrder("EventSource", "EventVersion", "EventSubscriptionArn", "Sns");
    private static final FieldOrder SNS = new FieldOrder("Type", "MessageId", "TopicArn", "Subject", "Message",
            "Timestamp", "SignatureVersion", "Signature", "SigningCertUrl", "UnsubscribeUrl", "MessageAttributes");

    private SnsLambdaEvents() {
    }

    /** The {@code Sns} objects of the records, in order, holding only the fields read; null when not this shape. */
    @Nullable
    static List<JsonNode> read(byte[] utf8) {
        try (JsonParser p = Json.parser(utf8)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            List<JsonNode> records = null;
            int expected = 0;
            while (ROOT.next(p, expected) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                expected = ROOT.after(name, expected);
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
            int expected = 0;
            while (RECORD.next(p, expected) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                expected = RECORD.after(name, expected);
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
        int expected = 0;
        while (SNS.next(p, expected) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            expected = SNS.after(name, expected);
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
