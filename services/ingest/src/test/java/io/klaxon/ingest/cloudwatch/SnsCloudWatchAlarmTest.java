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

/** CloudWatch alarms delivered through SNS: one test per sample in {@code samples/sns-cloudwatch}. */
class SnsCloudWatchAlarmTest {

    @Test
    void seedBlogTestEvent_shouldBuildKeyFromAccountRegionAndName_whenMessageHasNoAlarmArn() {
        // GIVEN the Lambda console test event of the tutorial Klaxon grew from: no AlarmArn, Region "EU - Ireland"
        // WHEN
        AlertSignal signal = only("sns-cloudwatch/seed-blog-lambda-test-event.json");

        // THEN the key is the ARN CloudWatch would have sent, with the region from the TopicArn
        assertThat(signal.schemaVersion()).isEqualTo("1");
        assertThat(signal.alertKey()).isEqualTo("arn:aws:cloudwatch:eu-west-1:000000000000:alarm:Example alarm name");
        assertThat(signal.signalId()).isEqualTo("xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx");
        assertThat(signal.status()).isEqualTo(SignalStatus.FIRING);
        assertThat(signal.severity()).isEqualTo(Severity.HIGH);
        assertThat(signal.title()).isEqualTo("Example alarm name");
        assertThat(signal.summary()).isEqualTo("Ping\n\nExample alarm description.");
        assertThat(signal.sourceKind()).isEqualTo("cloudwatch-alarm");
        assertThat(signal.account()).isEqualTo("000000000000");
        assertThat(signal.region()).isEqualTo("eu-west-1");
        assertThat(signal.resources()).containsExactly(signal.alertKey());
        assertThat(signal.occurredAt()).isEqualTo(Instant.parse("2020-01-14T08:45:42.236Z"));
        assertThat(signal.links()).containsExactly(new Link("Open alarm in CloudWatch",
                "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/Example%20alarm%20name"));
        assertThat(signal.labels()).contains(entry("alarmName", "Example alarm name"), entry("state", "ALARM"),
                entry("previousState", "OK"), entry("namespace", "ExampleNamespace"), entry("metric", "DeliveryErrors"),
                entry("alarmType", "metric"), entry("threshold", "1.0"), entry("statistic", "SUM"));
        // Unit null and empty Dimensions leave no label behind
        assertThat(signal.labels()).doesNotContainKey("unit").noneSatisfy((k, v) -> assertThat(k).startsWith("dimension."));
    }

    @Test
    void okRecovery_shouldRecoverWithTopicRegion_whenRegionTextAndSubjectDisagree() {
        // GIVEN ALARM→OK whose Region text says "US (Virginia)", Subject "EU (London)", TopicArn us-east-1
        // WHEN
        AlertSignal signal = only("sns-cloudwatch/tf-notify-slack-ok-recovery.json");

        // THEN
        assertThat(signal.status()).isEqualTo(SignalStatus.RECOVERED);
        assertThat(signal.region()).isEqualTo("us-east-1");
        assertThat(signal.alertKey()).isEqualTo("arn:aws:cloudwatch:us-east-1:735598076380:alarm:DBMigrationRequired");
        assertThat(signal.account()).isEqualTo("735598076380");
        assertThat(signal.title()).isEqualTo("DBMigrationRequired").doesNotContain("'");
        assertThat(signal.occurredAt()).isEqualTo(Instant.parse("2019-02-12T15:45:24.006Z"));
        assertThat(signal.summary()).startsWith("Threshold Crossed: 1 datapoint [1.0 (12/02/19 15:44:00)] was not less")
                .contains("App is reporting \"A JPA error occurred(Unable to build EntityManagerFactory)\"");
        assertThat(signal.labels()).contains(entry("namespace", "LogMetrics"), entry("state", "OK"),
                entry("previousState", "ALARM"), entry("treatMissingData", "NonBreaching"));
        assertThat(signal.signalId()).isEqualTo("f86e3c5b-cd17-1ab8-80e9-c0776d4f1e7a");
    }

