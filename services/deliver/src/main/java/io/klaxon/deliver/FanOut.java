package io.klaxon.deliver;

import io.klaxon.domain.lifecycle.LifecycleEventType;
import io.klaxon.metrics.Metrics;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Delivers one event to every configured destination that hears it. One destination failing never
 * keeps the others from their delivery: they are told concurrently, each within the invocation's
 * deadline, so one that hangs or asks for a long wait takes none of the others' time. A retryable
 * failure is reported after all were tried, so the platform retries the event, and the ledger (written
 * as each delivery lands) keeps the retry from repeating what was delivered.
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

    /** At most this many destinations are told at once (each holds a thread and a connection meanwhile). */
    static final int CONCURRENCY = 16;
    /**
     * How long past the deadline the fan-out still waits for a destination at work before giving up on it:
     * each delivery stops itself at the deadline, this only covers its last store write.
     */
    static final Duration GRACE = Duration.ofSeconds(2);
    /** A deadline further than this is none (and would not fit in a wait's nanoseconds). */
    private static final Duration UNBOUNDED = Duration.ofDays(1);

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

    /** Delivers with no deadline of its own (each destination's in-process retries still bound it). */
    public Report deliver(Notice notice) {
        return deliver(notice, Instant.MAX);
    }

    /**
     * Tells every destination that hears the event, all at once (at most {@value #CONCURRENCY} at a time),
     * none past {@code deadline}. Each destination's delivery is recorded in the ledger the moment it lands,
     * by the thread that delivered it; the report and the counts follow the configuration's order.
     *
     * @throws DeliveryFailedException when a destination may still take the event later (after every other
     *         one had its chance), so the platform retries it; the retry tells only the ones missing it
     */
    public Report deliver(Notice notice, Instant deadline) {
        List<Destination> hearing = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Destination destination : destinations) {
            if (destination.hears(notice.type(), notice.event().route())) {
                hearing.add(destination);
            }
        }
        List<Told> told = tellAll(hearing, notice, deadline);
        List<String> delivered = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        List<String> repeated = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        RuntimeException unexpected = null;
        int next = 0;
        for (Destination destination : destinations) {
            if (next == told.size() || hearing.get(next) != destination) {
                skipped.add(destination.name());
                continue;
            }
            Told result = told.get(next++);
            switch (result.outcome()) {
                case DELIVERED -> {
                    delivered.add(destination.name());
                    count("DestinationDelivered", destination);
                }
                case REFUSED -> {
                    refused.add(destination.name());
                    count("DestinationRefused", destination);
                }
                case REPEATED -> repeated.add(destination.name());
                case SKIPPED -> skipped.add(destination.name());
                case FAILED -> {
                    LOG.warn("{}", result.failure().getMessage());
                    failed.add(destination.name());
                    count("DestinationFailed", destination);
                    if (!(result.failure() instanceof DeliveryFailedException) && unexpected == null) {
                        unexpected = result.failure();
                    }
                }
            }
        }
        if (unexpected != null) {
            // Not the destination's answer (the ledger's store, a bug): surfaced as it is, after every other
            // destination had its chance; the platform retries the event as for any failure.
            throw unexpected;
        }
        if (!failed.isEmpty()) {
            throw new DeliveryFailedException("event " + notice.eventId() + " (" + notice.type().detailType()
                    + ") not yet delivered to " + failed + "; delivered to " + delivered);
        }
        return new Report(delivered, skipped, refused, repeated);
    }

    /** What became of one destination. {@code failure} is set exactly when the outcome is FAILED. */
    private record Told(Result outcome, RuntimeException failure) {
        static Told of(Result outcome) {
            return new Told(outcome, null);
        }
    }

    private enum Result { DELIVERED, SKIPPED, REFUSED, REPEATED, FAILED }

    /**
     * One thread per destination (up to {@value #CONCURRENCY}), so a destination that hangs or asks for
     * a long wait takes none of the others' time. Platform threads, not virtual ones: a blocking call
     * inside a {@code synchronized} block (the SDK's HTTP client) would pin the few carrier threads a small
     * Lambda has and queue the others behind it again. A destination still at work a moment after the
     * deadline is interrupted and reported failed, so the invocation ends before Lambda's timeout.
     */
    private List<Told> tellAll(List<Destination> hearing, Notice notice, Instant deadline) {
        if (hearing.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(hearing.size(), CONCURRENCY),
                Thread.ofPlatform().daemon().name("deliver-", 1).factory());
        Map<String, String> logFields = MDC.getCopyOfContextMap();
        try {
            List<Future<Told>> running = new ArrayList<>();
            for (Destination destination : hearing) {
                running.add(pool.submit(() -> {
                    // The invocation's log fields (request and alert ids) on this thread's lines too.
                    if (logFields != null) {
                        MDC.setContextMap(logFields);
                    }
                    try {
                        return tellCaught(destination, notice, deadline);
                    } finally {
                        MDC.clear();
                    }
                }));
            }
            List<Told> told = new ArrayList<>();
            for (int i = 0; i < running.size(); i++) {
                told.add(await(running.get(i), hearing.get(i), notice, deadline));
            }
            return told;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Told await(Future<Told> running, Destination destination, Notice notice, Instant deadline) {
        try {
            Duration left = Duration.between(Instant.now(), deadline).plus(GRACE);
            if (left.compareTo(UNBOUNDED) > 0) {
                return running.get();
            }
            return running.get(Math.max(0, left.toNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            running.cancel(true);
            return new Told(Result.FAILED, new DeliveryFailedException("destination " + destination.name() + " ("
                    + destination.type().wire() + ") did not take " + notice.type().detailType() + " of alert "
                    + notice.event().alertId() + " before this invocation's deadline"));
        } catch (ExecutionException e) {
            // tellCaught catches every RuntimeException; an Error is not a destination's failure.
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.cancel(true);
            return new Told(Result.FAILED, new DeliveryFailedException("delivery to " + destination.name()
                    + " interrupted"));
        }
    }

    private Told tellCaught(Destination destination, Notice notice, Instant deadline) {
        try {
            return tell(destination, notice, deadline);
        } catch (RuntimeException e) {
            return new Told(Result.FAILED, e);
        }
    }

    /** One destination, start to end: what it already has, the order it must keep, the delivery, the record. */
    private Told tell(Destination destination, Notice notice, Instant deadline) {
        if (ledger.delivered(notice.changeKey(), destination.name())) {
            return Told.of(Result.REPEATED);
        }
        long version = notice.event().version();
        long latest = stateful(destination) ? ledger.takeVersion(notice.event().alertId(), destination.name(), version)
                : -1;
        if (version < latest) {
            // The incident already shows a later state (a change told out of order): this would undo it.
            LOG.info("stale event not delivered destination={} event={} alertId={} version={} (it has {})",
                    destination.name(), notice.type().detailType(), notice.event().alertId(), version, latest);
            ledger.record(notice.changeKey(), destination.name());
            return Told.of(Result.SKIPPED);
        }
        String alertId = notice.event().alertId();
        if (stateful(destination) && !opens(notice.type()) && !ledger.opened(alertId, destination.name())) {
            // The first thing this incident hears would be an acknowledge or a resolve (the opening
            // was told later, not to it, or failed there): PagerDuty drops those for an incident it
            // does not know, so trigger it first. Asked of the ledger, not of the versions: a retry
            // of this event finds its own version taken and cannot tell from it whether an earlier
            // one reached the incident.
            if (service.deliver(destination, new Notice(LifecycleEventType.OPENED, notice.event(),
                    notice.eventId() + "-trigger", notice.raw()), deadline) == DeliverService.Outcome.DELIVERED) {
                ledger.recordOpened(alertId, destination.name());
            }
        }
        switch (service.deliver(destination, notice, deadline)) {
            case DELIVERED -> {
                if (stateful(destination) && opens(notice.type())) {
                    ledger.recordOpened(notice.event().alertId(), destination.name());
                }
                // At once, whatever the other destinations are doing: a retry of this event must find it.
                ledger.record(notice.changeKey(), destination.name());
                return Told.of(Result.DELIVERED);
            }
            case REFUSED -> {
                // Final: a retry would be refused the same way. Recorded so a retry for another
                // destination does not log the refusal again.
                ledger.record(notice.changeKey(), destination.name());
                return Told.of(Result.REFUSED);
            }
            default -> {
                return Told.of(Result.SKIPPED);
            }
        }
    }
}
