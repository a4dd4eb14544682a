package io.klaxon.ingest.cloudwatch;

import io.klaxon.domain.signal.Severity;
import io.klaxon.domain.signal.SignalStatus;
import io.klaxon.ingest.aws.Arn;
import io.klaxon.ingest.aws.ConsoleLinks;
import io.klaxon.ingest.envelope.Origin;
import io.klaxon.ingest.signal.Fingerprints;
import io.klaxon.ingest.signal.SignalBuilder;
import io.klaxon.ingest.signal.SignalSink;
import io.klaxon.ingest.text.PlainText;
import io.klaxon.ingest.text.SeverityHints;
import io.micronaut.core.annotation.Nullable;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Turns {@link AlarmFacts} into a signal, the same way for every delivery path, so that one alarm
 * has one {@code alertKey} however it arrives.
 *
 * <ul>
 *   <li>ALARM → FIRING, OK → RECOVERED. INSUFFICIENT_DATA is not an alert (ignored, with the
 *       reason): it says the metric has no data, not that the problem started or ended. Teams that
 *       want to be paged on missing data set {@code TreatMissingData=breaching}, which makes it ALARM.</li>
 *   <li>alertKey: the alarm ARN; when a message lacks it, the ARN is built from partition, region,
 *       account and name — the very string CloudWatch would have sent.</li>
 *   <li>severity: an explicit hint in the description, then in the name ({@link SeverityHints}),
 *       else {@code high}. A composite alarm whose actions are suppressed (actionsSuppressedBy) is
 *       {@code info}: its suppressor says the team expects it (maintenance, a parent alarm).</li>
 * </ul>
 */
final class AlarmSignals {

    static final String SOURCE_KIND = "cloudwatch-alarm";

    private AlarmSignals() {
    }

    /**
     * @param sourceId the source event's own id (EventBridge {@code id}); null for SNS messages and
     *                 Lambda actions
     */
    static void emit(AlarmFacts alarm, Origin origin, SignalSink sink, @Nullable String sourceId) {
        String key = alertKey(alarm);
        SignalStatus status;
        if ("ALARM".equals(alarm.state)) {
            status = SignalStatus.FIRING;
        } else if ("OK".equals(alarm.state)) {
            status = SignalStatus.RECOVERED;
        } else if ("INSUFFICIENT_DATA".equals(alarm.state)) {
            sink.ignore(what(origin, alarm) + " is INSUFFICIENT_DATA", "missing data is neither firing nor recovered; "
                    + "set TreatMissingData=breaching on the alarm to be alerted on missing data");
            return;
        } else {
            sink.ignore(what(origin, alarm) + " has state " + alarm.state, "unknown alarm state");
            return;
        }

        // Without an event or delivery id (bare message, Lambda action) the transition itself identifies the
        // signal: a redelivery repeats it, the next transition has another state or time.
        String signalId = sourceId != null ? sourceId
                : origin.deliveryId() != null ? origin.deliveryId()
                : "alarm-" + Fingerprints.of(key, alarm.state, alarm.rawChangedAt);

        Severity severity = SeverityHints.find(alarm.description, alarm.name).orElse(Severity.HIGH);
        if (alarm.suppressedBy != null) {
            severity = Severity.INFO;
        }

        AlarmFacts.AlarmType type = alarm.type();
        SignalBuilder signal = new SignalBuilder(SOURCE_KIND)
                .alertKey(key)
                .signalId(signalId)
                .status(status)
                .severity(severity)
                .title(alarm.name)
                .summary(PlainText.paragraphs(alarm.reason, alarm.description,
                        alarm.alarmRule == null ? null : "Alarm rule: " + alarm.alarmRule))
                .account(alarm.account)
                .region(alarm.region)
                .resource(key)
                .resources(alarm.children)
                .occurredAt(alarm.changedAt)
                .link(ConsoleLinks.cloudWatchAlarm(alarm.partition, alarm.region, consoleName(alarm)));

        signal.label(AlarmLabels.ALARM_NAME, alarm.name)
                .label(AlarmLabels.ALARM_TYPE, type.label)
                .label(AlarmLabels.STATE, alarm.state)
                .label(AlarmLabels.PREVIOUS_STATE, alarm.previousState)
                .label(AlarmLabels.NAMESPACE, joined(alarm, true))
                .label(AlarmLabels.METRIC, joined(alarm, false));
        for (AlarmFacts.MetricStat metric : alarm.metrics) {
            for (Map.Entry<String, String> d : metric.dimensions().entrySet()) {
                // From the alarm: cleaned here, each time.
                signal.label("dimension." + d.getKey(), d.getValue());
            }
        }
        signal.label(AlarmLabels.EXPRESSION, alarm.expressions.isEmpty() ? null : alarm.expressions.getFirst())
                .label(AlarmLabels.COMPARISON_OPERATOR, alarm.comparisonOperator);
        alarm.settings.forEach(signal::label);
        signal.label(AlarmLabels.ACTIONS_SUPPRESSED_BY, alarm.suppressedBy);
        sink.emit(signal);
    }

    /** The alarm as ignored items name it; built only for them (not for every signal). */
    private static String what(Origin origin, AlarmFacts alarm) {
        return origin.where() + ": CloudWatch alarm \"" + alarm.name + "\"";
    }

    /** The alarm ARN, or the ARN CloudWatch would have sent, built from what the message has. */
    static String alertKey(AlarmFacts alarm) {
        if (alarm.arn != null) {
            return alarm.arn;
        }
        return "arn:" + alarm.partition + ":cloudwatch:" + nullToEmpty(alarm.region) + ":"
                + nullToEmpty(alarm.account) + ":alarm:" + alarm.name;
    }

    /** The name the console knows: the ARN's (the alarm's identity) when there is one, else the message's. */
    @Nullable
    private static String consoleName(AlarmFacts alarm) {
        Arn arn = alarm.parsedArn();
        if (arn != null && arn.resource().startsWith("alarm:")) {
            return arn.resource().substring("alarm:".length());
        }
        return alarm.name;
    }

    @Nullable
    private static String joined(AlarmFacts alarm, boolean namespaces) {
        if (alarm.metrics.size() == 1) {
            // The common case, a single metric: its value is the whole list.
            AlarmFacts.MetricStat metric = alarm.metrics.getFirst();
            return namespaces ? metric.namespace() : metric.name();
        }
        Set<String> values = new LinkedHashSet<>();
        for (AlarmFacts.MetricStat metric : alarm.metrics) {
            String value = namespaces ? metric.namespace() : metric.name();
            if (value != null) {
                values.add(value);
            }
        }
        return values.isEmpty() ? null : String.join(",", values);
    }

    private static String nullToEmpty(@Nullable String s) {
        return s == null ? "" : s;
    }
}
