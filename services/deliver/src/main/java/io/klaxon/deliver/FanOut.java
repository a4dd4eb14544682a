package io.klaxon.deliver;

import io.klaxon.domain.lifecycle.LifecycleEventType;
import io.klaxon.metrics.Metrics;
import io.micronaut.serde.annotation.Serdeable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one event to every configured destination that hears it. One destination failing never
 * keeps the others from their delivery; a retryable failure is reported after all were tried, so the
 * platform retries the event, and the ledger keeps the retry from repeating what was delivered.
 */
public class FanOut {

    private static final Logger LOG = LoggerFactory.getLogger(FanOut.class);

    /**
     * What became of one event, destination by destination (names only). Serdeable: it is the
     * function's reply, which the Lambda runtime encodes with the jar's Micronaut serializer.
     */
    @Serdeable
    public record Report(List<String> delivered, List<String> skipped, List<String> refused, List<String> repeated) {
    }

    /** Destinations that keep the alert's state: an event must never move them backwards. */
    private static boolean stateful(Destination destination) {
        return destination.type() == DestinationType.PAGERDUTY;
    }

    private static boolean opens(LifecycleEventType type) {
        return type == LifecycleEventType.OPENED || type == LifecycleEventType.ESCALATED
                || type == LifecycleEventType.REFIRED;
    }

    private final List<Destination> destinations;
    private final DeliverService service;
    private final DeliveryLedger ledger;
    private final Metrics metrics;

    public FanOut(List<Destination> destinations, DeliverService service, DeliveryLedger ledger) {
        this(destinations, service, ledger, Metrics.NONE);
    }

    /** @param metrics counts deliveries, refusals and failures by destination and type */
    public FanOut(List<Destination> destinations, DeliverService service, DeliveryLedger ledger, Metrics metrics) {
        this.destinations = List.copyOf(destinations);
        this.service = service;
        this.ledger = ledger;
        this.metrics = metrics;
    }

    private void count(String name, Destination destination) {
        metrics.count(name, 1, Map.of("Destination", destination.name(), "Type", destination.type().wire()));
    }

    public Report deliver(Notice notice) {
        List<String> delivered = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        List<String> repeated = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (Destination destination : destinations) {
            if (!destination.hears(notice.type(), notice.event().route())) {
                skipped.add(destination.name());
                continue;
            }
            if (ledger.delivered(notice.changeKey(), destination.name())) {
                repeated.add(destination.name());
                continue;
            }
            long version = notice.event().version();
            long latest = stateful(destination) ? ledger.takeVersion(notice.event().alertId(), destination.name(), version)
                    : -1;
            if (version < latest) {
                // The incident already shows a later state (a change told out of order): this would undo it.
                LOG.info("stale event not delivered destination={} event={} alertId={} version={} (it has {})",
                        destination.name(), notice.type().detailType(), notice.event().alertId(), version, latest);
                ledger.record(notice.changeKey(), destination.name());
                skipped.add(destination.name());
                continue;
            }
            try {
                String alertId = notice.event().alertId();
                if (stateful(destination) && !opens(notice.type()) && !ledger.opened(alertId, destination.name())) {
                    // The first thing this incident hears would be an acknowledge or a resolve (the opening
                    // was told later, not to it, or failed there): PagerDuty drops those for an incident it
                    // does not know, so trigger it first. Asked of the ledger, not of the versions: a retry
                    // of this event finds its own version taken and cannot tell from it whether an earlier
                    // one reached the incident.
                    if (service.deliver(destination, new Notice(LifecycleEventType.OPENED, notice.event(),
                            notice.eventId() + "-trigger", notice.raw())) == DeliverService.Outcome.DELIVERED) {
                        ledger.recordOpened(alertId, destination.name());
                    }
                }
                switch (service.deliver(destination, notice)) {
                    case DELIVERED -> {
                        if (stateful(destination) && opens(notice.type())) {
                            ledger.recordOpened(notice.event().alertId(), destination.name());
                        }
                        ledger.record(notice.changeKey(), destination.name());
                        delivered.add(destination.name());
                        count("DestinationDelivered", destination);
                    }
                    case REFUSED -> {
                        // Final: a retry would be refused the same way. Recorded so a retry for another
                        // destination does not log the refusal again.
                        ledger.record(notice.changeKey(), destination.name());
                        refused.add(destination.name());
                        count("DestinationRefused", destination);
                    }
                    case SKIPPED -> skipped.add(destination.name());
                }
            } catch (DeliveryFailedException e) {
                LOG.warn("{}", e.getMessage());
                failed.add(destination.name());
                count("DestinationFailed", destination);
            }
        }
        if (!failed.isEmpty()) {
            throw new DeliveryFailedException("event " + notice.eventId() + " (" + notice.type().detailType()
                    + ") not yet delivered to " + failed + "; delivered to " + delivered);
        }
        return new Report(delivered, skipped, refused, repeated);
    }
}
