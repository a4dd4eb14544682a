package io.klaxon.ingest.cloudwatch;

import static io.klaxon.ingest.testing.Samples.normalize;
import static io.klaxon.ingest.testing.Samples.only;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.domain.signal.Link;
import io.klaxon.domain.signal.Severity;
import io.klaxon.domain.signal.SignalStatus;
import io.klaxon.ingest.NormalizeResult;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** "CloudWatch Alarm State Change" via EventBridge and Lambda alarm actions: one test per sample in {@code samples/eventbridge-cloudwatch}. */
class EventBridgeCloudWatchAlarmTest {

    @Test
    void sameAlarm_shouldHaveSameAlertKey_whenDeliveredBySnsAndByEventBridge() {
        // GIVEN ServerCpuTooHigh as EventBridge delivers it, and as its SNS action publishes it (no AlarmArn)
        // WHEN
        AlertSignal viaEventBridge = only("eventbridge-cloudwatch/single-metric-ok-to-alarm.json");
        AlertSignal viaSns = only("/derived/sns-server-cpu-too-high.json");

        // THEN one problem, one key — and the facts agree
        assertThat(viaSns.alertKey()).isEqualTo(viaEventBridge.alertKey())
                .isEqualTo("arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh");
        assertThat(viaSns.signalId()).isNotEqualTo(viaEventBridge.signalId());
        assertThat(viaSns.occurredAt()).isEqualTo(viaEventBridge.occurredAt());
        assertThat(viaSns.links()).isEqualTo(viaEventBridge.links());
        assertThat(viaSns.severity()).isEqualTo(viaEventBridge.severity());
        assertThat(viaSns.title()).isEqualTo(viaEventBridge.title());
        assertThat(viaSns.region()).isEqualTo(viaEventBridge.region());
        assertThat(viaSns.account()).isEqualTo(viaEventBridge.account());
        assertThat(viaSns.labels()).contains(entry("dimension.InstanceId", "i-12345678901234567"));
        assertThat(viaEventBridge.labels()).contains(entry("dimension.InstanceId", "i-12345678901234567"));
    }

    @Test
    void singleMetric_shouldReadStateConfigurationAndResources_whenOkToAlarm() {
        // GIVEN
        // WHEN
        AlertSignal signal = only("eventbridge-cloudwatch/single-metric-ok-to-alarm.json");

        // THEN
        assertThat(signal.signalId()).isEqualTo("c4c1c1c9-6542-e61b-6ef0-8c4d36933a92");
        assertThat(signal.status()).isEqualTo(SignalStatus.FIRING);
        assertThat(signal.severity()).isEqualTo(Severity.HIGH);
        assertThat(signal.title()).isEqualTo("ServerCpuTooHigh");
        assertThat(signal.account()).isEqualTo("123456789012");
        assertThat(signal.region()).isEqualTo("us-east-1");
        assertThat(signal.occurredAt()).isEqualTo(Instant.parse("2019-10-02T17:04:40.989Z"));
        assertThat(signal.summary()).startsWith("Threshold Crossed: 1 out of the last 1 datapoints [99.50160229693434")
                .endsWith("Goes into alarm when server CPU utilization is too high!");
        assertThat(signal.resources()).containsExactly("arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh");
        assertThat(signal.labels()).contains(entry("namespace", "AWS/EC2"), entry("metric", "CPUUtilization"),
                entry("statistic", "Average"), entry("period", "300"), entry("previousState", "OK"),
                entry("alarmType", "metric"));
    }

