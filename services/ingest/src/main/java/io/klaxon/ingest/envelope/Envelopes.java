package io.klaxon.ingest.envelope;

import io.klaxon.ingest.SubscriptionConfirmation;
import io.klaxon.ingest.UnreadableInputException;
import io.klaxon.ingest.json.Json;
import io.klaxon.ingest.routing.Router;
import io.klaxon.ingest.signal.SignalSink;
import io.klaxon.ingest.text.PlainText;
import io.klaxon.ingest.time.SourceTimes;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Opens the envelopes a notification arrives in and hands each message to the {@link Router}:
 * <ul>
 *   <li>the SNS Lambda event ({@code Records[].Sns}), the SNS HTTP(S) body ({@code Type}, {@code Message}),</li>
 *   <li>SQS records whose {@code body} is an SNS JSON envelope or, with raw delivery, the bare message,</li>
 *   <li>an EventBridge event, an array of them, or PutEvents request entries ({@code Source}/{@code DetailType}/{@code Detail}),</li>
 *   <li>a bare message: a CloudWatch alarm message, a Lambda alarm action, any other JSON.</li>
 * </ul>
 * An envelope that lacks the part that carries the message is unreadable: the whole input is
 * rejected so that the caller's failure path keeps it.
 */
public final class Envelopes {

    private static final String NOTIFICATION = "Notification";
    private static final List<String> CONFIRMATIONS = List.of("SubscriptionConfirmation", "UnsubscribeConfirmation");

    private final Router router;

    public Envelopes(Router router) {
        this.router = router;
    }

    public void open(JsonNode root, String rawInput, SignalSink sink) {
        if (root.isArray()) {
            openArray(root, sink);
        } else if (!root.isObject()) {
            throw new UnreadableInputException("input is a JSON " + kind(root) + ", not an object or an array");
        } else if (Json.has(root, "Records")) {
            openRecords(root, sink);
        } else if (isSnsEnvelope(root)) {
            openSns("input", root::get, sink);
        } else {
            router.json(Origin.bare("input", rawInput), root, sink);
        }
    }

    /**
     * Opens an SNS Lambda event straight from its UTF-8 bytes (well-formed: {@link io.klaxon.ingest.RawInput#utf8()}),
     * without the tree of the whole envelope;
     * false (and nothing emitted) when the input is not one, and the caller parses it in full.
     */
    public boolean openSnsLambdaEvent(byte[] utf8, SignalSink sink) {
        List<SnsFields> records = SnsLambdaEvents.read(utf8);
        if (records == null) {
            return false;
        }
        for (int i = 0; i < records.size(); i++) {
            openSns("Records[" + i + "].Sns", records.get(i), sink);
        }
        return true;
    }

    private void openArray(JsonNode root, SignalSink sink) {
        if (root.size() == 0) {
            throw new UnreadableInputException("input is an empty JSON array: there is nothing to normalize");
        }
        for (int i = 0; i < root.size(); i++) {
            JsonNode element = root.get(i);
            String where = "[" + i + "]";
            if (element == null || !element.isObject()) {
                throw new UnreadableInputException(where + " is a JSON " + kind(element) + ", not an event object");
            }
            JsonNode event = isPutEventsEntry(element) ? fromPutEventsEntry(where, element) : element;
            router.json(Origin.bare(where, Json.write(element)), event, sink);
        }
    }

    private void openRecords(JsonNode root, SignalSink sink) {
        List<JsonNode> records = Json.array(root, "Records");
        if (records.isEmpty()) {
            throw new UnreadableInputException("Records is empty or not an array: there is nothing to normalize");
        }
        for (int i = 0; i < records.size(); i++) {
            JsonNode record = records.get(i);
            String where = "Records[" + i + "]";
            JsonNode sns = Json.object(record, "Sns");
            if (sns != null) {
                openSns(where + ".Sns", sns::get, sink);
            } else if (Json.has(record, "body")) {
                openSqs(where, record, sink);
            } else {
                String source = Json.firstText(record, "eventSource", "EventSource");
                throw new UnreadableInputException(where + " is neither an SNS nor an SQS record"
                        + (source == null ? "" : " (eventSource " + source + ")"));
            }
        }
    }

    /**
     * An SNS HTTP(S) body: SNS's {@code Type} beside one of the fields SNS always sends. An envelope
     * that lost its {@code Message} is still an envelope, so it is rejected as such rather than
     * posted as an alert about the envelope itself.
     */
    private static boolean isSnsEnvelope(JsonNode node) {
        String type = Json.text(node, "Type");
        return type != null && (type.equals(NOTIFICATION) || CONFIRMATIONS.contains(type))
                && (Json.has(node, "Message") || Json.has(node, "SubscribeURL") || Json.has(node, "TopicArn")
                || Json.has(node, "MessageId"));
    }

