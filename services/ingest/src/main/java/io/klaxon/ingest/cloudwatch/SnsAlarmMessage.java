package io.klaxon.ingest.cloudwatch;

import io.klaxon.ingest.json.Json;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields {@link CloudWatchAlarms} reads from the JSON an alarm publishes to SNS, each as
 * {@link Json#text} would give it (trimmed text, null when absent, null, blank or a container). Two
 * readers fill it: {@link #of(JsonNode)} from a parsed tree, for any message, and
 * {@link SnsAlarmMessageReader} straight from the parser's tokens, for the common case; the facts are
 * then built from it the same way ({@code SnsAlarmMessageReaderTest} compares the two).
 */
final class SnsAlarmMessage {

    @Nullable String name;
    @Nullable String arn;
    @Nullable String accountId;
    @Nullable String regionName;
    @Nullable String state;
    @Nullable String previousState;
    @Nullable String reason;
    @Nullable String description;
    @Nullable String changeTime;
    @Nullable String alarmRule;
    /** {@code TriggeringChildren[].Arn} (else {@code .arn}), in order, those with text only. */
    final List<String> children = new ArrayList<>(0);
    /** Null when the message has no {@code Trigger} object. */
    @Nullable Trigger trigger;

    static final class Trigger {
        @Nullable String metricName;
        @Nullable String namespace;
        /** {@code Dimensions[]}: name to value, the first value of a name kept. */
        Map<String, String> dimensions = new LinkedHashMap<>();
        final List<Metric> metrics = new ArrayList<>(0);
        @Nullable String thresholdMetricId;
        @Nullable String comparisonOperator;
        @Nullable String threshold;
        @Nullable String statistic;
        @Nullable String extendedStatistic;
        @Nullable String period;
        @Nullable String evaluationPeriods;
        @Nullable String datapointsToAlarm;
        @Nullable String treatMissingData;
        @Nullable String unit;
    }

    /** One object of {@code Trigger.Metrics[]} (metric-math and anomaly-detection alarms). */
    static final class Metric {
        @Nullable String expression;
        /** {@code ReturnData} is the JSON literal {@code true}. */
        boolean returnData;
        /** {@code MetricStat.Metric} is an object. */
        boolean hasMetric;
        @Nullable String namespace;
        @Nullable String metricName;
        Map<String, String> dimensions = new LinkedHashMap<>();
        /** {@code MetricStat.Stat}. */
        @Nullable String stat;
    }

    /** True when the message is an alarm's: it has a name and a new state. */
    boolean isAlarm() {
        return name != null && state != null;
    }

    /** Reads a parsed message. */
    static SnsAlarmMessage of(JsonNode message) {
        SnsAlarmMessage out = new SnsAlarmMessage();
        out.name = Json.text(message, "AlarmName");
        out.arn = Json.text(message, "AlarmArn");
        out.accountId = Json.text(message, "AWSAccountId");
        out.regionName = Json.text(message, "Region");
        out.state = Json.text(message, "NewStateValue");
        out.previousState = Json.text(message, "OldStateValue");
        out.reason = Json.text(message, "NewStateReason");
        out.description = Json.text(message, "AlarmDescription");
        out.changeTime = Json.text(message, "StateChangeTime");
        out.alarmRule = Json.text(message, "AlarmRule");
        for (JsonNode child : Json.array(message, "TriggeringChildren")) {
            String childArn = Json.firstText(child, "Arn", "arn");
            if (childArn != null) {
                out.children.add(childArn);
            }
        }
        JsonNode trigger = Json.object(message, "Trigger");
        if (trigger != null) {
            Trigger t = new Trigger();
            t.metricName = Json.text(trigger, "MetricName");
            t.namespace = Json.text(trigger, "Namespace");
            t.dimensions = dimensions(trigger.get("Dimensions"));
            for (JsonNode metric : Json.array(trigger, "Metrics")) {
                Metric m = new Metric();
                m.expression = Json.text(metric, "Expression");
                JsonNode returnData = metric.isObject() ? metric.get("ReturnData") : null;
                m.returnData = returnData != null && returnData.isBoolean() && returnData.getBooleanValue();
                JsonNode metricStat = Json.object(metric, "MetricStat");
                JsonNode stat = Json.object(metricStat, "Metric");
                if (stat != null) {
                    m.hasMetric = true;
                    m.namespace = Json.text(stat, "Namespace");
                    m.metricName = Json.text(stat, "MetricName");
                    m.dimensions = dimensions(stat.get("Dimensions"));
                }
                m.stat = Json.text(metricStat, "Stat");
                t.metrics.add(m);
            }
            t.thresholdMetricId = Json.text(trigger, "ThresholdMetricId");
            t.comparisonOperator = Json.text(trigger, "ComparisonOperator");
            t.threshold = Json.text(trigger, "Threshold");
            t.statistic = Json.text(trigger, "Statistic");
            t.extendedStatistic = Json.text(trigger, "ExtendedStatistic");
            t.period = Json.text(trigger, "Period");
            t.evaluationPeriods = Json.text(trigger, "EvaluationPeriods");
            t.datapointsToAlarm = Json.text(trigger, "DatapointsToAlarm");
            t.treatMissingData = Json.text(trigger, "TreatMissingData");
            t.unit = Json.text(trigger, "Unit");
            out.trigger = t;
        }
        return out;
    }

    /** SNS alarm dimensions: {@code [{"name":…,"value":…}]}, keys in either case and either order. */
    private static Map<String, String> dimensions(@Nullable JsonNode dimensions) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode d : Json.elements(dimensions)) {
            String name = Json.firstText(d, "name", "Name");
            String value = Json.firstText(d, "value", "Value");
            if (name != null && value != null) {
                out.putIfAbsent(name, value);
            }
        }
        return out;
    }
}
