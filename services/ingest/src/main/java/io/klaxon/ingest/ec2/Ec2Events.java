package io.klaxon.ingest.ec2;

import io.klaxon.domain.signal.Severity;
import io.klaxon.domain.signal.SignalStatus;
import io.klaxon.ingest.aws.Arn;
import io.klaxon.ingest.aws.ConsoleLinks;
import io.klaxon.ingest.aws.Regions;
import io.klaxon.ingest.envelope.Event;
import io.klaxon.ingest.envelope.Origin;
import io.klaxon.ingest.json.Json;
import io.klaxon.ingest.signal.SignalBuilder;
import io.klaxon.ingest.signal.SignalSink;
import io.micronaut.core.annotation.Nullable;
import java.util.Locale;
import java.util.Set;

/**
 * EC2 instance events from EventBridge: state changes, Spot interruption warnings and rebalance
 * recommendations. All three are about one instance, so they share its key (the instance ARN, as
 * the bus contract says): a Spot warning and the termination that follows are one alert.
 *
 * <p>State changes: {@code shutting-down}/{@code terminated} fire high, {@code stopping}/{@code stopped}
 * fire warning, {@code pending}/{@code running} recover (the instance is back); any other state fires
 * warning. Spot interruption: high. Rebalance recommendation: warning.
 */
public final class Ec2Events {

    public static final String STATE_CHANGE = "EC2 Instance State-change Notification";
    public static final String SPOT_INTERRUPTION = "EC2 Spot Instance Interruption Warning";
    public static final String REBALANCE = "EC2 Instance Rebalance Recommendation";

    private static final Set<String> TYPES = Set.of(STATE_CHANGE, SPOT_INTERRUPTION, REBALANCE);

    public static boolean handles(Event event) {
        return (event.source() == null || event.source().equals("aws.ec2")) && TYPES.contains(event.detailType());
    }

    public void normalize(Origin origin, Event event, SignalSink sink) {
        InstanceFacts facts = InstanceFacts.of(event);
        SignalBuilder signal;
        switch (event.detailType()) {
            case STATE_CHANGE -> signal = stateChange(facts);
            case SPOT_INTERRUPTION -> signal = new SignalBuilder("ec2-spot-interruption")
                    .status(SignalStatus.FIRING)
                    .severity(Severity.HIGH)
                    .title("EC2 Spot interruption warning: " + facts.instanceId + " (" + facts.action + ")")
                    .summary("EC2 will interrupt Spot instance " + facts.instanceId + " in two minutes (action: "
                            + facts.action + ").")
                    .label("instanceAction", facts.action);
            default -> signal = new SignalBuilder("ec2-rebalance-recommendation")
                    .status(SignalStatus.FIRING)
                    .severity(Severity.WARNING)
                    .title("EC2 rebalance recommendation: " + facts.instanceId)
                    .summary("Spot instance " + facts.instanceId + " is at elevated risk of interruption; "
                            + "EC2 recommends moving its work to a new instance.");
        }
        signal.alertKey(facts.instanceArn)
                .signalId(origin.signalId(event.id()))
                .account(event.account() != null ? event.account() : facts.arn == null ? null : facts.arn.accountId())
                .region(facts.region)
                .resource(facts.instanceArn)
                .resources(event.resources())
                .occurredAt(event.time() != null ? event.time() : origin.deliveredAt())
                .link(ConsoleLinks.ec2Instance(facts.partition, facts.region, facts.instanceId))
                .label("instanceId", facts.instanceId)
                .label("detailType", event.detailType())
                .label("unparsedTime", event.unparsedTime());
        sink.emit(signal);
    }

    private static SignalBuilder stateChange(InstanceFacts facts) {
        String state = facts.state == null ? "unknown" : facts.state;
        SignalStatus status = SignalStatus.FIRING;
        Severity severity = switch (state.toLowerCase(Locale.ROOT)) {
            case "shutting-down", "terminated" -> Severity.HIGH;
            case "pending", "running" -> {
                status = SignalStatus.RECOVERED;
                yield Severity.INFO;
            }
            default -> Severity.WARNING;
        };
        return new SignalBuilder("ec2-state-change")
                .status(status)
                .severity(severity)
                .title("EC2 instance " + facts.instanceId + " is " + state)
                .summary("EC2 instance " + facts.instanceId + " changed state to \"" + state + "\".")
                .label("state", facts.state);
    }

    /** The instance facts, trimmed and cross-checked between detail and resources. */
    private static final class InstanceFacts {
        String instanceId;
        String instanceArn;
        @Nullable Arn arn;
        @Nullable String region;
        String partition;
        @Nullable String state;
        String action;

        static InstanceFacts of(Event event) {
            InstanceFacts f = new InstanceFacts();
            // Documentation samples put a leading space in the id: trim, then match it against the ARN.
            String id = Json.text(event.detail(), "instance-id");
            for (String resource : event.resources()) {
                Arn candidate = Arn.parse(resource);
                if (candidate != null && candidate.service().equals("ec2") && candidate.resource().startsWith("instance/")
                        && (id == null || candidate.resourceName().equals(id))) {
                    f.arn = candidate;
                    break;
                }
            }
            f.instanceId = id != null ? id : f.arn != null ? f.arn.resourceName() : "unknown-instance";
            f.region = Regions.first(event.region(), f.arn == null ? null : f.arn.regionCode());
            f.partition = f.arn != null && f.arn.knownPartition() != null ? f.arn.knownPartition()
                    : Regions.partitionOf(f.region);
            f.instanceArn = f.arn != null ? f.arn.text()
                    : "arn:" + f.partition + ":ec2:" + (f.region == null ? "" : f.region) + ":"
                    + (event.account() == null ? "" : event.account()) + ":instance/" + f.instanceId;
            f.state = Json.text(event.detail(), "state");
            String action = Json.text(event.detail(), "instance-action");
            f.action = action == null ? "terminate" : action;
            return f;
        }
    }
}