    @Test
    void metricMath_shouldListBothMetricsAndTheExpression_whenInsufficientDataToAlarm() {
        // GIVEN a metric-math alarm: SUM(METRICS()) over NetworkIn and NetworkOut; previousState without reasonData
        // WHEN
        AlertSignal signal = only("eventbridge-cloudwatch/metric-math-insufficient-to-alarm.json");

        // THEN
        assertThat(signal.labels()).contains(entry("alarmType", "metric-math"), entry("expression", "SUM(METRICS())"),
                entry("metric", "NetworkIn,NetworkOut"), entry("namespace", "AWS/EC2"),
                entry("previousState", "INSUFFICIENT_DATA"));
        assertThat(signal.alertKey()).isEqualTo("arn:aws:cloudwatch:us-east-1:123456789012:alarm:TotalNetworkTrafficTooHigh");
        assertThat(signal.occurredAt()).isEqualTo(Instant.parse("2019-10-02T17:20:48.554Z"));
    }

    @Test
    void anomalyDetection_shouldEncodeSpacesInLink_whenAlarmNameHasSpaces() {
        // GIVEN an anomaly-detection alarm named "EC2 CPU Utilization Anomaly" (keys in another order)
        // WHEN
        AlertSignal signal = only("eventbridge-cloudwatch/anomaly-detection-ok-to-alarm.json");

        // THEN
        assertThat(signal.labels()).contains(entry("alarmType", "anomaly-detection"),
                entry("expression", "ANOMALY_DETECTION_BAND(m1, 0.8)"), entry("metric", "CPUUtilization"));
        assertThat(signal.links()).extracting(Link::url).containsExactly("https://us-east-1.console.aws.amazon.com/"
                + "cloudwatch/home?region=us-east-1#alarmsV2:alarm/EC2%20CPU%20Utilization%20Anomaly");
        assertThat(signal.summary()).contains("was less than the lower thresholds [0.020599444741798756]")
                .endsWith("Goes into alarm if CPU Utilization is out of band");
    }

    @Test
    void suppressedComposite_shouldBeInfo_whenActionsAreSuppressedByWaitPeriod() {
        // GIVEN a composite alarm in ALARM whose actions are suppressed (WaitPeriod of ServiceMaintenanceAlarm)
        // WHEN
        AlertSignal signal = only("eventbridge-cloudwatch/composite-suppressor-ok-to-alarm.json");

        // THEN still an alert, but a quiet one, saying why
        assertThat(signal.status()).isEqualTo(SignalStatus.FIRING);
        assertThat(signal.severity()).isEqualTo(Severity.INFO);
        assertThat(signal.labels()).contains(entry("actionsSuppressedBy", "WaitPeriod"),
                entry("actionsSuppressor", "ServiceMaintenanceAlarm"), entry("alarmType", "composite"));
        // the triggering child comes from reasonData, a JSON string
        assertThat(signal.resources()).containsExactly("arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServiceAggregatedAlarm",
                "arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh");
        assertThat(signal.summary()).contains("Alarm rule: ALARM(ServerCpuTooHigh) OR ALARM(TotalNetworkTrafficTooHigh)");
    }

    @Test
    void configurationChangeCreate_shouldBeIgnoredVisibly_whenCompositeIsCreated() {
        // GIVEN / WHEN
        NormalizeResult result = normalize("eventbridge-cloudwatch/config-change-composite-create.json");

        // THEN
        assertThat(result.signals()).isEmpty();
        assertThat(result.ignored()).singleElement().satisfies(i -> {
            assertThat(i.item()).contains("CloudWatch Alarm Configuration Change", "ServiceAggregatedAlarm",
                    "operation create", "91535fdd-1e9c-849d-624b-9a9f2b1d09d0");
            assertThat(i.reason()).contains("not a state transition");
        });
    }

    @Test
    void configurationChangeUpdate_shouldBeIgnoredVisibly_whenThresholdChanges() {
        // GIVEN threshold 70→80 (configuration and previousConfiguration)
        // WHEN
        NormalizeResult result = normalize("eventbridge-cloudwatch/config-change-metric-alarm-update.json");

        // THEN
        assertThat(result.signals()).isEmpty();
        assertThat(result.ignored()).singleElement().satisfies(i ->
                assertThat(i.item()).contains("ServerCpuTooHigh", "operation update"));
    }

