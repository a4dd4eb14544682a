package io.klaxon.ingest.security;

import io.klaxon.domain.signal.Severity;
import io.klaxon.domain.signal.SignalStatus;
import io.klaxon.ingest.aws.Accounts;
import io.klaxon.ingest.aws.Arn;
import io.klaxon.ingest.aws.ConsoleLinks;
import io.klaxon.ingest.aws.Regions;
import io.klaxon.ingest.envelope.Event;
import io.klaxon.ingest.envelope.Origin;
import io.klaxon.ingest.json.Json;
import io.klaxon.ingest.signal.SignalBuilder;
import io.klaxon.ingest.signal.SignalSink;
import io.klaxon.ingest.text.PlainText;
import io.klaxon.ingest.time.SourceTimes;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * GuardDuty findings and Malware Protection scan results.
 *
 * <ul>
 *   <li>severity: GuardDuty's numeric score in its published bands — 9.0–10 Critical → critical,
 *       7.0–8.9 High → high, 4.0–6.9 Medium → warning, below 4 Low → info.</li>
 *   <li>alertKey: the finding ARN; partial events without one get
 *       {@code guardduty-finding:ACCOUNT:REGION:ID}. Updates of a finding (its count grows) refire
 *       the same alert; an archived finding recovers it.</li>
 *   <li>malware scans: THREATS_FOUND fires high on the object ({@code arn:…:s3:::bucket/key});
 *       NO_THREATS_FOUND is not an alert (ignored); other results (failed, unsupported) fire warning.</li>
 * </ul>
 */
public final class GuardDutyFindings {

    public static final String SOURCE_KIND = "guardduty";
    public static final String FINDING = "GuardDuty Finding";
    public static final String MALWARE_SCAN_PREFIX = "GuardDuty Malware Protection";

    public static boolean handles(Event event) {
        String source = event.source();
        return (source == null || source.equals("aws.guardduty"))
                && (event.detailType().equals(FINDING) || event.detailType().startsWith(MALWARE_SCAN_PREFIX));
    }

    public void normalize(Origin origin, Event event, SignalSink sink) {
        if (event.detailType().startsWith(MALWARE_SCAN_PREFIX)) {
            malwareScan(origin, event, sink);
        } else {
            finding(origin, event, sink);
        }
    }

    private void finding(Origin origin, Event event, SignalSink sink) {
        JsonNode d = event.detail();
        String id = Json.text(d, "id");
        String findingArn = Json.text(d, "arn");
        Arn arn = Arn.parse(findingArn);
        String account = Accounts.first(Json.text(d, "accountId"), event.account(), arn == null ? null : arn.account());
        String region = Regions.first(Json.text(d, "region"), event.region(), arn == null ? null : arn.region());
        String partition = Json.text(d, "partition") != null ? Json.text(d, "partition")
                : arn != null && arn.knownPartition() != null ? arn.knownPartition() : Regions.partitionOf(region);
        JsonNode service = Json.object(d, "service");
        String type = Json.text(d, "type");
        Double score = number(d.get("severity"));
        JsonNode instance = Json.path(d, "resource", "instanceDetails");
        String instanceId = Json.text(instance, "instanceId");
        boolean archived = service != null && service.get("archived") != null && service.get("archived").isBoolean()
                && service.get("archived").getBooleanValue();

        SignalBuilder signal = new SignalBuilder(SOURCE_KIND)
                .alertKey(findingArn != null ? findingArn
                        : "guardduty-finding:" + nz(account) + ":" + nz(region) + ":" + (id == null ? "unknown" : id))
                .signalId(origin.signalId(event.id()))
                .status(archived ? SignalStatus.RECOVERED : SignalStatus.FIRING)
                .severity(severity(score))
                .title(PlainText.firstNonBlank(Json.text(d, "title"), type, FINDING))
                .summary(PlainText.paragraphs(Json.text(d, "description"), lines(
                        "Type", type,
                        "Severity", score == null ? null : label(score) + " (" + Json.text(d, "severity") + ")",
                        "Resource", PlainText.firstNonBlank(instanceId, Json.text(Json.object(d, "resource"), "resourceType")),
                        "Count", Json.text(service, "count"),
                        "First seen", Json.text(service, "eventFirstSeen"),
                        "Last seen", Json.text(service, "eventLastSeen"))))
                .account(account)
                .region(region)
                .resource(findingArn)
                .resource(instanceId)
                .resources(event.resources())
                .occurredAt(firstTime(origin, event, Json.text(d, "updatedAt"), Json.text(service, "eventLastSeen")))
                .link(ConsoleLinks.guardDutyFinding(partition, region, id))
                .label("findingType", type)
                .label("severityScore", Json.text(d, "severity"))
                .label("severityLabel", score == null ? null : label(score))
                .label("findingId", id)
                .label("count", Json.text(service, "count"))
                .label("resourceType", Json.text(Json.object(d, "resource"), "resourceType"))
                .label("instanceId", instanceId)
                .label("actionType", Json.text(Json.object(service, "action"), "actionType"))
                .label("threatName", Json.text(Json.object(service, "additionalInfo"), "threatName"))
                .label("archived", archived ? "true" : null);
        sink.emit(signal);
    }