    @Test
    void messageOnlyAlarm_shouldMapLegacyDisplayNameToRegionCode_whenThereIsNoArnAtAll() {
        // GIVEN a bare alarm message: no envelope, no Trigger, no AlarmArn, Region "EU - Ireland"
        // WHEN
        AlertSignal signal = only("sns-cloudwatch/tf-notify-slack-message-only-alarm.json");

        // THEN the region is the code the display name stands for, never the display name
        assertThat(signal.region()).isEqualTo("eu-west-1");
        assertThat(signal.alertKey()).isEqualTo("arn:aws:cloudwatch:eu-west-1:000000000000:alarm:Example");
        assertThat(signal.status()).isEqualTo(SignalStatus.FIRING);
        assertThat(signal.summary()).isEqualTo("Threshold Crossed\n\nExample alarm description.");
        assertThat(signal.occurredAt()).isEqualTo(Instant.parse("2017-01-12T16:30:42.236Z"));
        assertThat(signal.labels()).doesNotContainKeys("alarmType", "namespace", "metric");
        // no MessageId: the transition itself identifies the signal, the same on every redelivery
        assertThat(signal.signalId()).startsWith("alarm-")
                .isEqualTo(only("sns-cloudwatch/tf-notify-slack-message-only-alarm.json").signalId());
    }

    @Test
    void singleMetricWithPlaceholders_shouldKeepArnAsKeyAndLeaveRegionUnknown_whenArnsArePlaceholders() {
        // GIVEN AlarmArn arn:aws:cloudwatch:REGION:ACCOUNT_NUMBER:alarm:EXAMPLE, TopicArn arn:aws:sns:EXAMPLE, Region "EXAMPLE"
        // WHEN
        AlertSignal signal = only("sns-cloudwatch/aws-lambda-go-single-metric.json");

        // THEN
        assertThat(signal.alertKey()).isEqualTo("arn:aws:cloudwatch:REGION:ACCOUNT_NUMBER:alarm:EXAMPLE");
        assertThat(signal.region()).isNull();
        assertThat(signal.account()).isEqualTo("123456789012");
        assertThat(signal.links()).as("no console link to an unknown region").isEmpty();
        assertThat(signal.labels()).contains(entry("metric", "NetworkOut"), entry("namespace", "AWS/EC2"),
                entry("dimension.InstanceId", "TestInstance"), entry("threshold", "0.0"),
                entry("comparisonOperator", "GreaterThanThreshold"), entry("unit", "Bytes"),
                entry("treatMissingData", "missing"), entry("previousState", "INSUFFICIENT_DATA"));
        assertThat(signal.occurredAt()).isEqualTo(Instant.parse("2015-06-03T17:43:27.123Z"));
    }

    @Test
    void metricMath_shouldReadMetricsArray_whenTriggerHasNoMetricName() {
        // GIVEN a metric-math alarm: Trigger.Metrics[] with expression e1 (ReturnData) over m1; AWSAccountId "EXAMPLE"
        // WHEN
        AlertSignal signal = only("sns-cloudwatch/aws-lambda-go-metric-math.json");

        // THEN
        assertThat(signal.labels()).contains(entry("alarmType", "metric-math"), entry("expression", "m1*1"),
                entry("metric", "NetworkOut"), entry("namespace", "AWS/EC2"), entry("dimension.InstanceId", "TestInstance"),
                entry("statistic", "Average"));
        assertThat(signal.account()).as("\"EXAMPLE\" is not an account id").isNull();
        assertThat(signal.region()).isNull();
        assertThat(signal.status()).isEqualTo(SignalStatus.FIRING);
    }