    @Test
    void configurationChangeDelete_shouldNotRaiseAlert_whenCompositeInAlarmIsDeleted() {
        // GIVEN the deletion of a composite whose state is ALARM
        // WHEN
        NormalizeResult result = normalize("eventbridge-cloudwatch/config-change-composite-delete.json");

        // THEN no alert — but counted
        assertThat(result.signals()).isEmpty();
        assertThat(result.ignored()).singleElement().satisfies(i -> assertThat(i.item()).contains("operation delete"));
    }

    @Test
    void lambdaActionMetricMath_shouldKeyOnAlarmArn_whenNameAndAccountDisagreeWithArn() {
        // GIVEN a Lambda alarm action: alarmName "Test alert" vs ARN name test_alarm; accountId vs ARN account
        // WHEN
        AlertSignal signal = only("eventbridge-cloudwatch/lambda-action-metric-math.json");

        // THEN the ARN is the identity (key, link); the payload's own statements fill title and account
        assertThat(signal.alertKey()).isEqualTo("arn:aws:cloudwatch:eu-west-1:912397435824:alarm:test_alarm");
        assertThat(signal.title()).isEqualTo("Test alert");
        assertThat(signal.account()).isEqualTo("123456789012");
        assertThat(signal.region()).isEqualTo("eu-west-1");
        assertThat(signal.links()).extracting(Link::url).containsExactly(
                "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/test_alarm");
        // markdown stays as written: plain text, never pre-escaped or rendered
        assertThat(signal.summary()).endsWith("This is description **here**");
        assertThat(signal.labels()).contains(entry("alarmType", "metric-math"), entry("expression", "m1/m2"),
                entry("metric", "Invocations,Duration"), entry("namespace", "AWS/Lambda"));
        assertThat(signal.occurredAt()).isEqualTo(Instant.parse("2024-02-17T11:53:08.431Z"));
        // no event or delivery id: the transition identifies it
        assertThat(signal.signalId()).startsWith("alarm-");
    }

    @Test
    void lambdaActionComposite_shouldKeepSeverity_whenOnlyPreviousStateWasSuppressed() {
        // GIVEN a composite ALARM→ALARM whose previousState (not the current one) carried actionsSuppressedBy
        // WHEN
        AlertSignal signal = only("eventbridge-cloudwatch/lambda-action-composite.json");

        // THEN
        assertThat(signal.severity()).isEqualTo(Severity.HIGH);
        assertThat(signal.labels()).doesNotContainKey("actionsSuppressedBy")
                .contains(entry("alarmType", "composite"), entry("previousState", "ALARM"));
        assertThat(signal.alertKey()).isEqualTo("arn:aws:cloudwatch:us-east-1:111122223333:alarm:SuppressionDemo.Main");
        assertThat(signal.title()).isEqualTo("CompositeDemo.Main");
        assertThat(signal.resources()).contains("arn:aws:cloudwatch:us-east-1:111122223333:alarm:CompositeDemo.FirstChild");
    }

    @Test
    void lambdaActionSingleMetric_shouldKeepUnit_whenSetAlarmStateWasUsed() {
        // GIVEN INSUFFICIENT_DATA→ALARM forced with set-alarm-state (reason "test"), unit Percent
        // WHEN
        AlertSignal signal = only("eventbridge-cloudwatch/lambda-action-single-metric-java-libs.json");

        // THEN
        assertThat(signal.summary()).isEqualTo("test\n\nMetric Alarm to test Lambda actions");
        assertThat(signal.labels()).contains(entry("unit", "Percent"), entry("metric", "CallCount"),
                entry("namespace", "AWS/Logs"), entry("dimension.InstanceId", "i-12345678"));
        assertThat(signal.alertKey()).isEqualTo("arn:aws:cloudwatch:us-east-1:444455556666:alarm:lambda-demo-metric-alarm");
        assertThat(signal.occurredAt()).isEqualTo(Instant.parse("2023-08-04T12:36:15.490Z"));
    }
}
