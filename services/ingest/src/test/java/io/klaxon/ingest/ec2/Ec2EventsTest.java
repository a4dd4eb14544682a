package io.klaxon.ingest.ec2;

import static io.klaxon.ingest.testing.Samples.RECEIVED;
import static io.klaxon.ingest.testing.Samples.only;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.domain.signal.Link;
import io.klaxon.domain.signal.Severity;
import io.klaxon.domain.signal.SignalStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** EC2 events from EventBridge: one test per sample in {@code samples/ec2}. */
class Ec2EventsTest {

    @Test
    void pendingState_shouldRecoverOnInstanceArn_whenEventHasNoVersionField() {
        // GIVEN the EC2 docs' pending event (no "version" field)
        // WHEN
        AlertSignal signal = only("ec2/state-pending-ec2-docs.json");

        // THEN
        assertThat(signal.sourceKind()).isEqualTo("ec2-state-change");
        assertThat(signal.alertKey()).isEqualTo("arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111");
        assertThat(signal.status()).isEqualTo(SignalStatus.RECOVERED);
        assertThat(signal.severity()).isEqualTo(Severity.INFO);
        assertThat(signal.title()).isEqualTo("EC2 instance i-abcd1111 is pending");
        assertThat(signal.signalId()).isEqualTo("7bf73129-1428-4cd3-a780-95db273d1602");
        assertThat(signal.occurredAt()).isEqualTo(Instant.parse("2021-11-11T21:29:54Z"));
        assertThat(signal.links()).extracting(Link::url).containsExactly(
                "https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#InstanceDetails:instanceId=i-abcd1111");
        assertThat(signal.labels()).contains(entry("instanceId", "i-abcd1111"), entry("state", "pending"));
    }

    @Test
    void pendingStateInChina_shouldKeepAwsCnPartition_whenArnSaysAwsCn() {
        // GIVEN the China-region copy of the page: arn:aws-cn:…
        // WHEN
        AlertSignal signal = only("ec2/state-pending-aws-cn-partition-docs.json");

        // THEN the partition is never hard-coded
        assertThat(signal.alertKey()).isEqualTo("arn:aws-cn:ec2:us-east-1:123456789012:instance/i-1234567890abcdef0");
        assertThat(signal.links()).extracting(Link::url).singleElement().asString().startsWith("https://console.amazonaws.cn/ec2/home");
    }

    @Test
    void terminatedState_shouldTrimInstanceIdAndMatchItsArn_whenIdHasLeadingSpace() {
        // GIVEN "instance-id": " i-1234567890abcdef0"; envelope account 111122223333 differs from the ARN's
        // WHEN
        AlertSignal signal = only("ec2/state-terminated-eventbridge-docs-leading-space.json");

        // THEN
        assertThat(signal.labels()).containsEntry("instanceId", "i-1234567890abcdef0");
        assertThat(signal.alertKey()).isEqualTo("arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0");
        assertThat(signal.status()).isEqualTo(SignalStatus.FIRING);
        assertThat(signal.severity()).isEqualTo(Severity.HIGH);
        assertThat(signal.account()).as("the account the event states").isEqualTo("111122223333");
        assertThat(signal.title()).isEqualTo("EC2 instance i-1234567890abcdef0 is terminated");
    }

    @Test
    void terminatedState_shouldEqualTheLeadingSpaceVariant_whenIdIsClean() {
        // GIVEN the same event, cleanly written
        // WHEN
        AlertSignal clean = only("ec2/state-terminated-event-patterns-docs.json");
        AlertSignal spaced = only("ec2/state-terminated-eventbridge-docs-leading-space.json");

        // THEN
        assertThat(clean).isEqualTo(spaced);
    }

    @Test
    void stoppingState_shouldAcceptThirteenDigitAccount_whenIdsAreMasked() {
        // GIVEN a real event pasted from an e-mail: masked ids, account with 13 digits
        // WHEN
        AlertSignal signal = only("ec2/state-stopping-real-email.json");

        // THEN
        assertThat(signal.account()).isEqualTo("1234567890123");
        assertThat(signal.severity()).isEqualTo(Severity.WARNING);
        assertThat(signal.status()).isEqualTo(SignalStatus.FIRING);
        assertThat(signal.alertKey()).isEqualTo("arn:aws:ec2:us-east-1:1234567890123:instance/i-xxxxxxxx");
        assertThat(signal.signalId()).isEqualTo("710a78e8-1b0d-57ea-d0b8-xxxxxxxx");
    }

    @Test
    void spotInterruption_shouldFireHighAndFallBackToReceiptTime_whenTimeIsAPlaceholder() {
        // GIVEN time "yyyy-mm-ddThh:mm:ssZ"
        // WHEN
        AlertSignal signal = only("ec2/spot-interruption-warning-docs.json");

        // THEN it does not fail: the time of receipt stands in, and the raw value is kept
        assertThat(signal.sourceKind()).isEqualTo("ec2-spot-interruption");
        assertThat(signal.severity()).isEqualTo(Severity.HIGH);
        assertThat(signal.alertKey()).isEqualTo("arn:aws:ec2:us-east-2:123456789012:instance/i-1234567890abcdef0");
        assertThat(signal.occurredAt()).isEqualTo(RECEIVED);
        assertThat(signal.labels()).contains(entry("occurredAtSource", "received"),
                entry("unparsedTime", "yyyy-mm-ddThh:mm:ssZ"), entry("instanceAction", "action"));
        assertThat(signal.summary()).contains("i-1234567890abcdef0", "two minutes");
    }

    @Test
    void rebalanceRecommendation_shouldShareTheInstanceKey_whenSpotInstanceIsAtRisk() {
        // GIVEN / WHEN
        AlertSignal signal = only("ec2/rebalance-recommendation-docs.json");

        // THEN one instance, one alert: the warning and a later interruption refire the same key
        assertThat(signal.sourceKind()).isEqualTo("ec2-rebalance-recommendation");
        assertThat(signal.severity()).isEqualTo(Severity.WARNING);
        assertThat(signal.alertKey()).isEqualTo(only("ec2/spot-interruption-warning-docs.json").alertKey());
        assertThat(signal.occurredAt()).isEqualTo(RECEIVED);
    }
}
