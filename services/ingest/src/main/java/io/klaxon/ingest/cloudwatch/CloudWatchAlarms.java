package io.klaxon.ingest.cloudwatch;

import io.klaxon.ingest.aws.Accounts;
import io.klaxon.ingest.aws.Arn;
import io.klaxon.ingest.aws.Regions;
import io.klaxon.ingest.envelope.Event;
import io.klaxon.ingest.envelope.Origin;
import io.klaxon.ingest.json.Json;
import io.klaxon.ingest.signal.LabelName;
import io.klaxon.ingest.signal.SignalSink;
import io.klaxon.ingest.time.SourceTimes;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CloudWatch alarms, in the three shapes AWS delivers them:
 * <ul>
 *   <li>the alarm message an alarm action publishes to SNS ({@code AlarmName}, {@code NewStateValue},
 *       {@code Trigger} …) — metric, metric-math, anomaly-detection and composite alarms;</li>
 *   <li>the EventBridge event "CloudWatch Alarm State Change" (and "… Configuration Change", which is
 *       not a state transition and is ignored visibly);</li>
 *   <li>the payload of a Lambda alarm action ({@code alarmArn}, {@code alarmData}).</li>
 * </ul>
 *
 * <p>Facts are taken from where they are authoritative: region and partition from the ARNs (the alarm's,
 * then the topic's), never from the {@code Region} display name, which messages get wrong ("US
 * (Virginia)" for a us-east-1 topic); the display name is looked up only when a message has no ARN at all.
 */
public final class CloudWatchAlarms {

    public static final String STATE_CHANGE = "CloudWatch Alarm State Change";
    public static final String CONFIGURATION_CHANGE = "CloudWatch Alarm Configuration Change";

    private static final String TREAT_MISSING_DATA = "TreatMissingData";

    /** True for the JSON an alarm publishes to SNS. */
    public static boolean isSnsAlarmMessage(JsonNode node) {
        return Json.text(node, "AlarmName") != null && Json.text(node, "NewStateValue") != null;
    }

    /** True for the payload CloudWatch sends when it invokes a Lambda function as an alarm action. */
    public static boolean isLambdaAlarmAction(JsonNode node) {
        return Json.object(node, "alarmData") != null
                && (Json.text(node, "alarmArn") != null || "aws.cloudwatch".equals(Json.text(node, "source")));
    }

    // ---- SNS ------------------------------------------------------------------------------------

    public void fromSnsMessage(Origin origin, JsonNode message, SignalSink sink) {
        fromSnsMessage(origin, SnsAlarmMessage.of(message), sink);
    }

    /**
     * The alarm message an SNS message's text holds, read without building its tree; false (and nothing
     * emitted) when the text is not one or is anything unusual, and the caller takes the general path.
     */
    public boolean fromSnsMessageText(Origin origin, String text, SignalSink sink) {
        SnsAlarmMessage message = SnsAlarmMessageReader.read(text);
        if (message == null) {
            return false;
        }
        fromSnsMessage(origin, message, sink);
        return true;
    }

    void fromSnsMessage(Origin origin, SnsAlarmMessage message, SignalSink sink) {
        AlarmFacts alarm = new AlarmFacts();
        alarm.name = message.name;
        alarm.arn = message.arn;
        Arn alarmArn = alarm.parsedArn();
        Arn topicArn = Arn.parse(origin.topicArn());
        alarm.account = Accounts.first(message.accountId,
                alarmArn == null ? null : alarmArn.account(), topicArn == null ? null : topicArn.account());
        alarm.region = Regions.first(alarmArn == null ? null : alarmArn.region(),
                topicArn == null ? null : topicArn.region());
        if (alarm.region == null && alarmArn == null && topicArn == null) {
            alarm.region = Regions.fromDisplayName(message.regionName);
        }
        alarm.partition = partition(alarm.region, alarmArn, topicArn);
        alarm.state = message.state;
        alarm.previousState = message.previousState;
        alarm.reason = message.reason;
        alarm.description = message.description;
        alarm.rawChangedAt = message.changeTime;
        alarm.changedAt = SourceTimes.parse(alarm.rawChangedAt);
        if (alarm.changedAt == null) {
            alarm.changedAt = origin.deliveredAt();
        }
        alarm.alarmRule = message.alarmRule;
        alarm.children.addAll(message.children);

        SnsAlarmMessage.Trigger trigger = message.trigger;
        if (trigger != null) {
            if (trigger.metricName != null || trigger.namespace != null) {
                alarm.metrics.add(new AlarmFacts.MetricStat(trigger.namespace, trigger.metricName, trigger.dimensions));
            }
            for (SnsAlarmMessage.Metric metric : trigger.metrics) {
                if (metric.expression != null) {
                    addExpression(alarm, metric.expression, metric.returnData);
                }
                if (metric.hasMetric) {
                    alarm.metrics.add(new AlarmFacts.MetricStat(metric.namespace, metric.metricName, metric.dimensions));
                    setting(alarm, AlarmLabels.STATISTIC, metric.stat);
                }
            }
            alarm.thresholdMetricId = trigger.thresholdMetricId;
            alarm.comparisonOperator = trigger.comparisonOperator;
            setting(alarm, AlarmLabels.THRESHOLD, trigger.threshold);
            setting(alarm, AlarmLabels.STATISTIC, trigger.statistic != null ? trigger.statistic : trigger.extendedStatistic);
            setting(alarm, AlarmLabels.PERIOD, trigger.period);
            setting(alarm, AlarmLabels.EVALUATION_PERIODS, trigger.evaluationPeriods);
            setting(alarm, AlarmLabels.DATAPOINTS_TO_ALARM, trigger.datapointsToAlarm);
            setting(alarm, AlarmLabels.TREAT_MISSING_DATA, treatMissingData(trigger.treatMissingData));
            setting(alarm, AlarmLabels.UNIT, unit(trigger.unit));
            setting(alarm, AlarmLabels.THRESHOLD_METRIC_ID, alarm.thresholdMetricId);
        }
        AlarmSignals.emit(alarm, origin, sink, null);
    }

    // ---- EventBridge ----------------------------------------------------------------------------

    public void fromEventBridge(Origin origin, Event event, SignalSink sink) {
        JsonNode detail = event.detail();
        AlarmFacts alarm = new AlarmFacts();
        String arnText = event.resources().stream().filter(r -> r.contains(":cloudwatch:")).findFirst()
                .orElse(event.resources().isEmpty() ? null : event.resources().getFirst());
        alarm.name = Json.text(detail, "alarmName");
        fromAlarmData(alarm, arnText, event.account(), event.region(), detail);
        if (alarm.changedAt == null) {
            alarm.changedAt = event.time();
        }
        AlarmSignals.emit(alarm, origin, sink, event.id());
    }

    /** "CloudWatch Alarm Configuration Change" says an alarm was created, updated or deleted: not a state change. */
    public void configurationChange(Origin origin, Event event, SignalSink sink) {
        String operation = Json.text(event.detail(), "operation");
        sink.ignore(origin.where() + ": " + CONFIGURATION_CHANGE + " \"" + Json.text(event.detail(), "alarmName")
                        + "\" (operation " + (operation == null ? "unknown" : operation) + ", event " + event.id() + ")",
                "a configuration change is not a state transition; alarm state changes arrive as \""
                        + STATE_CHANGE + "\"");
    }

    // ---- Lambda alarm action --------------------------------------------------------------------

    public void fromLambdaAction(Origin origin, JsonNode payload, SignalSink sink) {
        JsonNode data = Json.object(payload, "alarmData");
        AlarmFacts alarm = new AlarmFacts();
        alarm.name = Json.text(data, "alarmName");
        fromAlarmData(alarm, Json.text(payload, "alarmArn"), Accounts.clean(Json.text(payload, "accountId")),
                Regions.code(Json.text(payload, "region")), data);
        if (alarm.changedAt == null) {
            alarm.changedAt = SourceTimes.parse(Json.text(payload, "time"));
        }
        AlarmSignals.emit(alarm, origin, sink, null);
    }

    /** The part EventBridge events and Lambda actions share: name, state, previousState, configuration. */
    private static void fromAlarmData(AlarmFacts alarm, @Nullable String arnText, @Nullable String account,
                                      @Nullable String region, JsonNode data) {
        alarm.arn = arnText;
        Arn arn = alarm.parsedArn();
        if (alarm.name == null && arn != null && arn.resource().startsWith("alarm:")) {
            alarm.name = arn.resource().substring("alarm:".length());
        }
        alarm.account = Accounts.first(account, arn == null ? null : arn.account());
        alarm.region = Regions.first(arn == null ? null : arn.region(), region);
        alarm.partition = partition(alarm.region, arn, null);

        JsonNode state = Json.object(data, "state");
        alarm.state = Json.text(state, "value");
        alarm.reason = Json.text(state, "reason");
        alarm.rawChangedAt = Json.text(state, "timestamp");
        alarm.changedAt = SourceTimes.parse(alarm.rawChangedAt);
        alarm.suppressedBy = Json.text(state, "actionsSuppressedBy");
        alarm.previousState = Json.text(Json.object(data, "previousState"), "value");
        JsonNode reasonData = Json.parseIfJson(Json.text(state, "reasonData"));
        for (JsonNode triggering : Json.array(reasonData, "triggeringAlarms")) {
            String childArn = Json.text(triggering, "arn");
            if (childArn != null) {
                alarm.children.add(childArn);
            }
        }

        JsonNode configuration = Json.object(data, "configuration");
        alarm.description = Json.text(configuration, "description");
        alarm.alarmRule = Json.text(configuration, "alarmRule");
        for (JsonNode metric : Json.array(configuration, "metrics")) {
            String expression = Json.text(metric, "expression");
            if (expression != null) {
                addExpression(alarm, expression, isTrue(metric.get("returnData")));
            }
            JsonNode metricStat = Json.object(metric, "metricStat");
            JsonNode m = Json.object(metricStat, "metric");
            if (m != null) {
                Map<String, String> dimensions = new LinkedHashMap<>();
                JsonNode dims = Json.object(m, "dimensions");
                if (dims != null) {
                    for (Map.Entry<String, JsonNode> d : dims.entries()) {
                        String value = Json.text(d.getValue());
                        if (value != null) {
                            dimensions.put(d.getKey(), value);
                        }
                    }
                }
                alarm.metrics.add(new AlarmFacts.MetricStat(Json.text(m, "namespace"), Json.text(m, "name"), dimensions));
                setting(alarm, AlarmLabels.STATISTIC, Json.text(metricStat, "stat"));
                setting(alarm, AlarmLabels.PERIOD, Json.text(metricStat, "period"));
                setting(alarm, AlarmLabels.UNIT, unit(Json.text(metricStat, "unit")));
            }
        }
        alarm.comparisonOperator = Json.text(configuration, "comparisonOperator");
        alarm.thresholdMetricId = Json.text(configuration, "thresholdMetricId");
        setting(alarm, AlarmLabels.THRESHOLD, Json.text(configuration, "threshold"));
        setting(alarm, AlarmLabels.EVALUATION_PERIODS, Json.text(configuration, "evaluationPeriods"));
        setting(alarm, AlarmLabels.DATAPOINTS_TO_ALARM, Json.text(configuration, "datapointsToAlarm"));
        setting(alarm, AlarmLabels.TREAT_MISSING_DATA, treatMissingData(Json.text(configuration, "treatMissingData")));
        setting(alarm, AlarmLabels.ACTIONS_SUPPRESSOR, Json.text(configuration, "actionsSuppressor"));
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static String partition(@Nullable String region, @Nullable Arn first, @Nullable Arn second) {
        if (first != null && first.knownPartition() != null) {
            return first.knownPartition();
        }
        if (second != null && second.knownPartition() != null) {
            return second.knownPartition();
        }
        return Regions.partitionOf(region);
    }

    private static void addExpression(AlarmFacts alarm, String expression, boolean returned) {
        if (returned) {
            alarm.expressions.addFirst(expression);
        } else {
            alarm.expressions.add(expression);
        }
    }

    private static boolean isTrue(@Nullable JsonNode node) {
        return node != null && node.isBoolean() && node.getBooleanValue();
    }

    private static void setting(AlarmFacts alarm, LabelName name, @Nullable String value) {
        if (value != null && !alarm.settings.containsKey(name)) {
            alarm.settings.put(name, value);
        }
    }

    /** Old messages write "- TreatMissingData:    missing"; keep the value only. */
    @Nullable
    private static String treatMissingData(@Nullable String value) {
        if (value == null) {
            return null;
        }
        String cleaned = withoutTreatMissingPrefix(value).strip();
        return cleaned.isEmpty() ? null : cleaned;
    }

    /**
     * SNS alarm messages write the setting as {@code "- TreatMissingData:  missing"}: drops that prefix
     * ({@code -?\s*TreatMissingData\s*:\s*}, any case) when the value starts with it. By hand, because
     * every SNS alarm has one and the regex was a measurable share of normalizing it.
     */
    static String withoutTreatMissingPrefix(String value) {
        int i = 0;
        int n = value.length();
        if (i < n && value.charAt(i) == '-') {
            i++;
        }
        i = skipWhitespace(value, i);
        if (!startsWithIgnoringAsciiCase(value, i, TREAT_MISSING_DATA)) {
            return value;
        }
        i = skipWhitespace(value, i + TREAT_MISSING_DATA.length());
        if (i >= n || value.charAt(i) != ':') {
            return value;
        }
        return value.substring(skipWhitespace(value, i + 1));
    }

    /** The regex's {@code (?i)}: ASCII letters only, unlike {@link String#regionMatches(boolean, int, String, int, int)}. */
    private static boolean startsWithIgnoringAsciiCase(String value, int from, String prefix) {
        if (value.length() - from < prefix.length()) {
            return false;
        }
        for (int j = 0; j < prefix.length(); j++) {
            char c = value.charAt(from + j);
            char p = prefix.charAt(j);
            if (c != p && (c | 0x20) != (p | 0x20)) {
                return false;
            }
        }
        return true;
    }

    /** Skips what {@code \s} matches: space, tab, newline, vertical tab, form feed, carriage return. */
    private static int skipWhitespace(String value, int from) {
        int i = from;
        while (i < value.length() && (value.charAt(i) == ' ' || value.charAt(i) >= '\t' && value.charAt(i) <= '\r')) {
            i++;
        }
        return i;
    }

    /** "None" is CloudWatch's way of saying there is no unit. */
    @Nullable
    private static String unit(@Nullable String value) {
        return value == null || value.equalsIgnoreCase("None") ? null : value;
    }
}