    @Test
    void capturedMetricAlarm_shouldCarryBothDimensionsAndNoDescription_whenDescriptionIsNull() {
        // GIVEN a real-looking alarm with AlarmDescription null, Unit "None", two dimensions
        // WHEN
        AlertSignal signal = only("sns-cloudwatch/rheoceros-metric-alarm-real.json");

        // THEN
        String arn = "arn:aws:cloudwatch:us-east-1:427809481713:alarm:if-sim-app_427809481713_us-east-1-metric_emitting_node_failure";
        assertThat(signal.alertKey()).isEqualTo(arn);
        assertThat(signal.signalId()).isEqualTo("57c992bc-21f6-5a74-bda5-c8b9155571ca");
        assertThat(signal.account()).isEqualTo("427809481713");
        assertThat(signal.region()).isEqualTo("us-east-1");
        assertThat(signal.summary()).startsWith("Threshold Crossed: 1 out of the last 1 datapoints").doesNotContain("null");
        assertThat(signal.labels()).contains(entry("dimension.MetricGroupId", "routing_table.receive.hook"),
                entry("dimension.RouteID", "metric_emitting_node"), entry("metric", "IExecutionFailureHook"),
                entry("namespace", "sim-app_427809481713_us-east-1"))
                .doesNotContainKey("unit");
    }

    @Test
    void compositeAlarm_shouldBeDetectedByAlarmRuleAndListTriggeringChildren_whenThereIsNoTrigger() {
        // GIVEN a composite alarm OK→ALARM with AlarmRule and TriggeringChildren, AlarmDescription ""
        // WHEN
        AlertSignal signal = only("sns-cloudwatch/rheoceros-composite-alarm-real.json");

        // THEN
        String child = "arn:aws:cloudwatch:us-east-1:427809481713:alarm:if-sim-app_427809481713_us-east-1-metric_emitting_node_failure";
        assertThat(signal.labels()).contains(entry("alarmType", "composite"));
        assertThat(signal.resources()).containsExactly(signal.alertKey(), child);
        assertThat(signal.summary()).startsWith(child + " transitioned to ALARM at Wednesday 10 November, 2021")
                .contains("Alarm rule: ALARM(" + child + ") OR ALARM(");
        assertThat(signal.severity()).isEqualTo(Severity.HIGH);
        assertThat(signal.occurredAt()).isEqualTo(Instant.parse("2021-11-10T02:45:55.640Z"));
    }

    @Test
    void httpDeliveredS3Alarm_shouldReadHttpEnvelope_whenAccountHasTenDigits() {
        // GIVEN the body an HTTP(S) subscriber receives; AWSAccountId 1234567890 (10 digits)
        // WHEN
        AlertSignal signal = only("sns-cloudwatch/alerta-http-alarm-s3-bucket.json");

        // THEN
        assertThat(signal.signalId()).isEqualTo("e288882d-4281-5be4-8fde-dccc11c8cb01");
        assertThat(signal.account()).isEqualTo("1234567890");
        assertThat(signal.region()).isEqualTo("eu-west-1");
        assertThat(signal.alertKey()).isEqualTo("arn:aws:cloudwatch:eu-west-1:1234567890:alarm:bucketbytesAlarm");
        assertThat(signal.title()).isEqualTo("bucketbytesAlarm");
        assertThat(signal.summary()).endsWith("bucket bytes size exceeded");
        assertThat(signal.labels()).contains(entry("namespace", "AWS/S3"), entry("metric", "BucketSizeBytes"),
                entry("dimension.StorageType", "StandardStorage"), entry("dimension.BucketName", "try.alerta.io"),
                entry("state", "ALARM"));
    }