    private void openSns(String where, SnsFields sns, SignalSink sink) {
        String type = Json.text(sns.get("Type"));
        String messageId = Json.text(sns.get("MessageId"));
        String topicArn = Json.text(sns.get("TopicArn"));
        if (type != null && CONFIRMATIONS.contains(type)) {
            // Logged as it is: a hand-made confirmation must not bring control characters to the log.
            sink.confirmation(new SubscriptionConfirmation(type, PlainText.noControls(topicArn),
                    PlainText.noControls(Json.text(sns.get("SubscribeURL"))), PlainText.noControls(messageId)));
            return;
        }
        if (type != null && !type.equals(NOTIFICATION)) {
            throw new UnreadableInputException(where + " has SNS Type \"" + type + "\", which is not a notification");
        }
        JsonNode message = sns.get("Message");
        if (message == null || message.isNull()) {
            throw new UnreadableInputException(where + " has no Message");
        }
        // Read only if a normalizer asks (an alarm's message has its own time): see Origin.
        Supplier<Origin.Facts> facts = () -> new Origin.Facts(Json.text(sns.get("Subject")),
                SourceTimes.parse(Json.text(sns.get("Timestamp"))), snsAttributes(objectOrNull(sns.get("MessageAttributes"))));
        if (message.isObject() || message.isArray()) {
            // Some harnesses pass the Message as an object rather than a JSON string: accept it as it is.
            String content = Json.write(message);
            router.json(Origin.deferred(where, messageId, topicArn, facts, content), message, sink);
            return;
        }
        String text = message.isString() ? message.getStringValue() : message.coerceStringValue();
        if (text == null || text.isBlank()) {
            throw new UnreadableInputException(where + ".Message is empty");
        }
        router.message(Origin.deferred(where, messageId, topicArn, facts, text), text, sink);
    }

    @Nullable
    private static JsonNode objectOrNull(@Nullable JsonNode value) {
        return value != null && value.isObject() ? value : null;
    }

    private void openSqs(String where, JsonNode record, SignalSink sink) {
        JsonNode bodyNode = record.get("body");
        String body = bodyNode != null && bodyNode.isString() ? bodyNode.getStringValue() : null;
        if (body == null || body.isBlank()) {
            throw new UnreadableInputException(where + ".body is empty");
        }
        JsonNode parsed = Json.parseIfJson(body);
        if (parsed != null && parsed.isObject() && isSnsEnvelope(parsed)) {
            openSns(where + ".body", parsed::get, sink);
            return;
        }
        Origin origin = new Origin(where, Json.text(record, "messageId"), null, null,
                SourceTimes.parse(Json.text(Json.object(record, "attributes"), "SentTimestamp")),
                sqsAttributes(Json.object(record, "messageAttributes")), body);
        if (parsed != null) {
            router.json(origin, parsed, sink);
        } else {
            router.message(origin, body, sink);
        }
    }

    private static boolean isPutEventsEntry(JsonNode node) {
        return Json.has(node, "DetailType") && Json.has(node, "Detail");
    }

    /** Turns a PutEvents request entry into the shape EventBridge delivers. */
    private static JsonNode fromPutEventsEntry(String where, JsonNode entry) {
        JsonNode detailNode = entry.get("Detail");
        JsonNode detail = detailNode.isObject() ? detailNode : Json.parseIfJson(Json.text(detailNode));
        if (detail == null || !detail.isObject()) {
            throw new UnreadableInputException(where + ".Detail is not a JSON object");
        }
        Map<String, JsonNode> event = new LinkedHashMap<>();
        copy(entry, "Source", event, "source");
        copy(entry, "DetailType", event, "detail-type");
        copy(entry, "Resources", event, "resources");
        copy(entry, "Time", event, "time");
        event.put("detail", detail);
        return JsonNode.createObjectNode(event);
    }

    private static void copy(JsonNode from, String field, Map<String, JsonNode> to, String name) {
        JsonNode value = from.get(field);
        if (value != null) {
            to.put(name, value);
        }
    }

    private static Map<String, String> snsAttributes(JsonNode attributes) {
        Map<String, String> out = new LinkedHashMap<>();
        if (attributes != null) {
            for (Map.Entry<String, JsonNode> e : attributes.entries()) {
                String type = Json.text(e.getValue(), "Type");
                String value = Json.text(e.getValue(), "Value");
                if (value != null && (type == null || type.startsWith("String") || type.startsWith("Number"))) {
                    out.put(e.getKey(), value);
                }
            }
        }
        return out;
    }

    private static Map<String, String> sqsAttributes(JsonNode attributes) {
        Map<String, String> out = new LinkedHashMap<>();
        if (attributes != null) {
            for (Map.Entry<String, JsonNode> e : attributes.entries()) {
                String value = Json.text(e.getValue(), "stringValue");
                if (value != null) {
                    out.put(e.getKey(), value);
                }
            }
        }
        return out;
    }

    private static String kind(JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        if (node.isString()) {
            return "string";
        }
        if (node.isNumber()) {
            return "number";
        }
        if (node.isBoolean()) {
            return "boolean";
        }
        return node.isArray() ? "array" : "object";
    }
}
