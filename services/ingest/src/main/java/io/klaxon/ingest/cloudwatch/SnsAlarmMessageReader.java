package io.klaxon.ingest.cloudwatch;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.klaxon.ingest.json.FieldOrder;
import io.klaxon.ingest.json.Json;
import io.klaxon.ingest.json.NumberLiterals;
import io.micronaut.core.annotation.Nullable;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the JSON an alarm publishes to SNS straight from the parser's tokens into an
 * {@link SnsAlarmMessage}, without building the message's tree: the commonest message ingest sees, and
 * the tree's maps and nodes, and the lookups in them, are work its path does not need (measured in
 * docs/benchmarks.md, third round: Jackson's tokenizing is most of what remains).
 *
 * <p>Answers null for anything else, or anything unexpected — text that does not look like one JSON
 * object, JSON that does not parse, a field read here that appears twice in one object, a message
 * without an alarm name or new state — so that the general path (tree, then {@link SnsAlarmMessage#of})
 * handles it and decides exactly as before. Values are taken as {@link Json#text} takes them from the
 * tree: strings trimmed, numbers and booleans as the tree's node writes them (a number literal that
 * certainly prints as itself is taken as it is: {@link NumberLiterals}), containers and nulls as null.
 * Names are read with the order CloudWatch writes them in as a hint ({@link FieldOrder}); any order reads the same.
 */
final class SnsAlarmMessageReader {

    private static final int MAX_LENGTH = 1 << 20;
    /** The orders CloudWatch writes an alarm message, its trigger and a dimension in: hints to the parser only. */
    private static final FieldOrder MESSAGE = new FieldOrder("AlarmName", "AlarmDescription", "AWSAccountId",
            "AlarmConfigurationUpdatedTimestamp", "NewStateValue", "NewStateReason", "StateChangeTime", "Region",
            "AlarmArn", "OldStateValue", "OKActions", "AlarmActions", "InsufficientDataActions", "Trigger");
    private static final FieldOrder TRIGGER = new FieldOrder("MetricName", "Namespace", "StatisticType", "Statistic",
            "Unit", "Dimensions", "Period", "EvaluationPeriods", "DatapointsToAlarm", "ComparisonOperator", "Threshold",
            "TreatMissingData", "EvaluateLowSampleCountPercentile");
    private static final FieldOrder DIMENSION = new FieldOrder("value", "name");

    private SnsAlarmMessageReader() {
    }

    /** The alarm message, or null when the text is not one or is anything unexpected. */
    @Nullable
    static SnsAlarmMessage read(String text) {
        // Exactly the text the general path parses (Json.parseIfJson): stripped, braces at both ends.
        String trimmed = text.strip();
        // Skipping a value checks less than reading it: a string past the parser's length limit (20M
        // characters) fails the tree path but would be skipped here. SNS messages stop at 256 KB; anything
        // far larger goes to the general path.
        if (trimmed.length() < 2 || trimmed.length() > MAX_LENGTH || trimmed.charAt(0) != '{' || trimmed.charAt(trimmed.length() - 1) != '}'
                || !trimmed.contains("\"NewStateValue\"")) {
            return null;
        }
        try (JsonParser p = Json.parser(trimmed)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            SnsAlarmMessage message = message(p);
            // As in the general path, whatever follows the root object is left unread.
            return message != null && message.isAlarm() ? message : null;
        } catch (IOException | RuntimeException notThisShape) {
            return null;
        }
    }

    @Nullable
    private static SnsAlarmMessage message(JsonParser p) throws IOException {
        SnsAlarmMessage m = new SnsAlarmMessage();
        Fields seen = new Fields();
        int expected = 0;
        while (MESSAGE.next(p, expected) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            expected = MESSAGE.after(name, expected);
            JsonToken value = p.nextToken();
            switch (name) {
                case "AlarmName" -> m.name = seen.first(0) ? text(p, value) : null;
                case "AlarmArn" -> m.arn = seen.first(1) ? text(p, value) : null;
                case "AWSAccountId" -> m.accountId = seen.first(2) ? text(p, value) : null;
                case "Region" -> m.regionName = seen.first(3) ? text(p, value) : null;
                case "NewStateValue" -> m.state = seen.first(4) ? text(p, value) : null;
                case "OldStateValue" -> m.previousState = seen.first(5) ? text(p, value) : null;
                case "NewStateReason" -> m.reason = seen.first(6) ? text(p, value) : null;
                case "AlarmDescription" -> m.description = seen.first(7) ? text(p, value) : null;
                case "StateChangeTime" -> m.changeTime = seen.first(8) ? text(p, value) : null;
                case "AlarmRule" -> m.alarmRule = seen.first(9) ? text(p, value) : null;
                case "TriggeringChildren" -> {
                    if (!seen.first(10) || !children(p, value, m)) {
                        return null;
                    }
                }
                case "Trigger" -> {
                    if (!seen.first(11)) {
                        return null;
                    }
                    if (value == JsonToken.START_OBJECT) {
                        m.trigger = trigger(p);
                        if (m.trigger == null) {
                            return null;
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
            if (seen.repeated) {
                return null;
            }
        }
        return m;
    }

    /** {@code TriggeringChildren}: false when something is unexpected. */
    private static boolean children(JsonParser p, JsonToken value, SnsAlarmMessage m) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            p.skipChildren();
            return true;
        }
        JsonToken element;
        while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
            if (element != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            String upper = null;
            String lower = null;
            Fields seen = new Fields();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "Arn" -> upper = seen.first(0) ? text(p, v) : null;
                    case "arn" -> lower = seen.first(1) ? text(p, v) : null;
                    default -> p.skipChildren();
                }
                if (seen.repeated) {
                    return false;
                }
            }
            String arn = upper != null ? upper : lower;
            if (arn != null) {
                m.children.add(arn);
            }
        }
        return true;
    }

    @Nullable
    private static SnsAlarmMessage.Trigger trigger(JsonParser p) throws IOException {
        SnsAlarmMessage.Trigger t = new SnsAlarmMessage.Trigger();
        Fields seen = new Fields();
        int expected = 0;
        while (TRIGGER.next(p, expected) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            expected = TRIGGER.after(name, expected);
            JsonToken value = p.nextToken();
            switch (name) {
                case "MetricName" -> t.metricName = seen.first(0) ? text(p, value) : null;
                case "Namespace" -> t.namespace = seen.first(1) ? text(p, value) : null;
                case "Dimensions" -> {
                    t.dimensions = seen.first(2) ? dimensions(p, value) : null;
                    if (t.dimensions == null) {
                        return null;
                    }
                }
                case "Metrics" -> {
                    if (!seen.first(3) || !metrics(p, value, t)) {
                        return null;
                    }
                }
                case "ThresholdMetricId" -> t.thresholdMetricId = seen.first(4) ? text(p, value) : null;
                case "ComparisonOperator" -> t.comparisonOperator = seen.first(5) ? text(p, value) : null;
                case "Threshold" -> t.threshold = seen.first(6) ? text(p, value) : null;
                case "Statistic" -> t.statistic = seen.first(7) ? text(p, value) : null;
                case "ExtendedStatistic" -> t.extendedStatistic = seen.first(8) ? text(p, value) : null;
                case "Period" -> t.period = seen.first(9) ? text(p, value) : null;
                case "EvaluationPeriods" -> t.evaluationPeriods = seen.first(10) ? text(p, value) : null;
                case "DatapointsToAlarm" -> t.datapointsToAlarm = seen.first(11) ? text(p, value) : null;
                case "TreatMissingData" -> t.treatMissingData = seen.first(12) ? text(p, value) : null;
                case "Unit" -> t.unit = seen.first(13) ? text(p, value) : null;
                default -> p.skipChildren();
            }
            if (seen.repeated) {
                return null;
            }
        }
        return t;
    }

    /** {@code Trigger.Metrics}: false when something is unexpected. */
    private static boolean metrics(JsonParser p, JsonToken value, SnsAlarmMessage.Trigger t) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            p.skipChildren();
            return true;
        }
        JsonToken element;
        while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
            if (element != JsonToken.START_OBJECT) {
                // The tree path lists it too, with nothing in it.
                p.skipChildren();
                t.metrics.add(new SnsAlarmMessage.Metric());
                continue;
            }
            SnsAlarmMessage.Metric m = new SnsAlarmMessage.Metric();
            Fields seen = new Fields();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "Expression" -> m.expression = seen.first(0) ? text(p, v) : null;
                    case "ReturnData" -> {
                        m.returnData = seen.first(1) && v == JsonToken.VALUE_TRUE;
                        p.skipChildren();
                    }
                    case "MetricStat" -> {
                        if (!seen.first(2) || !metricStat(p, v, m)) {
                            return false;
                        }
                    }
                    default -> p.skipChildren();
                }
                if (seen.repeated) {
                    return false;
                }
            }
            t.metrics.add(m);
        }
        return true;
    }

    /** {@code Metrics[].MetricStat}: false when something is unexpected. */
    private static boolean metricStat(JsonParser p, JsonToken value, SnsAlarmMessage.Metric m) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            return true;
        }
        Fields seen = new Fields();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "Stat" -> m.stat = seen.first(0) ? text(p, v) : null;
                case "Metric" -> {
                    if (!seen.first(1)) {
                        return false;
                    }
                    if (v == JsonToken.START_OBJECT) {
                        m.hasMetric = true;
                        if (!metric(p, m)) {
                            return false;
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
            if (seen.repeated) {
                return false;
            }
        }
        return true;
    }

    /** {@code MetricStat.Metric}, at its START_OBJECT: false when something is unexpected. */
    private static boolean metric(JsonParser p, SnsAlarmMessage.Metric m) throws IOException {
        Fields seen = new Fields();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "Namespace" -> m.namespace = seen.first(0) ? text(p, v) : null;
                case "MetricName" -> m.metricName = seen.first(1) ? text(p, v) : null;
                case "Dimensions" -> {
                    m.dimensions = seen.first(2) ? dimensions(p, v) : null;
                    if (m.dimensions == null) {
                        return false;
                    }
                }
                default -> p.skipChildren();
            }
            if (seen.repeated) {
                return false;
            }
        }
        return true;
    }

    /** {@code [{"name":…,"value":…}]}, keys in either case; null when something is unexpected. */
    @Nullable
    private static Map<String, String> dimensions(JsonParser p, JsonToken value) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        if (value != JsonToken.START_ARRAY) {
            p.skipChildren();
            return out;
        }
        JsonToken element;
        while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
            if (element != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            String lowerName = null;
            String upperName = null;
            String lowerValue = null;
            String upperValue = null;
            Fields seen = new Fields();
            int expected = 0;
            while (DIMENSION.next(p, expected) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                expected = DIMENSION.after(name, expected);
                JsonToken v = p.nextToken();
                switch (name) {
                    case "name" -> lowerName = seen.first(0) ? text(p, v) : null;
                    case "Name" -> upperName = seen.first(1) ? text(p, v) : null;
                    case "value" -> lowerValue = seen.first(2) ? text(p, v) : null;
                    case "Value" -> upperValue = seen.first(3) ? text(p, v) : null;
                    default -> p.skipChildren();
                }
                if (seen.repeated) {
                    return null;
                }
            }
            String n = lowerName != null ? lowerName : upperName;
            String val = lowerValue != null ? lowerValue : upperValue;
            if (n != null && val != null) {
                out.putIfAbsent(n, val);
            }
        }
        return out;
    }

    /**
     * The value at the current token as {@link Json#text} gives it from the tree. A string is read as it
     * is; any other scalar goes through the tree's own node, so that a number is written exactly as the
     * tree writes it; a container is skipped.
     */
    @Nullable
    private static String text(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            String s = p.getText().strip();
            return s.isEmpty() ? null : s;
        }
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
            p.skipChildren();
            return null;
        }
        // The scalars the tree prints as the parser read them, without building and printing a node
        // (docs/benchmarks.md, fourth round); anything else goes through the tree's own node.
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT) {
            String literal = p.getText();
            if (value == JsonToken.VALUE_NUMBER_INT ? NumberLiterals.integerPrintsAsItself(literal)
                    : NumberLiterals.decimalPrintsAsItself(literal)) {
                return literal;
            }
        }
        return Json.text(Json.readTree(p));
    }

    /**
     * The fields read so far in one object. The tree keeps the last of two values for one key; rather than
     * repeat that rule for every nested field, a repeated key sends the whole message to the general path.
     */
    private static final class Fields {
        private int mask;
        boolean repeated;

        /** True the first time the field is seen; the second time, marks the object as repeated. */
        boolean first(int field) {
            int bit = 1 << field;
            if ((mask & bit) != 0) {
                repeated = true;
                return false;
            }
            mask |= bit;
            return true;
        }
    }
}
