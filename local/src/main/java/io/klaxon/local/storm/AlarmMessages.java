package io.klaxon.local.storm;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * The two shapes AWS delivers one CloudWatch alarm state change in: the SNS HTTP notification an alarm
 * action publishes, and the EventBridge event "CloudWatch Alarm State Change". Both carry the same alarm
 * ARN, so Klaxon gives them one alert key.
 */
final class AlarmMessages {

    static final String ACCOUNT = "123456789012";
    static final String REGION = "eu-west-1";
    private static final String TOPIC = "arn:aws:sns:" + REGION + ":" + ACCOUNT + ":klaxon-storm";
    /** CloudWatch's own StateChangeTime format, e.g. 2026-11-24T17:20:01.123+0000. */
    private static final DateTimeFormatter ALARM_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")
            .withZone(ZoneOffset.UTC);

    private AlarmMessages() {
    }

    /** One state change of an alarm: ALARM or OK, at the source's own time. */
    record Change(String alarmName, boolean firing, Instant changedAt, String snsMessageId, String eventId) {

        static Change of(String alarmName, boolean firing, Instant changedAt) {
            return new Change(alarmName, firing, changedAt, UUID.randomUUID().toString(), UUID.randomUUID().toString());
        }

        String alarmArn() {
            return AlarmMessages.alarmArn(alarmName);
        }
    }

    static String alarmArn(String alarmName) {
        return "arn:aws:cloudwatch:" + REGION + ":" + ACCOUNT + ":alarm:" + alarmName;
    }

    /** The SNS HTTP notification body (what POST /sns takes); a redelivery repeats its MessageId. */
    static String sns(Change change) {
        JsonObject trigger = new JsonObject();
        trigger.addProperty("MetricName", "5XXError");
        trigger.addProperty("Namespace", "AWS/ApiGateway");
        trigger.addProperty("Statistic", "SUM");
        trigger.add("Dimensions", new JsonArray());
        trigger.addProperty("Period", 60);
        trigger.addProperty("EvaluationPeriods", 1);
        trigger.addProperty("ComparisonOperator", "GreaterThanOrEqualToThreshold");
        trigger.addProperty("Threshold", 1.0);
        JsonObject message = new JsonObject();
        message.addProperty("AlarmName", change.alarmName());
        message.addProperty("AlarmArn", change.alarmArn());
        message.addProperty("AlarmDescription", "storm harness alarm");
        message.addProperty("AWSAccountId", ACCOUNT);
        message.addProperty("NewStateValue", state(change.firing()));
        message.addProperty("NewStateReason", reason(change.firing()));
        message.addProperty("StateChangeTime", ALARM_TIME.format(change.changedAt()));
        message.addProperty("Region", "EU (Ireland)");
        message.addProperty("OldStateValue", state(!change.firing()));
        message.add("Trigger", trigger);

        JsonObject notification = new JsonObject();
        notification.addProperty("Type", "Notification");
        notification.addProperty("MessageId", change.snsMessageId());
        notification.addProperty("TopicArn", TOPIC);
        notification.addProperty("Subject", state(change.firing()) + ": \"" + change.alarmName() + "\" in EU (Ireland)");
        notification.addProperty("Message", message.toString());
        notification.addProperty("Timestamp", change.changedAt().plusMillis(50).toString());
        notification.addProperty("SignatureVersion", "1");
        notification.addProperty("Signature", "c3Rvcm0=");
        notification.addProperty("SigningCertURL", "https://sns." + REGION + ".amazonaws.com/SimpleNotificationService-storm.pem");
        notification.addProperty("UnsubscribeURL", "https://sns." + REGION + ".amazonaws.com/?Action=Unsubscribe");
        return notification.toString();
    }

    /** The same state change as the EventBridge event (what POST /events takes), with its own event id. */
    static String eventBridge(Change change) {
        JsonObject state = new JsonObject();
        state.addProperty("value", state(change.firing()));
        state.addProperty("reason", reason(change.firing()));
        state.addProperty("timestamp", ALARM_TIME.format(change.changedAt()));
        JsonObject previous = new JsonObject();
        previous.addProperty("value", state(!change.firing()));
        previous.addProperty("timestamp", ALARM_TIME.format(change.changedAt().minusSeconds(60)));
        JsonObject metric = new JsonObject();
        metric.addProperty("namespace", "AWS/ApiGateway");
        metric.addProperty("name", "5XXError");
        metric.add("dimensions", new JsonObject());
        JsonObject metricStat = new JsonObject();
        metricStat.add("metric", metric);
        metricStat.addProperty("period", 60);
        metricStat.addProperty("stat", "Sum");
        JsonObject query = new JsonObject();
        query.addProperty("id", "m1");
        query.add("metricStat", metricStat);
        query.addProperty("returnData", true);
        JsonArray metrics = new JsonArray();
        metrics.add(query);
        JsonObject configuration = new JsonObject();
        configuration.addProperty("description", "storm harness alarm");
        configuration.add("metrics", metrics);
        JsonObject detail = new JsonObject();
        detail.addProperty("alarmName", change.alarmName());
        detail.add("state", state);
        detail.add("previousState", previous);
        detail.add("configuration", configuration);

        JsonObject event = new JsonObject();
        event.addProperty("version", "0");
        event.addProperty("id", change.eventId());
        event.addProperty("detail-type", "CloudWatch Alarm State Change");
        event.addProperty("source", "aws.cloudwatch");
        event.addProperty("account", ACCOUNT);
        event.addProperty("time", change.changedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        event.addProperty("region", REGION);
        JsonArray resources = new JsonArray();
        resources.add(change.alarmArn());
        event.add("resources", resources);
        event.add("detail", detail);
        return event.toString();
    }

    private static String state(boolean firing) {
        return firing ? "ALARM" : "OK";
    }

    private static String reason(boolean firing) {
        return firing ? "Threshold Crossed: 1 datapoint [3.0] was greater than or equal to the threshold (1.0)."
                : "Threshold Crossed: 1 datapoint [0.0] was not greater than or equal to the threshold (1.0).";
    }
}
