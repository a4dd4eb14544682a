package io.klaxon.ingest.generic;

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

/** Non-alarm SNS messages (plain text or arbitrary JSON): one test per sample in {@code samples/sns-other}. */
class GenericSnsMessageTest {

    @Test
    void multilineText_shouldUseSubjectAsTitleAndTextAsSummary_whenTopicIsInGovCloud() {
        // GIVEN a plain multi-line message with Slack-like markup, on a us-gov-west-1 topic
        // WHEN
        AlertSignal signal = only("sns-other/tf-notify-slack-text-multiline.json");

        // THEN
        assertThat(signal.sourceKind()).isEqualTo("sns-message");
        assertThat(signal.title()).isEqualTo("All Fine");
        assertThat(signal.summary()).isEqualTo("This\nis\na typical multi-line\nmessage from SNS!\n\nHave a ~good~ amazing day! :)");
        assertThat(signal.region()).isEqualTo("us-gov-west-1");
        assertThat(signal.account()).isEqualTo("123456789012");
        assertThat(signal.status()).isEqualTo(SignalStatus.FIRING);
        assertThat(signal.severity()).isEqualTo(Severity.WARNING);
        assertThat(signal.signalId()).isEqualTo("f86e3c5b-cd17-1ab8-80e9-c0776d4f1e7a");
        assertThat(signal.alertKey()).startsWith("sns-message:arn:aws:sns:us-gov-west-1:123456789012:ExampleTopic:");
        // the region decides the console host, even though this fixture's ARN says partition "aws"
        assertThat(signal.links()).extracting(Link::url).containsExactly("https://console.amazonaws-us-gov.com/sns/v3/home"
                + "?region=us-gov-west-1#/topic/arn%3Aaws%3Asns%3Aus-gov-west-1%3A123456789012%3AExampleTopic");
        assertThat(signal.occurredAt()).isEqualTo(Instant.parse("2019-02-12T15:45:24.091Z"));
        assertThat(signal.labels()).containsEntry("topic", "ExampleTopic");
    }

    @Test
    void helloFromSns_shouldKeepStringAttributesAndDropBinaryOnes_whenMessageHasAttributes() {
        // GIVEN the Lambda docs example: "Hello from SNS!" with a String and a Binary attribute
        // WHEN
        AlertSignal signal = only("sns-other/lambda-docs-hello-from-sns.json");

        // THEN
        assertThat(signal.title()).isEqualTo("TestInvoke");
        assertThat(signal.summary()).startsWith("Hello from SNS!").contains("Test: TestString").doesNotContain("TestBinary");
        assertThat(signal.labels()).containsEntry("attribute.Test", "TestString").doesNotContainKey("attribute.TestBinary");
        assertThat(signal.region()).isEqualTo("us-east-2");
        assertThat(signal.occurredAt()).isEqualTo(Instant.parse("2019-01-02T12:45:07Z"));
    }

    @Test
    void samCliDefaults_shouldReadTopicAccount_whenSubscriptionArnHasNoAccount() {
        // GIVEN `sam local generate-event sns notification` with defaults: EventSubscriptionArn lacks the account
        // WHEN
        AlertSignal signal = only("sns-other/sam-cli-sns-notification-defaults.json");

        // THEN the TopicArn still names it
        assertThat(signal.account()).isEqualTo("123456789012");
        assertThat(signal.title()).isEqualTo("example subject");
        assertThat(signal.summary()).startsWith("example message");
        assertThat(signal.occurredAt()).isEqualTo(Instant.EPOCH);
    }

    @Test
    void backupRecords_shouldYieldOneSignalPerRecordWithStateFromAttributes_whenBatchHasFourRecords() {
        // GIVEN four AWS Backup records: COMPLETED, FAILED, EXPIRED (one shared MessageId) and a COPY_JOB FAILED
        // WHEN
        NormalizeResult result = normalize("sns-other/tf-notify-slack-backup-4-records.json");

        // THEN every record counts; the State attribute sets severity; distinct texts stay distinct alerts
        assertThat(result.signals()).hasSize(4);
        assertThat(result.signals()).extracting(AlertSignal::severity)
                .containsExactly(Severity.INFO, Severity.HIGH, Severity.WARNING, Severity.HIGH);
        assertThat(result.signals()).extracting(s -> s.labels().get("attribute.State"))
                .containsExactly("COMPLETED", "FAILED", "EXPIRED", "FAILED");
        assertThat(result.signals()).extracting(AlertSignal::alertKey).doesNotHaveDuplicates();
        assertThat(result.signals().getFirst().resources()).containsExactly(
                "arn:aws:ec2:us-west-1:123456789012:volume/vol-012f345df6789012d",
                "arn:aws:ec2:us-west-1:123456789012:volume/vol-012f345df6789012e");
        assertThat(result.signals().get(3).region()).isEqualTo("us-east-1");
        assertThat(result.signals().get(3).labels()).containsEntry("attribute.EventType", "COPY_JOB");
    }

