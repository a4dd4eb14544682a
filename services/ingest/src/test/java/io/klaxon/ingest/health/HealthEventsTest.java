package io.klaxon.ingest.health;

import static io.klaxon.ingest.testing.Samples.only;
import static io.klaxon.ingest.testing.Samples.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.domain.signal.Link;
import io.klaxon.domain.signal.Severity;
import io.klaxon.domain.signal.SignalStatus;
import io.klaxon.ingest.Normalizer;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** AWS Health events: one test per sample in {@code samples/health}. */
class HealthEventsTest {

    @Test
    void publicIssueWithoutEntities_shouldStayFiring_whenStatusIsOpenDespiteEndTime() {
        // GIVEN a PUBLIC region-wide issue, affectedEntities [], statusCode "open" although endTime is set
        // WHEN
        AlertSignal signal = only("health/docs-public-ec2-operational-issue-no-entities.json");

        // THEN
        assertThat(signal.sourceKind()).isEqualTo("aws-health");
        assertThat(signal.alertKey()).isEqualTo("arn:aws:health:af-south-1::event/EC2/AWS_EC2_OPERATIONAL_ISSUE/"
                + "AWS_EC2_OPERATIONAL_ISSUE_7f35c8ae-af1f-54e6-a526-d0179ed6d68f#123456789012");
        assertThat(signal.status()).isEqualTo(SignalStatus.FIRING);
        assertThat(signal.severity()).isEqualTo(Severity.HIGH);
        assertThat(signal.title()).isEqualTo("AWS Health issue: AWS_EC2_OPERATIONAL_ISSUE in af-south-1");
        assertThat(signal.region()).isEqualTo("af-south-1");
        assertThat(signal.resources()).isEmpty();
        assertThat(signal.summary()).startsWith("Current severity level: Operating normally\n\n[RESOLVED]")
                .contains("APPSYNC, BACKUP, EVENTS.");
        assertThat(signal.occurredAt()).as("lastUpdatedTime, RFC 1123").isEqualTo(Instant.parse("2023-01-27T09:01:22Z"));
        assertThat(signal.labels()).contains(entry("service", "EC2"), entry("eventTypeCode", "AWS_EC2_OPERATIONAL_ISSUE"),
                entry("eventScopeCode", "PUBLIC"), entry("statusCode", "open"), entry("backupEvent", "false"),
                entry("communicationId", "01b0993207d81a09dcd552ebd1e633e36cf1f09a-1"), entry("personas", "OPERATIONS"),
                entry("endTime", "Fri, 27 Jan 2023 09:01:22 GMT"));
        assertThat(signal.links()).extracting(Link::url).singleElement().asString()
                .startsWith("https://health.aws.amazon.com/health/home#/account/event-log?eventID=arn%3Aaws%3Ahealth%3Aaf-south-1");
    }

    @Test
    void accountSpecificIssue_shouldUseEventTime_whenNoLastUpdatedTimeAndNoEntitiesKey() {
        // GIVEN / WHEN
        AlertSignal signal = only("health/docs-account-elb-api-issue.json");

        // THEN
        assertThat(signal.occurredAt()).isEqualTo(Instant.parse("2022-06-10T06:27:57Z"));
        assertThat(signal.account()).isEqualTo("123456789012");
        assertThat(signal.region()).isEqualTo("ap-southeast-2");
        assertThat(signal.summary()).isEqualTo("A description of the event will be provided here");
    }

    @Test
    void backupEvent_shouldTakeImpactedRegionAndShareSignalIdWithPrimary_whenDeliveredInAnotherRegion() {
        // GIVEN a backup copy delivered in us-west-2 for an event in us-east-1
        // WHEN
        AlertSignal backup = only("health/docs-backup-event-instance-store-degraded.json");

        // THEN the region is where the impact is; the signal id depends only on eventArn, account,
        // communication and page, so the primary copy (another EventBridge id, region us-east-1) dedups with it
        assertThat(backup.region()).isEqualTo("us-east-1");
        assertThat(backup.labels()).containsEntry("backupEvent", "true");
        assertThat(backup.signalId()).startsWith("health-");
        assertThat(backup.resources()).containsExactly("i-abcd1111");
        String primary = read("health/docs-backup-event-instance-store-degraded.json")
                .replace("\"us-west-2\"", "\"us-east-1\"").replace("\"true\"", "\"false\"")
                .replace("121345678-1234-1234-1234-123456789012", "99999999-1234-1234-1234-123456789012");
        AlertSignal fromPrimary = new Normalizer().normalize(primary).signals().getFirst();
        assertThat(fromPrimary.signalId()).isEqualTo(backup.signalId());
        assertThat(fromPrimary.alertKey()).isEqualTo(backup.alertKey());
    }

