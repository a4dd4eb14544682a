package io.klaxon.ingest.security;

import io.klaxon.domain.signal.Link;
import io.klaxon.domain.signal.Severity;
import io.klaxon.domain.signal.SignalStatus;
import io.klaxon.ingest.aws.Accounts;
import io.klaxon.ingest.aws.Arn;
import io.klaxon.ingest.aws.ConsoleLinks;
import io.klaxon.ingest.aws.Regions;
import io.klaxon.ingest.envelope.Event;
import io.klaxon.ingest.envelope.Origin;
import io.klaxon.ingest.json.Json;
import io.klaxon.ingest.signal.Fingerprints;
import io.klaxon.ingest.signal.SignalBuilder;
import io.klaxon.ingest.signal.SignalSink;
import io.klaxon.ingest.text.PlainText;
import io.klaxon.ingest.time.SourceTimes;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Security Hub findings in the AWS Security Finding Format (ASFF): each finding of a "Security Hub
 * Findings - …" event, or a bare finding.
 *
 * <ul>
 *   <li>alertKey: the finding {@code Id}; signalId: the event id (with {@code #n} when an event carries
 *       several findings), else a fingerprint of Id and UpdatedAt.</li>
 *   <li>severity: {@code Severity.Label}, else the label the provider gave, else the one in
 *       {@code ProductFields "aws/securityhub/SeverityLabel"} (legacy findings), else the bands of
 *       {@code Severity.Normalized}. CRITICAL → critical, HIGH → high, MEDIUM → warning, LOW and
 *       INFORMATIONAL → info.</li>
 *   <li>status: RECOVERED when the workflow is RESOLVED or SUPPRESSED, the record ARCHIVED, or a control
 *       PASSED; FIRING otherwise.</li>
 * </ul>
 */
public final class SecurityHubFindings {

    public static final String SOURCE_KIND = "security-hub";
    private static final Set<String> CLOSED_WORKFLOW = Set.of("RESOLVED", "SUPPRESSED");

    public static boolean handles(Event event) {
        return event.detailType().startsWith("Security Hub Findings");
    }

    /** A finding without its event wrapper. */
    public static boolean isBareFinding(JsonNode node) {
        return Json.text(node, "SchemaVersion") != null && Json.text(node, "Id") != null
                && Json.text(node, "ProductArn") != null && Json.has(node, "AwsAccountId");
    }

    public void normalize(Origin origin, Event event, SignalSink sink) {
        List<JsonNode> findings = Json.array(event.detail(), "findings");
        if (findings.isEmpty()) {
            sink.ignore(origin.where() + ": " + event.detailType() + " (event " + event.id() + ")",
                    "the event carries no findings");
            return;
        }
        for (int i = 0; i < findings.size(); i++) {
            String sourceId = event.id() == null ? null : findings.size() == 1 ? event.id() : event.id() + "#" + (i + 1);
            finding(origin, findings.get(i), sourceId, event, sink);
        }
    }

    public void bare(Origin origin, JsonNode finding, SignalSink sink) {
        finding(origin, finding, null, null, sink);
    }

    private void finding(Origin origin, JsonNode f, @Nullable String sourceId, @Nullable Event event, SignalSink sink) {
        String id = Json.text(f, "Id");
        Arn idArn = Arn.parse(id);
        Arn productArn = Arn.parse(Json.text(f, "ProductArn"));
        List<JsonNode> resources = Json.array(f, "Resources");
        String region = Regions.first(Json.text(f, "Region"),
                resources.isEmpty() ? null : Json.text(resources.getFirst(), "Region"),
                event == null ? null : event.region(), idArn == null ? null : idArn.region());
        String partition = productArn != null && productArn.knownPartition() != null ? productArn.knownPartition()
                : Regions.partitionOf(region);
        String updatedAt = Json.text(f, "UpdatedAt");
        JsonNode productFields = Json.object(f, "ProductFields");
        String label = severityLabel(f, productFields);
        String workflow = PlainText.firstNonBlank(Json.text(Json.object(f, "Workflow"), "Status"),
                Json.text(f, "WorkflowState"));
        String recordState = Json.text(f, "RecordState");
        String compliance = Json.text(Json.object(f, "Compliance"), "Status");
        boolean closed = (workflow != null && CLOSED_WORKFLOW.contains(workflow.toUpperCase(Locale.ROOT)))
                || "ARCHIVED".equalsIgnoreCase(recordState) || "PASSED".equalsIgnoreCase(compliance);
        JsonNode recommendation = Json.path(f, "Remediation", "Recommendation");
        String remediationUrl = Json.text(recommendation, "Url");
        Instant at = SourceTimes.first(updatedAt, Json.text(f, "LastObservedAt"), Json.text(f, "CreatedAt"));
        if (at == null && event != null) {
            at = event.time();
        }

        SignalBuilder signal = new SignalBuilder(SOURCE_KIND)
                .alertKey(id == null ? "security-hub-finding:" + Fingerprints.of(Json.write(f)) : id)
                .signalId(sourceId != null ? sourceId
                        : origin.deliveryId() != null ? origin.signalId(null)
                        : "finding-" + Fingerprints.of(id, updatedAt))
                .status(closed ? SignalStatus.RECOVERED : SignalStatus.FIRING)
                .severity(severity(label))
                .title(PlainText.firstNonBlank(Json.text(f, "Title"), id, "Security Hub finding"))
                .summary(PlainText.paragraphs(Json.text(f, "Description"),
                        Json.text(recommendation, "Text") == null ? null
                                : "Remediation: " + Json.text(recommendation, "Text")))
                .account(Accounts.first(Json.text(f, "AwsAccountId"), event == null ? null : event.account()))
                .region(region)
                .occurredAt(at != null ? at : origin.deliveredAt())
                .link(ConsoleLinks.securityHubFinding(partition, region, id))
                .link(remediationUrl != null && remediationUrl.startsWith("https://")
                        ? new Link("Remediation", remediationUrl) : null)
                .label("severityLabel", label)
                .label("productName", PlainText.firstNonBlank(Json.text(f, "ProductName"),
                        Json.text(productFields, "aws/securityhub/ProductName")))
                .label("companyName", PlainText.firstNonBlank(Json.text(f, "CompanyName"),
                        Json.text(productFields, "aws/securityhub/CompanyName")))
                .label("controlId", PlainText.firstNonBlank(Json.text(productFields, "ControlId"),
                        Json.text(Json.object(f, "Compliance"), "SecurityControlId")))
                .label("generatorId", Json.text(f, "GeneratorId"))
                .label("complianceStatus", compliance)
                .label("workflowStatus", workflow)
                .label("recordState", recordState)
                .label("findingType", Json.texts(f, "Types").stream().findFirst().orElse(null));
        for (JsonNode resource : resources) {
            signal.resource(Json.text(resource, "Id"));
        }
        sink.emit(signal);
    }

    @Nullable
    private static String severityLabel(JsonNode f, @Nullable JsonNode productFields) {
        String label = PlainText.firstNonBlank(Json.text(Json.object(f, "Severity"), "Label"),
                Json.text(Json.path(f, "FindingProviderFields", "Severity"), "Label"),
                Json.text(productFields, "aws/securityhub/SeverityLabel"));
        if (label != null) {
            return label.toUpperCase(Locale.ROOT);
        }
        String normalized = Json.text(Json.object(f, "Severity"), "Normalized");
        if (normalized == null) {
            return null;
        }
        try {
            double n = Double.parseDouble(normalized);
            return n >= 90 ? "CRITICAL" : n >= 70 ? "HIGH" : n >= 40 ? "MEDIUM" : n >= 1 ? "LOW" : "INFORMATIONAL";
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Severity severity(@Nullable String label) {
        if (label == null) {
            return Severity.WARNING;
        }
        return switch (label) {
            case "CRITICAL" -> Severity.CRITICAL;
            case "HIGH" -> Severity.HIGH;
            case "MEDIUM" -> Severity.WARNING;
            default -> Severity.INFO;
        };
    }
}