    @Test
    void dmsJson_shouldSummarizeFieldsWithSpacesInKeys_whenMessageIsArbitraryJson() {
        // GIVEN a DMS JSON message with keys such as "Event Message" and \/ escapes
        // WHEN
        AlertSignal signal = only("sns-other/tf-notify-slack-dms-json-message.json");

        // THEN readable lines, prose first — not a JSON dump
        assertThat(signal.title()).isEqualTo("DMS Notification Message");
        assertThat(signal.summary()).startsWith("Event Message: Replication task has stopped.\n")
                .contains("Identifier Link: https://console.aws.amazon.com/dms/home?region=us-east-1#tasks:ids=hello-world")
                .doesNotContain("{", "\\/");
        assertThat(signal.sourceKind()).isEqualTo("sns-message");
    }

    @Test
    void glueEventInSns_shouldRouteOnInnerSourceAndDetailType_whenSubjectIsEmpty() {
        // GIVEN an SNS message that is a whole EventBridge event (Glue Job State Change FAILED, severity ERROR)
        // WHEN
        AlertSignal signal = only("sns-other/tf-notify-slack-glue-eventbridge-in-sns.json");

        // THEN
        assertThat(signal.sourceKind()).isEqualTo("aws.glue");
        assertThat(signal.title()).isEqualTo("Glue Job State Change: FAILED — test_job");
        assertThat(signal.severity()).isEqualTo(Severity.HIGH);
        assertThat(signal.signalId()).as("the event's own id").isEqualTo("ad3c3da1-148c-d5da-9a6a-79f1bc9a8a2e");
        assertThat(signal.summary()).startsWith("message: SystemExit: 1");
        assertThat(signal.account()).isEqualTo("000000000000");
        assertThat(signal.region()).isEqualTo("us-east-2");
        assertThat(signal.occurredAt()).isEqualTo(Instant.parse("2021-06-18T12:34:06Z"));
        assertThat(signal.labels()).contains(entry("state", "FAILED"), entry("jobName", "test_job"),
                entry("source", "aws.glue"), entry("detailType", "Glue Job State Change"));
    }

    @Test
    void subscriptionConfirmation_shouldNotBecomeAnAlert_whenHttpEndpointIsSubscribed() {
        // GIVEN / WHEN
        NormalizeResult result = normalize("sns-other/alerta-http-subscription-confirmation.json");

        // THEN (details in EnvelopeTest)
        assertThat(result.signals()).isEmpty();
        assertThat(result.confirmation()).isPresent();
    }

    @Test
    void iamUserText_shouldListArnsFoundInTheTextAsResources_whenMessageIsKeyValueText() {
        // GIVEN a plain-text multi-line "key: value" message
        // WHEN
        AlertSignal signal = only("sns-other/sre-bot-http-iam-user-plaintext.json");

        // THEN
        assertThat(signal.title()).isEqualTo("Violation - IAM User is out of compliance");
        assertThat(signal.summary()).startsWith("An IAM User was created in an Account\n\nIAM ARN: arn:aws:iam::412578375350:user/test2");
        assertThat(signal.resources()).contains("arn:aws:iam::412578375350:user/test2");
        assertThat(signal.account()).isEqualTo("412578375350");
        assertThat(signal.region()).isEqualTo("ca-central-1");
    }

    @Test
    void autoMitigationText_shouldStayText_whenItEndsWithEmbeddedJson() {
        // GIVEN plain text that ends with a JSON fragment
        // WHEN
        AlertSignal signal = only("sns-other/sre-bot-http-auto-mitigation-plaintext.json");

        // THEN the whole message is the summary; nothing tried to parse it
        assertThat(signal.title()).isEqualTo("Auto-mitigation successful");
        assertThat(signal.summary()).startsWith("AUTO-MITIGATED: Ingress rule removed from security group: sg-09d2738530b93476d")
                .endsWith("[{\"IpProtocol\": \"tcp\", \"FromPort\": 22, \"ToPort\": 22, \"IpRanges\": [{\"CidrIp\": \"0.0.0.0 / 0\"}]}]");
        assertThat(signal.signalId()).isEqualTo("1e5f5647g-adb5-5d6f-ab5e-c2e508881361");
    }
}