    @Test
    void retirementScheduledChange_shouldBeWarningWithEntityArn_whenNoResourcesKeyAtAll() {
        // GIVEN AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED, ACTION_REQUIRED, no "resources" key
        // WHEN
        AlertSignal signal = only("health/docs-ec2-retirement-scheduledchange.json");

        // THEN
        assertThat(signal.severity()).isEqualTo(Severity.WARNING);
        assertThat(signal.resources()).containsExactly("arn:aws:ec2:us-east-1:123456789012:instance/i-1234567890abcdef0");
        assertThat(signal.labels()).contains(entry("actionability", "ACTION_REQUIRED"),
                entry("eventTypeCategory", "scheduledChange"));
        // lastUpdatedTime "Thu, 27 Jan 2026" has a wrong weekday: the date still counts
        assertThat(signal.occurredAt()).isEqualTo(Instant.parse("2026-01-27T13:44:13Z"));
    }

    @Test
    void pagedLambdaLifecycle_shouldListAllEntitiesAndThePage_whenCommunicationHasTenPages() {
        // GIVEN page 1 of 10 with four affected functions
        // WHEN
        AlertSignal signal = only("health/docs-lambda-planned-lifecycle-multi-entities-paged.json");

        // THEN
        assertThat(signal.resources()).containsExactly("arn:lambda-1-101002929", "arn:lambda-1-101002930",
                "arn:lambda-1-101002931", "arn:lambda-1-101002932");
        assertThat(signal.labels()).containsEntry("page", "1/10");
        assertThat(signal.summary()).contains("Affected: arn:lambda-1-101002929,", "Page 1 of 10");
        // each page is its own signal
        assertThat(signal.signalId()).isNotEqualTo(only("health/docs-ec2-retirement-scheduledchange.json").signalId());
    }

    @Test
    void publicIssueWithBlankLines_shouldParse_whenFileStartsWithABlankLine() {
        // GIVEN a PUBLIC issue without endTime or entities; the source has blank lines in and before it
        // WHEN
        AlertSignal signal = only("health/docs-public-ec2-us-east-1-paged-fields.json");

        // THEN
        assertThat(signal.alertKey()).isEqualTo("arn:aws:health:us-east-1::event/EC2/AWS_EC2_OPERATIONAL_ISSUE#123456789012");
        assertThat(signal.summary()).startsWith("We are investigating increased API Error rates");
        assertThat(signal.labels()).doesNotContainKey("endTime");
        assertThat(signal.occurredAt()).isEqualTo(Instant.parse("2023-02-15T22:07:07Z"));
    }

    @Test
    void issueWithEntityTags_shouldLabelTags_whenScopeCodeIsMissing() {
        // GIVEN affectedEntities[0].tags {stage: prod, app: my-app}; id "121345678-…" is not a UUID
        // WHEN
        AlertSignal signal = only("health/tf-notify-slack-issue-entity-tags.json");

        // THEN
        assertThat(signal.labels()).contains(entry("tag.stage", "prod"), entry("tag.app", "my-app"))
                .doesNotContainKey("eventScopeCode");
        assertThat(signal.signalId()).isEqualTo("121345678-1234-1234-1234-123456789012");
        assertThat(signal.occurredAt()).isEqualTo(Instant.parse("2016-06-05T06:27:57Z"));
    }

    @Test
    void acmRenewal_shouldTurnLiteralBackslashNIntoLineBreaks_whenDescriptionHasNonAscii() {
        // GIVEN curly apostrophes and literal "\n" sequences; region "region", category "category" (placeholders)
        // WHEN
        AlertSignal signal = only("health/aws-to-slack-acm-renewal-nonascii.json");

        // THEN
        assertThat(signal.summary()).contains("certificate’s CNAME records", "If you don’t have an AWS support plan")
                .contains("12:00:00 UTC. This certificate includes the primary domain *.example.com and a total of 1 domains.\n\nAWS account ID: 11111111")
                .doesNotContain("\\n");
        assertThat(signal.region()).as("\"region\" is no region code").isNull();
        assertThat(signal.severity()).as("unknown category").isEqualTo(Severity.WARNING);
    }

