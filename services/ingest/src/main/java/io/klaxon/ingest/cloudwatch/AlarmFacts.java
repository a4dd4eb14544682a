package io.klaxon.ingest.cloudwatch;

import io.klaxon.ingest.aws.Arn;
import io.klaxon.ingest.signal.LabelName;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an alarm notification says, whichever shape delivered it (SNS message, EventBridge "Alarm
 * State Change", Lambda alarm action). Readers fill it; {@link AlarmSignals} turns it into a signal.
 */
final class AlarmFacts {

    String name;
    @Nullable String arn;
    @Nullable String account;
    @Nullable String region;
    String partition = "aws";
    @Nullable String state;
    @Nullable String previousState;
    @Nullable String reason;
    @Nullable String description;
    @Nullable Instant changedAt;
    @Nullable String rawChangedAt;
    @Nullable String alarmRule;
    @Nullable String suppressedBy;
    @Nullable String thresholdMetricId;
    @Nullable String comparisonOperator;
    /** Metric stats the alarm watches, in the order given. */
    final List<MetricStat> metrics = new ArrayList<>();
    /** Math expressions: the one with returnData first. */
    final List<String> expressions = new ArrayList<>();
    /** Composite children that triggered the transition. */
    final Set<String> children = new LinkedHashSet<>();
    /** Evaluation settings worth routing on (threshold, period, statistic …), already cleaned. */
    final Map<LabelName, String> settings = new LinkedHashMap<>();

    /** {@link #arn} parsed, and the text it was parsed from: readers and {@link AlarmSignals} both need it. */
    @Nullable private Arn parsedArn;
    @Nullable private String parsedArnText;

    /** The alarm's ARN parsed ({@link Arn#parse}), once for as long as {@link #arn} stays the same. */
    @Nullable
    Arn parsedArn() {
        if (parsedArnText != arn) {
            parsedArn = Arn.parse(arn);
            parsedArnText = arn;
        }
        return parsedArn;
    }

    record MetricStat(@Nullable String namespace, @Nullable String name, Map<String, String> dimensions) {
    }

    AlarmType type() {
        if (alarmRule != null) {
            return AlarmType.COMPOSITE;
        }
        boolean band = thresholdMetricId != null
                || anyExpressionContains("ANOMALY_DETECTION_BAND")
                || (comparisonOperator != null && (comparisonOperator.contains("LowerThreshold")
                        || comparisonOperator.contains("UpperThreshold")));
        if (band) {
            return AlarmType.ANOMALY_DETECTION;
        }
        if (!expressions.isEmpty()) {
            return AlarmType.METRIC_MATH;
        }
        return metrics.isEmpty() ? AlarmType.UNKNOWN : AlarmType.METRIC;
    }

    private boolean anyExpressionContains(String text) {
        for (String expression : expressions) {
            if (expression.contains(text)) {
                return true;
            }
        }
        return false;
    }

    enum AlarmType {
        METRIC("metric"), METRIC_MATH("metric-math"), ANOMALY_DETECTION("anomaly-detection"),
        COMPOSITE("composite"), UNKNOWN(null);

        final String label;

        AlarmType(String label) {
            this.label = label;
        }
    }
}
