package io.klaxon.ingest.routing;

import io.klaxon.ingest.cloudwatch.CloudWatchAlarms;
import io.klaxon.ingest.envelope.Event;
import io.klaxon.ingest.envelope.Origin;
import io.klaxon.ingest.generic.GenericAlerts;
import io.klaxon.ingest.json.Json;
import io.klaxon.ingest.signal.SignalSink;
import io.micronaut.json.tree.JsonNode;

/**
 * Chooses the normalizer for a message by its shape (never by where it came from: the same alarm
 * arrives through SNS, SQS, EventBridge or a Lambda action). Anything without a dedicated normalizer
 * goes to the generic one, so no message is dropped for being unfamiliar.
 */
public final class Router {

    private final CloudWatchAlarms cloudWatch = new CloudWatchAlarms();
    private final GenericAlerts generic = new GenericAlerts();

    /** A message body as text: JSON when it parses as JSON, else plain text. */
    public void message(Origin origin, String text, SignalSink sink) {
        JsonNode json = Json.parseIfJson(text);
        if (json != null) {
            json(origin, json, sink);
            return;
        }
        generic.text(origin, text, sink);
    }

    /** A JSON message: an alarm, an event, a Lambda alarm action, or anything else. */
    public void json(Origin origin, JsonNode node, SignalSink sink) {
        if (node.isArray()) {
            jsonArray(origin, node, sink);
        } else if (CloudWatchAlarms.isSnsAlarmMessage(node)) {
            cloudWatch.fromSnsMessage(origin, node, sink);
        } else if (Event.isEvent(node)) {
            event(origin, Event.of(node), sink);
        } else if (CloudWatchAlarms.isLambdaAlarmAction(node)) {
            cloudWatch.fromLambdaAction(origin, node, sink);
        } else {
            generic.json(origin, node, sink);
        }
    }

    /** An EventBridge event, routed on source and detail-type. */
    public void event(Origin origin, Event event, SignalSink sink) {
        String source = event.source() == null ? "" : event.source();
        String type = event.detailType();
        if (source.equals("aws.cloudwatch") && type.equals(CloudWatchAlarms.STATE_CHANGE)) {
            cloudWatch.fromEventBridge(origin, event, sink);
        } else if (source.equals("aws.cloudwatch") && type.equals(CloudWatchAlarms.CONFIGURATION_CHANGE)) {
            cloudWatch.configurationChange(origin, event, sink);
        } else {
            generic.event(origin, event, sink);
        }
    }

    private void jsonArray(Origin origin, JsonNode array, SignalSink sink) {
        boolean allEvents = array.size() > 0;
        for (JsonNode element : array.values()) {
            allEvents &= Event.isEvent(element);
        }
        if (!allEvents) {
            generic.json(origin, JsonNode.createObjectNode(java.util.Map.of("items", array)), sink);
            return;
        }
        for (int i = 0; i < array.size(); i++) {
            JsonNode element = array.get(i);
            event(origin.withContent(origin.where() + "[" + i + "]", Json.write(element)), Event.of(element), sink);
        }
    }
}
