package io.klaxon.ingest.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.ingest.Normalizer;
import io.klaxon.ingest.testing.Samples;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test inputs: one GuardDuty finding reaching ingest twice with {@code IngestSecurityFindings=true}: from GuardDuty's
 * own "GuardDuty Finding" event and from Security Hub's "Security Hub Findings - Imported" event.
 *
 * <p>The GuardDuty side is the full finding in {@code aws-to-slack-guardduty-full-finding-in-sns.json}
 * (the EventBridge event in its SNS Message). There is no sample of Security Hub importing a GuardDuty
 * finding, so the Security Hub side is built from the ASFF sample {@code securityhub-asff-fsbp-finding-docs.json}
 * with the GuardDuty finding's {@code Id} (its ARN), {@code ProductArn} (GuardDuty's product in its
 * region) and {@code UpdatedAt} (GuardDuty's {@code updatedAt}), as Security Hub maps them (the ASFF
 * mapping of GuardDuty findings), and wrapped in the EventBridge event Security Hub sends. The
 * sample's other times (CreatedAt, LastObservedAt) are left as they are: UpdatedAt is the finding's
 * source time, and the tests depend on it alone.
 */
public final class GuardDutyImports {

    private GuardDutyImports() {
    }

    static final JsonMapper JSON = JsonMapper.createDefault();

    /** The "GuardDuty Finding" EventBridge event of the sample (the SNS Message). */
    public static String guardDutyEvent() {
        Map<String, Object> sns = map(Samples.read("security/aws-to-slack-guardduty-full-finding-in-sns.json"));
        @SuppressWarnings("unchecked")
        var record = (Map<String, Object>) ((List<Object>) sns.get("Records")).getFirst();
        @SuppressWarnings("unchecked")
        var message = (String) ((Map<String, Object>) record.get("Sns")).get("Message");
        return message;
    }

    /**
     * Security Hub's import of that finding: the ASFF sample carrying the GuardDuty finding's Id,
     * ProductArn and {@code updatedAt} (or {@code updatedAt} given), in a "Security Hub Findings -
     * Imported" event of its own id.
     */
    public static String securityHubImport(String eventId, String updatedAt) {
        Map<String, Object> detail = detail(guardDutyEvent());
        String region = (String) detail.get("region");
        Map<String, Object> finding = new LinkedHashMap<>(map(Samples.read("security/securityhub-asff-fsbp-finding-docs.json")));
        finding.put("Id", detail.get("arn"));
        finding.put("ProductArn", "arn:aws:securityhub:" + region + "::product/aws/guardduty");
        finding.put("UpdatedAt", updatedAt);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "0");
        event.put("id", eventId);
        event.put("detail-type", "Security Hub Findings - Imported");
        event.put("source", "aws.securityhub");
        event.put("account", detail.get("accountId"));
        event.put("time", "2019-02-21T06:07:20Z");
        event.put("region", region);
        event.put("resources", List.of("arn:aws:securityhub:" + region + "::product/aws/guardduty/" + detail.get("arn")));
        event.put("detail", Map.of("findings", List.of(finding)));
        return write(event);
    }

    /**
     * The sample's "GuardDuty Finding" event for a later update of the finding: {@code updatedAt} and
     * {@code service.count} given, under another event id.
     */
    @SuppressWarnings("unchecked")
    public static String guardDutyUpdate(String eventId, String updatedAt, int count) {
        Map<String, Object> event = new LinkedHashMap<>(map(guardDutyEvent()));
        Map<String, Object> detail = new LinkedHashMap<>((Map<String, Object>) event.get("detail"));
        Map<String, Object> service = new LinkedHashMap<>((Map<String, Object>) detail.get("service"));
        service.put("count", count);
        detail.put("service", service);
        detail.put("updatedAt", updatedAt);
        event.put("detail", detail);
        event.put("id", eventId);
        return write(event);
    }

    /** GuardDuty's {@code updatedAt} of the sample finding. */
    public static String guardDutyUpdatedAt() {
        return (String) detail(guardDutyEvent()).get("updatedAt");
    }

    public static AlertSignal only(String input) {
        var result = new Normalizer().normalize(input, Samples.RECEIVED);
        assertThat(result.signals()).hasSize(1);
        return result.signals().getFirst();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> detail(String event) {
        return (Map<String, Object>) map(event).get("detail");
    }

    private static Map<String, Object> map(String json) {
        try {
            return JSON.readValue(json.getBytes(StandardCharsets.UTF_8), Argument.mapOf(String.class, Object.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