    private void malwareScan(Origin origin, Event event, SignalSink sink) {
        JsonNode d = event.detail();
        JsonNode object = Json.object(d, "s3ObjectDetails");
        JsonNode result = Json.object(d, "scanResultDetails");
        String status = Json.text(result, "scanResultStatus");
        String bucket = Json.text(object, "bucketName");
        String key = Json.text(object, "objectKey");
        String location = "s3://" + nz(bucket) + "/" + nz(key);
        if ("NO_THREATS_FOUND".equals(status)) {
            sink.ignore(origin.where() + ": " + event.detailType() + " for " + location,
                    "a scan that found no threats is not an alert");
            return;
        }
        List<String> threats = new ArrayList<>();
        for (JsonNode threat : Json.array(result, "threats")) {
            String name = Json.text(threat, "name");
            if (name != null) {
                threats.add(name);
            }
        }
        Arn plan = event.resources().isEmpty() ? null : Arn.parse(event.resources().getFirst());
        String partition = plan != null && plan.knownPartition() != null ? plan.knownPartition()
                : Regions.partitionOf(event.region());
        SignalBuilder signal = new SignalBuilder(SOURCE_KIND)
                .alertKey(bucket == null ? "guardduty-malware-scan:" + origin.signalId(event.id())
                        : "arn:" + partition + ":s3:::" + bucket + "/" + nz(key))
                .signalId(origin.signalId(event.id()))
                .status(SignalStatus.FIRING)
                .severity("THREATS_FOUND".equals(status) ? Severity.HIGH : Severity.WARNING)
                .title("GuardDuty malware scan: " + (status == null ? "result" : status) + " in " + location)
                .summary(lines(
                        "Threats", threats.isEmpty() ? null : String.join(", ", threats),
                        "Object", location,
                        "Version", Json.text(object, "versionId"),
                        "Scan status", Json.text(d, "scanStatus"),
                        "Resource type", Json.text(d, "resourceType")))
                .account(event.account())
                .region(event.region())
                .resource(bucket == null ? null : "arn:" + partition + ":s3:::" + bucket + "/" + nz(key))
                .resources(event.resources())
                .occurredAt(event.time() != null ? event.time() : origin.deliveredAt())
                .label("scanResultStatus", status)
                .label("threats", threats.isEmpty() ? null : String.join(",", threats))
                .label("bucketName", bucket)
                .label("resourceType", Json.text(d, "resourceType"))
                .label("detailType", event.detailType());
        sink.emit(signal);
    }

    static Severity severity(@Nullable Double score) {
        if (score == null) {
            return Severity.WARNING;
        }
        if (score >= 9.0) {
            return Severity.CRITICAL;
        }
        if (score >= 7.0) {
            return Severity.HIGH;
        }
        return score >= 4.0 ? Severity.WARNING : Severity.INFO;
    }

    private static String label(double score) {
        return score >= 9.0 ? "Critical" : score >= 7.0 ? "High" : score >= 4.0 ? "Medium" : "Low";
    }

    @Nullable
    private static Double number(@Nullable JsonNode node) {
        String text = Json.text(node);
        if (text == null) {
            return null;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Nullable
    private static Instant firstTime(Origin origin, Event event, @Nullable String... times) {
        Instant t = SourceTimes.first(times);
        if (t == null) {
            t = event.time();
        }
        return t != null ? t : origin.deliveredAt();
    }

    /** "Name: value" lines for the pairs whose value is present. */
    static String lines(@Nullable String... pairs) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] != null && !pairs[i + 1].isBlank()) {
                out.append(pairs[i]).append(": ").append(pairs[i + 1]).append('\n');
            }
        }
        return out.toString().strip();
    }

    private static String nz(@Nullable String s) {
        return s == null ? "" : s;
    }
}
