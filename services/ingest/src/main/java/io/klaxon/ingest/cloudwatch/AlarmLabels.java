package io.klaxon.ingest.cloudwatch;

import io.klaxon.ingest.signal.LabelName;

/**
 * The label names an alarm's signal carries, cleaned once ({@link LabelName}) instead of on every event.
 * Dimension names come from the alarm and are cleaned each time ({@link AlarmSignals}).
 */
final class AlarmLabels {

    static final LabelName ALARM_NAME = LabelName.of("alarmName");
    static final LabelName ALARM_TYPE = LabelName.of("alarmType");
    static final LabelName STATE = LabelName.of("state");
    static final LabelName PREVIOUS_STATE = LabelName.of("previousState");
    static final LabelName NAMESPACE = LabelName.of("namespace");
    static final LabelName METRIC = LabelName.of("metric");
    static final LabelName EXPRESSION = LabelName.of("expression");
    static final LabelName COMPARISON_OPERATOR = LabelName.of("comparisonOperator");
    static final LabelName ACTIONS_SUPPRESSED_BY = LabelName.of("actionsSuppressedBy");

    // Evaluation settings (AlarmFacts.settings).
    static final LabelName THRESHOLD = LabelName.of("threshold");
    static final LabelName STATISTIC = LabelName.of("statistic");
    static final LabelName PERIOD = LabelName.of("period");
    static final LabelName EVALUATION_PERIODS = LabelName.of("evaluationPeriods");
    static final LabelName DATAPOINTS_TO_ALARM = LabelName.of("datapointsToAlarm");
    static final LabelName TREAT_MISSING_DATA = LabelName.of("treatMissingData");
    static final LabelName UNIT = LabelName.of("unit");
    static final LabelName THRESHOLD_METRIC_ID = LabelName.of("thresholdMetricId");
    static final LabelName ACTIONS_SUPPRESSOR = LabelName.of("actionsSuppressor");

    private AlarmLabels() {
    }
}
