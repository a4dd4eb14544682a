package io.klaxon.ingest.envelope;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.klaxon.ingest.json.FieldOrder;
import io.klaxon.ingest.json.Json;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
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
 * <p>The fields an alarm's path never reads ({@code Subject}, {@code Timestamp}, {@code MessageAttributes})
 * are skipped, and only their place in the input is kept: {@link SnsFields#get} reads one from there when
 * asked, into the node the tree would have held (seventh round in docs/benchmarks.md: reading them was about
 * 0.1–0.2 µs of the 5 µs an alarm takes). Skipping checks a string as reading it does (escapes, control
 * characters, the UTF-8 that {@link io.klaxon.ingest.RawInput} has already checked); only the parser's limit on
 * a string's length is not checked when skipping, so an input past 1 MB (SNS messages stop at 256 KB) reads
 * them at once, as before. Only strings and objects are deferred: a number on its own at the
 * start of a parser would need a space after it.
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

    /** The fields an alarm never reads: read on demand, when the input is at most {@link #MAX_DEFERRING} bytes. */
    private static final Set<String> DEFERRED = Set.of("Subject", "Timestamp", "MessageAttributes");
    private static final int MAX_DEFERRING = 1 << 20;

    private SnsLambdaEvents() {
    }

    /** The {@code Sns} objects of the records, in order, holding only the fields read; null when not this shape. */
    @Nullable
    static List<SnsFields> read(byte[] utf8) {
        try (JsonParser p = Json.parser(utf8)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            List<SnsFields> records = null;
            int expected = 0;
            while (ROOT.next(p, expected) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                expected = ROOT.after(name, expected);
                JsonToken value = p.nextToken();
                if (name.equals("Records")) {
                    // A repeated key: the tree keeps the last one, so does this.
                    records = value == JsonToken.START_ARRAY ? records(p, utf8) : null;
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
    private static List<SnsFields> records(JsonParser p, byte[] utf8) throws IOException {
        List<SnsFields> out = new ArrayList<>();
        JsonToken token;
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.START_OBJECT) {
                return null;
            }
            Sns sns = null;
            int expected = 0;
            while (RECORD.next(p, expected) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                expected = RECORD.after(name, expected);
                JsonToken value = p.nextToken();
                if (name.equals("Sns")) {
                    sns = value == JsonToken.START_OBJECT ? sns(p, utf8) : null;
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

    private static Sns sns(JsonParser p, byte[] utf8) throws IOException {
        Sns sns = new Sns(utf8);
        boolean deferring = utf8.length <= MAX_DEFERRING;
        int expected = 0;
        while (SNS.next(p, expected) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            expected = SNS.after(name, expected);
            JsonToken value = p.nextToken();
            if (deferring && DEFERRED.contains(name) && (value == JsonToken.VALUE_STRING || value == JsonToken.START_OBJECT)) {
                sns.defer(name, (int) p.currentTokenLocation().getByteOffset());
                p.skipChildren();
            } else if (READ.contains(name)) {
                sns.read(name, Json.readTree(p));
            } else {
                p.skipChildren();
            }
        }
        return sns;
    }

    /**
     * One record's {@code Sns}: the fields read, and where the deferred ones start. A repeated name keeps its
     * last value, as the tree does. One normalize call's thread only.
     */
    private static final class Sns implements SnsFields {

        private final byte[] utf8;
        private final Map<String, JsonNode> read = new HashMap<>();
        private Map<String, Integer> deferred;

        Sns(byte[] utf8) {
            this.utf8 = utf8;
        }

        void read(String name, JsonNode value) {
            read.put(name, value);
            if (deferred != null) {
                deferred.remove(name);
            }
        }

        void defer(String name, int offset) {
            if (deferred == null) {
                deferred = new HashMap<>(4);
            }
            deferred.put(name, offset);
            read.remove(name);
        }

        @Override
        @Nullable
        public JsonNode get(String name) {
            Integer offset = deferred == null ? null : deferred.remove(name);
            if (offset != null) {
                read.put(name, Json.readTreeAt(utf8, offset));
            }
            return read.get(name);
        }
    }
}