    @Test
    void insufficientData_shouldBeIgnoredWithReason_whenAlarmLosesItsData() {
        // GIVEN ALARM→INSUFFICIENT_DATA (Subject "NotificationCount" differs from AlarmName)
        // WHEN
        NormalizeResult result = normalize("sns-cloudwatch/alerta-http-insufficient-data.json");

        // THEN it is no alert, and it does not vanish silently either
        assertThat(result.signals()).isEmpty();
        assertThat(result.ignored()).singleElement().satisfies(ignored -> {
            assertThat(ignored.item()).contains("notificationCountAlarm").contains("INSUFFICIENT_DATA");
            assertThat(ignored.reason()).contains("TreatMissingData=breaching");
        });
    }

    @Test
    void caCentralAlarm_shouldEncodeSpaceInConsoleLink_whenAlarmNameHasSpace() {
        // GIVEN AlarmName "Test alarm": the AlarmArn contains a space
        // WHEN
        AlertSignal signal = only("sns-cloudwatch/sre-bot-http-alarm-ca-central.json");

        // THEN the key keeps the ARN verbatim; the link encodes it
        assertThat(signal.alertKey()).isEqualTo("arn:aws:cloudwatch:ca-central-1:017790921725:alarm:Test alarm");
        assertThat(signal.region()).isEqualTo("ca-central-1");
        assertThat(signal.links()).extracting(Link::url).containsExactly(
                "https://ca-central-1.console.aws.amazon.com/cloudwatch/home?region=ca-central-1#alarmsV2:alarm/Test%20alarm");
        assertThat(signal.labels()).contains(entry("datapointsToAlarm", "1"), entry("treatMissingData", "missing"),
                entry("namespace", "AWS/Lambda"), entry("metric", "ConcurrentExecutions"));
        assertThat(signal.occurredAt()).isEqualTo(Instant.parse("2022-09-25T18:50:37.811Z"));
    }

    @Test
    void oldRdsAlarm_shouldUseStateChangeTimeNotSnsTimestamp_whenTheyAreWeeksApart() {
        // GIVEN a 2016 message: StateChangeTime 2016-07-24, SNS Timestamp 2016-08-11, Dimensions in {name,value} order
        // WHEN
        AlertSignal signal = only("sns-cloudwatch/lambda-cloudwatch-slack-rds-alarm.json");

        // THEN
        assertThat(signal.occurredAt()).isEqualTo(Instant.parse("2016-07-24T22:05:19.737Z"));
        assertThat(signal.region()).isEqualTo("us-west-2");
        assertThat(signal.alertKey()).isEqualTo("arn:aws:cloudwatch:us-west-2:123456789123:alarm:awsrds-app-High-DB-Connections");
        assertThat(signal.labels()).contains(entry("dimension.DBInstanceIdentifier", "app"),
                entry("metric", "DatabaseConnections"), entry("namespace", "AWS/RDS"));
        assertThat(signal.summary()).isEqualTo("Threshold Crossed: 1 datapoint (10.0) was greater than or equal to the threshold (10.0).");
    }

    @Test
    void auroraClusterAlarm_shouldKeepDatapointsToAlarm_whenMessageOnly() {
        // GIVEN a real bare message: AlarmArn in ap-northeast-2, DatapointsToAlarm 2 of EvaluationPeriods 4
        // WHEN
        AlertSignal signal = only("sns-cloudwatch/kotlinx-message-only-rds-cluster-alarm-real.json");

        // THEN
        assertThat(signal.alertKey()).isEqualTo("arn:aws:cloudwatch:ap-northeast-2:653734769926:alarm:sin-alarm-rds-dev");
        assertThat(signal.region()).isEqualTo("ap-northeast-2");
        assertThat(signal.labels()).contains(entry("datapointsToAlarm", "2"), entry("evaluationPeriods", "4"),
                entry("dimension.DBClusterIdentifier", "sin-dev"), entry("threshold", "10.7"));
        assertThat(signal.summary()).contains("[10.708333333333332 (08/11/22 02:40:00), 10.791661891275925 (08/11/22 02:30:00)]");
        assertThat(signal.signalId()).startsWith("alarm-");
    }