    @Test
    void abuseEventInSns_shouldBeCriticalWithoutRegion_whenRegionIsGlobal() {
        // GIVEN an HTTP SNS body wrapping "AWS Health Abuse Event" (region "global", empty Subject)
        // WHEN
        AlertSignal signal = only("health/sre-bot-http-abuse-event-in-sns.json");

        // THEN
        assertThat(signal.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(signal.region()).isNull();
        assertThat(signal.resources()).containsExactly("arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111",
                "arn:aws:ec2:us-east-1:123456789012:instance/i-abcd2222");
        assertThat(signal.title()).isEqualTo("AWS Health issue: AWS_ABUSE_DOS_REPORT");
        assertThat(signal.signalId()).as("the inner event's id").isEqualTo("7bf73129-1428-4cd3-a780-95db273d1602");
    }

    @Test
    void ahaEvent_shouldKeyOnAffectedAccount_whenReRepublishedWithBacktickedAccount() {
        // GIVEN AWS Health Aware's own event: detail.arn, eventDescription object, account "`234567890123`"
        // WHEN
        AlertSignal signal = only("health/aha-enriched-vpn-accountnotification.json");

        // THEN
        assertThat(signal.alertKey()).isEqualTo("arn:aws:health:us-east-1::event/VPN/AWS_VPN_REDUNDANCY_LOSS/"
                + "AWS_VPN_REDUNDANCY_LOSS-1656151378267-7672191-IAD#987654321987");
        assertThat(signal.account()).isEqualTo("987654321987");
        assertThat(signal.labels()).contains(entry("awsAccountName", "Prod-Apps"), entry("sourceAccount", "234567890123"));
        assertThat(signal.severity()).isEqualTo(Severity.INFO);
        assertThat(signal.occurredAt()).isEqualTo(Instant.parse("2022-06-25T10:02:58.371Z"));
        assertThat(signal.summary()).startsWith("Your VPN Connection associated with this event");
    }

    @Test
    void smsNotifierTestEvent_shouldStillAlert_whenValuesAreInvalidOnPurpose() {
        // GIVEN eventTypeCategory "category", service "AWS_EC2", no entities
        // WHEN
        AlertSignal signal = only("health/health-tools-sms-notifier-test-event.json");

        // THEN
        assertThat(signal.title()).isEqualTo("AWS Health category: AWS_EC2_HEALTH_TEST_EVENT in us-east-1");
        assertThat(signal.summary()).isEqualTo("something is wrong");
        assertThat(signal.labels()).containsEntry("service", "AWS_EC2");
    }

    @Test
    void putEventsEntries_shouldBeTurnedIntoDeliveredShape_whenDetailIsAJsonString() {
        // GIVEN PutEvents request entries (Source/DetailType/Resources/Detail-as-string), source "com.samplevent"
        // WHEN
        AlertSignal signal = only("health/health-tools-putevents-ecs-task-patching.json");

        // THEN routed on the detail-type and the Health-shaped detail
        assertThat(signal.sourceKind()).isEqualTo("aws-health");
        assertThat(signal.labels()).contains(entry("eventTypeCode", "AWS_ECS_TASK_PATCHING_RETIREMENT"),
                entry("eventTypeCategory", "scheduledChange"));
        assertThat(signal.resources()).containsExactly("cluster/service1", "cluster/service2");
        assertThat(signal.account()).isNull();
        assertThat(signal.alertKey()).isEqualTo(
                "arn:aws:health:us-east-1::event/ECS/AWS_ECS_TASK_PATCHING_RETIREMENT/AWS_ECS_TASK_PATCHING_RETIREMENT_test1");
        assertThat(signal.summary()).startsWith("Asoftwareupdatehasbeendeployed").doesNotContain("\\n");
        assertThat(signal.occurredAt()).isEqualTo(Instant.parse("2023-08-16T23:18:52Z"));
    }

    @Test
    void closedEvent_shouldRecoverTheSameKey_whenStatusCodeIsClosed() {
        // GIVEN the account-specific issue, later closed by AWS
        String closed = read("health/docs-account-elb-api-issue.json").replace("\"statusCode\": \"open\"", "\"statusCode\": \"closed\"");

        // WHEN
        AlertSignal signal = new Normalizer().normalize(closed).signals().getFirst();

        // THEN
        assertThat(signal.status()).isEqualTo(SignalStatus.RECOVERED);
        assertThat(signal.alertKey()).isEqualTo(only("health/docs-account-elb-api-issue.json").alertKey());
    }
}
