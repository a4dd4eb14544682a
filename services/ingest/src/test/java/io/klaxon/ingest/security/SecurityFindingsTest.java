package io.klaxon.ingest.security;

import static io.klaxon.ingest.testing.Samples.only;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.domain.signal.Link;
import io.klaxon.domain.signal.Severity;
import io.klaxon.domain.signal.SignalStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** GuardDuty and Security Hub: one test per sample in {@code samples/security}. */
class SecurityFindingsTest {

    @Test
    void guardDutySeverityNine_shouldBeCritical_whenPartialEventHasNoEnvelope() {
        // GIVEN a partial "GuardDuty Finding": no source, account or time at the top level; severity 9; 9-digit account
        // WHEN
        AlertSignal signal = only("security/tf-notify-slack-guardduty-high.json");

        // THEN 9.0–10 is GuardDuty's Critical band
        assertThat(signal.sourceKind()).isEqualTo("guardduty");
        assertThat(signal.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(signal.account()).isEqualTo("123456789");
        assertThat(signal.region()).isEqualTo("us-east-1");
        assertThat(signal.title()).isEqualTo("SAMPLE Unprotected port on EC2 instance i-123123123 is being probed");
        assertThat(signal.alertKey()).isEqualTo("guardduty-finding:123456789:us-east-1:sample-id-2");
        assertThat(signal.occurredAt()).as("eventLastSeen").isEqualTo(Instant.parse("2020-01-03T01:02:03Z"));
        assertThat(signal.summary()).startsWith("EC2 instance has an unprotected port which is being probed")
                .contains("Count: 1234", "First seen: 2020-01-02T01:02:03Z");
        assertThat(signal.labels()).contains(entry("severityScore", "9"), entry("severityLabel", "Critical"),
                entry("findingType", "Recon:EC2 PortProbeUnprotectedPort"), entry("count", "1234"));
    }

    @Test
    void guardDutySeverityFive_shouldBeWarning_whenMedium() {
        // GIVEN / WHEN
        AlertSignal signal = only("security/tf-notify-slack-guardduty-medium.json");

        // THEN
        assertThat(signal.severity()).isEqualTo(Severity.WARNING);
        assertThat(signal.labels()).containsEntry("severityLabel", "Medium");
    }

    @Test
    void guardDutySeverityTwo_shouldBeInfo_whenLow() {
        // GIVEN / WHEN
        AlertSignal signal = only("security/tf-notify-slack-guardduty-low.json");

        // THEN
        assertThat(signal.severity()).isEqualTo(Severity.INFO);
        assertThat(signal.labels()).containsEntry("severityLabel", "Low");
        // the same finding at another severity is the same alert
        assertThat(signal.alertKey()).isEqualTo(only("security/tf-notify-slack-guardduty-medium.json").alertKey());
    }

    @Test
    void guardDutyViaSns_shouldUseGovCloudConsole_whenFindingIsInUsGovEast1() {
        // GIVEN the partial finding as an SNS Message, region us-gov-east-1
        // WHEN
        AlertSignal signal = only("security/tf-notify-slack-guardduty-via-sns.json");

        // THEN
        assertThat(signal.region()).isEqualTo("us-gov-east-1");
        assertThat(signal.signalId()).as("no event id: the SNS MessageId").isEqualTo("95df01b4-ee98-5cb9-9903-4c221d41eb5e");
        assertThat(signal.links()).extracting(Link::url).containsExactly("https://console.amazonaws-us-gov.com/guardduty/"
                + "home?region=us-gov-east-1#/findings?macros=current&fId=sample-id-2");
    }

    @Test
    void malwareScan_shouldFireHighOnTheObject_whenThreatsAreFound() {
        // GIVEN "GuardDuty Malware Protection Object Scan Result" THREATS_FOUND, wrapped in SNS
        // WHEN
        AlertSignal signal = only("security/tf-notify-slack-guardduty-malware-s3-scan-via-sns.json");

        // THEN
        assertThat(signal.severity()).isEqualTo(Severity.HIGH);
        assertThat(signal.alertKey()).isEqualTo("arn:aws:s3:::amzn-s3-demo-bucket/APKAEIBAERJR2EXAMPLE");
        assertThat(signal.title()).isEqualTo("GuardDuty malware scan: THREATS_FOUND in s3://amzn-s3-demo-bucket/APKAEIBAERJR2EXAMPLE");
        assertThat(signal.summary()).startsWith("Threats: EICAR-Test-File (not a virus)");
        assertThat(signal.labels()).contains(entry("scanResultStatus", "THREATS_FOUND"), entry("bucketName", "amzn-s3-demo-bucket"));
        assertThat(signal.resources()).contains("arn:aws:guardduty:us-east-1:111122223333:malware-protection-plan/b4c7f464ab3a4EXAMPLE");
        assertThat(signal.region()).as("the event's region, not the topic's").isEqualTo("us-east-1");
    }

    @Test
    void fullGuardDutyFinding_shouldKeyOnFindingArnAndNameTheInstance_whenIdsAreObfuscated() {
        // GIVEN a full finding in SNS: schemaVersion 2.0, port probe, id "345rf3ff", accounts of 8 and 9 digits
        // WHEN
        AlertSignal signal = only("security/aws-to-slack-guardduty-full-finding-in-sns.json");

        // THEN
        assertThat(signal.alertKey()).isEqualTo("arn:aws:guardduty:ap-southeast-2:123456778:detector/"
                + "f0b004e2d3c8a11f786fa8faec50b19a/finding/18b48550bee9b37e3953983474f0f59d");
        assertThat(signal.account()).as("the finding's accountId").isEqualTo("845345345");
        assertThat(signal.severity()).isEqualTo(Severity.INFO);
        assertThat(signal.resources()).contains("i-blart");
        assertThat(signal.labels()).contains(entry("instanceId", "i-blart"), entry("actionType", "PORT_PROBE"),
                entry("threatName", "Scanner"), entry("resourceType", "Instance"));
        assertThat(signal.signalId()).isEqualTo("4565c69d-00e7-e740-2b17-234d");
        assertThat(signal.status()).as("archived false").isEqualTo(SignalStatus.FIRING);
    }

    @Test
    void securityHubMacieImport_shouldTakeLabelFromProductFields_whenSeverityHasNoLabel() {
        // GIVEN a partial "Security Hub Findings - Imported": legacy WorkflowState, Severity without Label
        // WHEN
        AlertSignal signal = only("security/tf-notify-slack-pr198-securityhub-macie-imported.json");

        // THEN
        assertThat(signal.sourceKind()).isEqualTo("security-hub");
        assertThat(signal.severity()).isEqualTo(Severity.INFO);
        assertThat(signal.labels()).contains(entry("severityLabel", "LOW"), entry("productName", "Macie"),
                entry("workflowStatus", "NEW"), entry("recordState", "ACTIVE"));
        assertThat(signal.alertKey()).isEqualTo("arn:aws:macie:us-west-2:123456789012:integtest/trigger/"
                + "6214d71b927c41cbab015159a8f316a3/alert/f2893b211841467198cc1201e9031ee4");
        assertThat(signal.resources()).containsExactly("arn:aws:s3:::test-bucket-12");
        assertThat(signal.title()).isEqualTo("Google Suite Two-Factor Backup Codes uploaded to S3");
        assertThat(signal.account()).isEqualTo("123456789012");
        assertThat(signal.occurredAt()).isEqualTo(Instant.parse("2019-04-11T21:52:15.900Z"));
    }

    @Test
    void bareAsffControlFinding_shouldBeWarningWithControlId_whenFailedMedium() {
        // GIVEN a bare ASFF finding (no EventBridge wrapper): CloudTrail.2 FAILED/MEDIUM
        // WHEN
        AlertSignal signal = only("security/securityhub-asff-fsbp-finding-docs.json");

        // THEN
        assertThat(signal.severity()).isEqualTo(Severity.WARNING);
        assertThat(signal.status()).isEqualTo(SignalStatus.FIRING);
        assertThat(signal.labels()).contains(entry("controlId", "CloudTrail.2"), entry("complianceStatus", "FAILED"),
                entry("workflowStatus", "NEW"), entry("recordState", "ACTIVE"), entry("severityLabel", "MEDIUM"));
        assertThat(signal.resources()).containsExactly("arn:aws:cloudtrail:us-east-2:123456789012:trail/AWSMacieTrail-DO-NOT-EDIT");
        assertThat(signal.region()).isEqualTo("us-east-2");
        assertThat(signal.summary()).contains("Remediation: For directions on how to correct this issue");
        assertThat(signal.links()).extracting(Link::label).containsExactly("Open finding in Security Hub", "Remediation");
        assertThat(signal.signalId()).startsWith("finding-");
        assertThat(signal.occurredAt()).isEqualTo(Instant.parse("2021-09-28T16:10:00.093Z"));
    }
}