    @Test
    void anomalyDetectionAlarm_shouldBeDetectedFromThresholdMetricId_whenThereIsNoThreshold() {
        // GIVEN an anomaly-detection alarm passed as a bare message (Metrics[] with ANOMALY_DETECTION_BAND)
        // WHEN
        AlertSignal signal = only("sns-cloudwatch/arcimoto-message-only-anomaly-detection.json");

        // THEN
        assertThat(signal.labels()).contains(entry("alarmType", "anomaly-detection"),
                entry("expression", "ANOMALY_DETECTION_BAND(m1, 0.2)"), entry("thresholdMetricId", "ad1"),
                entry("comparisonOperator", "LessThanLowerOrGreaterThanUpperThreshold"),
                entry("metric", "mem_used_percent"), entry("namespace", "CWAgent"),
                entry("dimension.InstanceId", "i-046d48b26d0fd82ca"), entry("treatMissingData", "missing"))
                .doesNotContainKey("threshold");
        assertThat(signal.summary()).contains("less than the lower thresholds [31.723549397187316, 31.317673764600034]");
        // no AlarmArn, no TopicArn: the display name "US West (Oregon)" is the only clue
        assertThat(signal.region()).isEqualTo("us-west-2");
        assertThat(signal.alertKey()).isEqualTo(
                "arn:aws:cloudwatch:us-west-2:511596272857:alarm:EC2 - memory percent used - STAGE-InfluxDB - UNIT TEST");
    }

    @Test
    void logMetricAlarm_shouldLinkToArnNameAndTitleWithAlarmName_whenTheyDiffer() {
        // GIVEN AlarmName "Telemetry rate DEV-TEST-… - UNIT TEST" but AlarmArn "…:alarm:Telemetry rate DEV-…"
        // WHEN
        AlertSignal signal = only("sns-cloudwatch/arcimoto-message-only-log-metric-alarm.json");

        // THEN the key and link follow the ARN (the alarm's identity); the title is the name people gave it
        assertThat(signal.alertKey()).isEqualTo("arn:aws:cloudwatch:us-west-2:511596272857:alarm:Telemetry rate DEV-7F7ATR312LER00015");
        assertThat(signal.title()).isEqualTo("Telemetry rate DEV-TEST-7F7ATR312LER00015 - UNIT TEST");
        assertThat(signal.links()).extracting(Link::url).containsExactly("https://us-west-2.console.aws.amazon.com/"
                + "cloudwatch/home?region=us-west-2#alarmsV2:alarm/Telemetry%20rate%20DEV-7F7ATR312LER00015");
        assertThat(signal.labels()).contains(entry("namespace", "LogMetrics"),
                entry("metric", "Telemetry Message Rate for VIN DEV-7F7ATR312LER00015"));
        assertThat(signal.summary()).startsWith("Threshold Crossed: 5 datapoints were greater than the threshold (2.0).");
    }

    @Test
    void japaneseDescription_shouldStayIntactAndParseZuluTime_whenNoOldStateOrTrigger() {
        // GIVEN a hand-written event: non-ASCII description, StateChangeTime with Z, no OldStateValue, no Trigger
        // WHEN
        AlertSignal signal = only("sns-cloudwatch/tsato-japanese-description-minimal.json");

        // THEN
        assertThat(signal.summary()).endsWith("EC2インスタンス(MTA01)のシステムメッセージログでエラーが検出されました");
        assertThat(signal.occurredAt()).isEqualTo(Instant.parse("2025-01-08T12:00:00Z"));
        assertThat(signal.region()).isEqualTo("ap-northeast-1");
        assertThat(signal.labels()).doesNotContainKey("previousState").containsEntry("state", "ALARM");
        assertThat(signal.alertKey()).isEqualTo("arn:aws:cloudwatch:ap-northeast-1:272540649730:alarm:LS-AWSLAB-EC2-MTA01-Messages-Error-Alarm");
    }
}
