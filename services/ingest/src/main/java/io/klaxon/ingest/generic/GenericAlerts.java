package io.klaxon.ingest.generic;

import io.klaxon.domain.signal.Severity;
import io.klaxon.domain.signal.SignalStatus;
import io.klaxon.ingest.UnreadableInputException;
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
import io.klaxon.ingest.text.SeverityHints;
import io.klaxon.ingest.time.SourceTimes;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fallback: any SNS text or JSON message and any EventBridge event without a dedicated
 * normalizer becomes a readable alert rather than being dropped.
 *
 * <ul>
 *   <li>title: the SNS Subject, else the first line of the text; for events the detail-type, the state
 *       and the resource's short name ("ECS Task State Change: STOPPED — 7e12…");</li>
 *   <li>summary: the text itself, or "field: value" lines (prose fields first) — never a JSON dump;</li>
 *   <li>severity: an explicit hint ({@link SeverityHints}), else the loudest state word
 *       (FAILED/ERROR → high, EXPIRED/WARN → warning, SUCCEEDED/RUNNING → info), else warning;</li>
 *   <li>status: always FIRING — a message without a known shape cannot say that something recovered;</li>
 *   <li>alertKey: for an event, source + detail-type + its first resource (the same resource's events
 *       group under one alert); otherwise a fingerprint of the content, so an identical message repeated
 *       refires one alert while different messages stay apart.</li>
 * </ul>
 */
public final class GenericAlerts {

    public static final String SNS_MESSAGE = "sns-message";

    private static final Pattern ARN_IN_TEXT = Pattern.compile("arn:aws[a-z-]*:[a-z0-9-]+:[^\\s\"',;]*");
    private static final int MAX_TEXT_RESOURCES = 10;
    private static final int MAX_ROUTING_LABELS = 12;
    private static final Pattern UUID_LIKE = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    // ---- SNS text -------------------------------------------------------------------------------

    public void text(Origin origin, String text, SignalSink sink) {
        Map<String, String> attributes = origin.attributes();
        String title = PlainText.firstNonBlank(origin.subject(), firstLine(text));
        Severity severity = SeverityHints.find(origin.subject(), text)
                .or(() -> Optional.ofNullable(Facts.severityFromStates(attributes)))
                .orElse(Severity.WARNING);
        SignalBuilder signal = snsMessage(origin, Fingerprints.of(origin.subject(), text))
                .title(title)
                .summary(PlainText.paragraphs(text, attributes.isEmpty() ? null : Facts.lines(attributes)))
                .severity(severity);
        Matcher arns = ARN_IN_TEXT.matcher(text);
        for (int n = 0; arns.find() && n < MAX_TEXT_RESOURCES; n++) {
            signal.resource(stripTrailingPunctuation(arns.group()));
        }
        attributes.forEach((k, v) -> signal.label("attribute." + k, v));
        signal.account(Accounts.first(attributes.get("AccountId"), topicAccount(origin)));
        sink.emit(signal);
    }

    // ---- SNS JSON -------------------------------------------------------------------------------

    /**
     * @throws UnreadableInputException when the message has no value and no subject ({@code {}}):
     *                                  an alert saying nothing would still page someone
     */
    public void json(Origin origin, JsonNode message, SignalSink sink) {
        Map<String, String> facts = Facts.flatten(message);
        if (facts.isEmpty() && (origin.subject() == null || origin.subject().isBlank())) {
            throw new UnreadableInputException(origin.where() + " is a JSON object without any value: "
                    + "there is nothing to alert on");
        }
        String title = PlainText.firstNonBlank(origin.subject(),
                Facts.first(facts, "Subject", "title", "Event", "Event Message", "message", "description"),
                "SNS message" + (topicName(origin) == null ? "" : " on " + topicName(origin)));
        Severity severity = SeverityHints.find(origin.subject(), Facts.first(facts, "severity", "Severity"))
                .or(() -> Optional.ofNullable(Facts.severityFromStates(facts)))
                .orElse(Severity.WARNING);
        SignalBuilder signal = snsMessage(origin, Fingerprints.of(origin.subject(), Json.write(message)))
                .title(title)
                .summary(Facts.lines(facts))
                .severity(severity)
                .account(Accounts.first(Facts.first(facts, "AccountId", "accountId", "account"), topicAccount(origin)));
        for (String value : facts.values()) {
            if (value.startsWith("arn:")) {
                signal.resource(value);
            }
        }
        origin.attributes().forEach((k, v) -> signal.label("attribute." + k, v));
        sink.emit(signal);
    }

