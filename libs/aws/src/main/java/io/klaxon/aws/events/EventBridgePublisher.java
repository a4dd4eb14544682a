package io.klaxon.aws.events;

import io.klaxon.domain.lifecycle.LifecycleEvent;
import io.klaxon.domain.port.EventPublisher;
import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.domain.signal.BusEvent;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Puts events on the Klaxon bus with EventBridge {@code PutEvents}.
 *
 * <p>PutEvents takes at most {@value #MAX_ENTRIES} entries and {@value #MAX_BATCH_BYTES} bytes per
 * call (entry size as AWS computes it: source, detail-type and detail in UTF-8). It can fail some
 * entries of a call and accept the rest; only those are sent again, with exponential back-off,
 * before the publisher gives up and names them in a {@link PublishException}. An event that can
 * never fit is refused before anything is sent.
 */
public final class EventBridgePublisher implements EventPublisher {

    public static final int MAX_ENTRIES = 10;
    public static final int MAX_BATCH_BYTES = 256 * 1024;

    private final EventBridgeClient events;
    private final String busName;
    private final DetailJson details;
    private final int maxAttempts;
    private final Duration backoff;

    /** Three attempts per entry, 100 ms then 200 ms apart. */
    public EventBridgePublisher(EventBridgeClient events, String busName, ObjectMapper json) {
        this(events, busName, json, 3, Duration.ofMillis(100));
    }

    /**
     * @param maxAttempts how often an entry is sent before it is reported as failed (at least 1)
     * @param backoff     the wait before the first resend; doubled for every further one
     */
    public EventBridgePublisher(EventBridgeClient events, String busName, ObjectMapper json, int maxAttempts,
                                Duration backoff) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        this.events = events;
        this.busName = busName;
        this.details = new DetailJson(json);
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
    }

    @Override
    public void publish(List<? extends BusEvent<?>> toPublish) {
        List<Pending> pending = new ArrayList<>();
        for (int i = 0; i < toPublish.size(); i++) {
            pending.add(entry(i, toPublish.get(i)));
        }
        List<Pending> tooLarge = pending.stream().filter(p -> p.size > MAX_BATCH_BYTES).toList();
        if (!tooLarge.isEmpty()) {
            throw new PublishException("nothing was published to bus '" + busName + "': "
                    + describe(tooLarge, p -> p.size + " bytes, over the " + MAX_BATCH_BYTES + " byte limit"), null);
        }
        List<Pending> undelivered = new ArrayList<>();
        List<List<Pending>> batches = batches(pending);
        for (int b = 0; b < batches.size(); b++) {
            try {
                undelivered.addAll(send(batches.get(b)));
            } catch (Unreachable e) {
                // The SDK has retried the call itself already: the bus is unreachable or refuses us.
                // Stop here and name everything that is not on the bus.
                List<Pending> lost = new ArrayList<>(undelivered);
                lost.addAll(e.remaining);
                batches.subList(b + 1, batches.size()).forEach(lost::addAll);
                throw new PublishException("bus '" + busName + "' is unavailable (" + e.getCause().getMessage()
                        + "); " + lost.size() + " of " + pending.size() + " events not published: "
                        + describe(lost, p -> p.error.isEmpty() ? "not sent" : p.error), e.getCause());
            }
        }
        if (!undelivered.isEmpty()) {
            throw new PublishException("bus '" + busName + "' did not accept " + undelivered.size() + " of "
                    + pending.size() + " events after " + maxAttempts + " attempts: "
                    + describe(undelivered, p -> p.error), null);
        }
    }

    /** Sends one batch, resending failed entries; returns those still failed at the end. */
    private List<Pending> send(List<Pending> batch) {
        List<Pending> remaining = batch;
        for (int attempt = 1; ; attempt++) {
            PutEventsResponse response;
            List<PutEventsRequestEntry> entries = remaining.stream().map(p -> p.entry).toList();
            try {
                response = events.putEvents(b -> b.entries(entries));
            } catch (SdkException e) {
                throw new Unreachable(remaining, e);
            }
            List<Pending> failed = new ArrayList<>();
            List<PutEventsResultEntry> results = response.entries();
            for (int i = 0; i < remaining.size(); i++) {
                PutEventsResultEntry result = i < results.size() ? results.get(i) : null;
                if (result == null || result.errorCode() != null) {
                    Pending p = remaining.get(i);
                    p.error = result == null ? "no result entry"
                            : result.errorCode() + (result.errorMessage() == null ? "" : ": " + result.errorMessage());
                    failed.add(p);
                }
            }
            if (failed.isEmpty() || attempt >= maxAttempts) {
                return failed;
            }
            pause(backoff.multipliedBy(1L << (attempt - 1)));
            remaining = failed;
        }
    }

    private Pending entry(int index, BusEvent<?> event) {
        String detail;
        try {
            detail = details.write(event.detail());
        } catch (IOException e) {
            throw new PublishException("event #" + index + " '" + event.detailType() + "' cannot be serialized: "
                    + e.getMessage(), e);
        }
        var entry = PutEventsRequestEntry.builder()
                .eventBusName(busName)
                .source(event.source())
                .detailType(event.detailType())
                .detail(detail)
                .build();
        int size = utf8(event.source()) + utf8(event.detailType()) + utf8(detail);
        return new Pending(index, event, entry, size);
    }

    private static List<List<Pending>> batches(List<Pending> pending) {
        List<List<Pending>> batches = new ArrayList<>();
        List<Pending> current = new ArrayList<>();
        int bytes = 0;
        for (Pending p : pending) {
            if (!current.isEmpty() && (current.size() == MAX_ENTRIES || bytes + p.size > MAX_BATCH_BYTES)) {
                batches.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(p);
            bytes += p.size;
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }

    /** Names events by position, type and the alert they concern; never their whole payload. */
    private static String describe(List<Pending> pending, Function<Pending, String> why) {
        return pending.stream()
                .map(p -> "#" + p.index + " '" + p.event.detailType() + "'" + subject(p.event.detail()) + " (" + why.apply(p) + ")")
                .collect(Collectors.joining(", "));
    }

    private static String subject(Object detail) {
        return switch (detail) {
            case AlertSignal signal -> " signal " + signal.signalId() + " of " + signal.alertKey();
            case LifecycleEvent event -> " alert " + event.alertId() + " v" + event.version();
            case null, default -> "";
        };
    }

    private static int utf8(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while resending events", e);
        }
    }

    /** A whole PutEvents call failed; carries what it was sending. */
    private static final class Unreachable extends RuntimeException {
        final List<Pending> remaining;

        Unreachable(List<Pending> remaining, SdkException cause) {
            super(cause);
            this.remaining = remaining;
        }
    }

    private static final class Pending {
        final int index;
        final BusEvent<?> event;
        final PutEventsRequestEntry entry;
        final int size;
        String error = "";

        Pending(int index, BusEvent<?> event, PutEventsRequestEntry entry, int size) {
            this.index = index;
            this.event = event;
            this.entry = entry;
            this.size = size;
        }
    }
}
