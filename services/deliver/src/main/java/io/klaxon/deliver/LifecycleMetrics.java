package io.klaxon.deliver;

import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.lifecycle.LifecycleEvent;
import io.klaxon.domain.lifecycle.LifecycleEventType;
import io.klaxon.metrics.Metrics;
import java.util.Map;

/**
 * Counts the lifecycle from the events on the bus: alerts opened, refired, claimed, unclaimed,
 * escalated, snoozed, resolved and auto-resolved, by route and severity, and the time to claim and to
 * resolve. Counting the published events (rather than inside the steps that produce them) counts each
 * change once however often a step was retried; the delivery ledger keeps a redelivered event from
 * being counted twice.
 */
public final class LifecycleMetrics {

    /** The ledger's name for this consumer, beside the destinations'. */
    static final String LEDGER_NAME = "(metrics)";

    private final Metrics metrics;
    private final DeliveryLedger ledger;

    public LifecycleMetrics(Metrics metrics, DeliveryLedger ledger) {
        this.metrics = metrics;
        this.ledger = ledger;
    }

    public void record(Notice notice) {
        if (ledger.delivered(notice.changeKey(), LEDGER_NAME)) {
            return;
        }
        LifecycleEvent e = notice.event();
        Map<String, String> by = Map.of("Route", e.route() == null ? "none" : e.route(),
                "Severity", e.severity().wire());
        metrics.count(name(notice.type()), 1, by);
        if (notice.type() == LifecycleEventType.RESOLVED && e.actor() != null && e.actor().kind() == Actor.Kind.SYSTEM) {
            metrics.count("AlertsAutoResolved", 1, by);
        }
        if (notice.type() == LifecycleEventType.CLAIMED && e.secondsToClaim() != null) {
            metrics.seconds("TimeToClaim", e.secondsToClaim(), by);
        }
        if (notice.type() == LifecycleEventType.RESOLVED && e.secondsToResolve() != null) {
            metrics.seconds("TimeToResolve", e.secondsToResolve(), by);
        }
        ledger.record(notice.changeKey(), LEDGER_NAME);
    }

    /** {@code AlertsOpened}, {@code AlertsClaimed} …: one metric per lifecycle event type. */
    static String name(LifecycleEventType type) {
        String word = type.name().charAt(0) + type.name().substring(1).toLowerCase(java.util.Locale.ROOT);
        return "Alerts" + word;
    }
}