    private static SignalBuilder snsMessage(Origin origin, String contentFingerprint) {
        Arn topic = Arn.parse(origin.topicArn());
        return new SignalBuilder(SNS_MESSAGE)
                .alertKey(SNS_MESSAGE + ":" + (origin.topicArn() == null ? "no-topic" : origin.topicArn()) + ":"
                        + contentFingerprint)
                .signalId(origin.signalId(null))
                .region(topic == null ? null : topic.regionCode())
                .occurredAt(origin.deliveredAt())
                .link(topic == null ? null : ConsoleLinks.snsTopic(topic.partition(), topic.regionCode(), topic.text()))
                .label("topic", topicName(origin));
    }

    // ---- EventBridge ----------------------------------------------------------------------------

    public void event(Origin origin, Event event, SignalSink sink) {
        Map<String, String> facts = Facts.flatten(event.detail());
        String source = event.source() == null ? "eventbridge" : event.source();
        String resource = event.resources().isEmpty() ? null : event.resources().getFirst();
        Arn resourceArn = Arn.parse(resource);
        String state = Facts.first(facts, "state", "lastStatus", "status", "eventName", "StatusCode",
                "scanResultStatus", "EventID");
        String subject = resourceArn != null ? resourceArn.resourceName()
                : Facts.first(facts, "pipeline", "jobName", "AutoScalingGroupName", "SourceIdentifier", "name");
        String title = event.detailType() + (state == null ? "" : ": " + state) + (subject == null ? "" : " — " + subject);
        Severity severity = SeverityHints.find(Facts.first(facts, "severity"))
                .or(() -> Optional.ofNullable(Facts.severityFromStates(facts)))
                .orElse(Severity.WARNING);

        SignalBuilder signal = new SignalBuilder(source)
                .alertKey(source + ":" + event.detailType() + ":"
                        + (resource != null ? resource : Fingerprints.of(Json.write(event.detail()))))
                .signalId(origin.signalId(event.id()))
                .status(SignalStatus.FIRING)
                .severity(severity)
                .title(title)
                .summary(Facts.lines(facts))
                .account(event.account())
                .region(Regions.first(event.region(), resourceArn == null ? null : resourceArn.region(),
                        Facts.first(facts, "region")))
                .resources(event.resources())
                .occurredAt(event.time() != null ? event.time() : origin.deliveredAt())
                .label("source", event.source())
                .label("detailType", event.detailType())
                .label("unparsedTime", event.unparsedTime());
        for (Map.Entry<String, String> fact : routingFacts(facts).entrySet()) {
            signal.label(fact.getKey(), fact.getValue());
        }
        sink.emit(signal);
    }

    /**
     * Short top-level facts make good routing labels (state, group, cluster …); prose, timestamps and
     * request ids do not: nobody writes a rule on them, and they would make every event look unique.
     */
    private static Map<String, String> routingFacts(Map<String, String> facts) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : facts.entrySet()) {
            String value = e.getValue();
            if (out.size() < MAX_ROUTING_LABELS && e.getKey().indexOf('.') < 0 && value.length() <= 64
                    && !UUID_LIKE.matcher(value).matches() && SourceTimes.parse(value) == null) {
                out.put(e.getKey(), value);
            }
        }
        return out;
    }

    @Nullable
    private static String firstLine(String text) {
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                return line.strip();
            }
        }
        return null;
    }

    @Nullable
    private static String topicName(Origin origin) {
        Arn topic = Arn.parse(origin.topicArn());
        return topic == null ? null : topic.resource();
    }

    @Nullable
    private static String topicAccount(Origin origin) {
        Arn topic = Arn.parse(origin.topicArn());
        return topic == null ? null : topic.accountId();
    }

    private static String stripTrailingPunctuation(String arn) {
        int end = arn.length();
        while (end > 0 && ".:)]".indexOf(arn.charAt(end - 1)) >= 0) {
            end--;
        }
        return arn.substring(0, end);
    }
}
