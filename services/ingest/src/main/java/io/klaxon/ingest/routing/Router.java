package io.klaxon.ingest.routing;

import io.klaxon.ingest.budgets.BudgetNotifications;
import io.klaxon.ingest.cloudwatch.CloudWatchAlarms;
import io.klaxon.ingest.ec2.Ec2Events;
import io.klaxon.ingest.envelope.Event;
import io.klaxon.ingest.envelope.Origin;
import io.klaxon.ingest.generic.GenericAlerts;
import io.klaxon.ingest.health.HealthEvents;
import io.klaxon.ingest.json.Json;
import io.klaxon.ingest.security.GuardDutyFindings;
import io.klaxon.ingest.security.SecurityHubFindings;
import io.klaxon.ingest.signal.SignalSink;
import io.micronaut.json.tree.JsonNode;
import java.util.Map;

/**
 * Chooses the normalizer for a message by its shape (never by where it came from: the same alarm
 * arrives through SNS, SQS, EventBridge or a Lambda action). Anything without a dedicated normalizer
 * goes to the generic one, so no message is dropped for being unfamiliar.
 */
public final class Router {

    private static final String AUTOSCALING_TEST = "autoscaling:TEST_NOTIFICATION";

    private final CloudWatchAlarms cloudWatch = new CloudWatchAlarms();
    private final Ec2Events ec2 = new Ec2Events();
    private final HealthEvents health = new HealthEvents();
    private final BudgetNotifications budgets = new BudgetNotifications();
    private final GuardDutyFindings guardDuty = new GuardDutyFindings();
    private final SecurityHubFindings securityHub = new SecurityHubFindings();
    private final GenericAlerts generic = new GenericAlerts();

    /** A message body as text: JSON when it parses as JSON, else plain text. */
    public void message(Origin origin, String text, SignalSink sink) {
        // The commonest message, an alarm's, is read straight from the text; anything else, or anything
        // unusual in one, takes the general path below.
        if (cloudWatch.fromSnsMessageText(origin, text, sink)) {
            return;
        }
        JsonNode json = Json.parseIfJson(text);
        if (json != null) {
            json(origin, json, sink);
        } else if (BudgetNotifications.isBudgetNotification(origin, text)) {
            budgets.normalize(origin, text, sink);
        } else {
            generic.text(origin, text, sink);
        }
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
        } else if (SecurityHubFindings.isBareFinding(node)) {
            securityHub.bare(origin, node, sink);
        } else if (AUTOSCALING_TEST.equals(Json.text(node, "Event"))) {
            sink.ignore(origin.where() + ": " + AUTOSCALING_TEST + " for group \""
                    + Json.text(node, "AutoScalingGroupName") + "\"", "Auto Scaling sends it to check the topic; it is not an alert");
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
        } else if (Ec2Events.handles(event)) {
            ec2.normalize(origin, event, sink);
        } else if (HealthEvents.handles(event)) {
            health.normalize(origin, event, sink);
        } else if (GuardDutyFindings.handles(event)) {
            guardDuty.normalize(origin, event, sink);
        } else if (SecurityHubFindings.handles(event)) {
            securityHub.normalize(origin, event, sink);
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
            generic.json(origin, JsonNode.createObjectNode(Map.of("items", array)), sink);
            return;
        }
        for (int i = 0; i < array.size(); i++) {
            JsonNode element = array.get(i);
            event(origin.withContent(origin.where() + "[" + i + "]", Json.write(element)), Event.of(element), sink);
        }
    }
}
