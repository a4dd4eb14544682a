package io.klaxon.ingest;

import io.klaxon.domain.port.AlertStore;
import io.klaxon.domain.port.EventPublisher;
import io.klaxon.domain.port.SignalMark;
import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.domain.signal.BusEvent;
import io.klaxon.ingest.signal.Fingerprints;
import io.klaxon.logging.LogContext;
import io.klaxon.metrics.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Normalizes one input, drops redelivered signals and publishes the rest on the bus.
 *
 * <p>At-least-once, with a two-phase mark per signal ({@link SignalMark}): a signal is marked
 * "publishing, by this delivery, until its lease ends" before it is published, and the mark is
 * confirmed once the bus took it. Only a confirmed mark drops a redelivery. A mark whose delivery
 * died before confirming (a bus call hung past the function's timeout, a crash) is taken over by
 * the next delivery once its lease has ended; one still within its lease fails the delivery
 * ({@link SignalInFlightException}) so that the source retries later. Marks are taken back when
 * publishing (or marking) fails, so the source's retry is processed at once. The lifecycle
 * tolerates the rare duplicate this allows (a take-over of a delivery that did publish); it could
 * not recover a lost alert.
 */
public class IngestService {

    /** SNS, EventBridge and Lambda's async retries all end within a day. */
    public static final Duration DEFAULT_DEDUP_TTL = Duration.ofHours(24);

    /**
     * How long a caller without an invocation deadline (the local runtime, tests) may still be running:
     * the ingest function's {@code Timeout} in sam/template.yaml (Globals, 30 s). In Lambda the handler
     * passes the invocation's own remaining time instead.
     */
    public static final Duration DEFAULT_TIME_LEFT = Duration.ofSeconds(30);

    /**
     * Added to a delivery's deadline to make its lease: a PutEvents request sent just before the function
     * was stopped may still be applied by EventBridge a moment later, and execution environments' clocks
     * differ by a little. Ten seconds covers both many times over and still ends long before Lambda's first
     * async retry (about a minute after the failure).
     */
    public static final Duration LEASE_MARGIN = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);

    private final Normalizer normalizer;
    private final AlertStore store;
    private final EventPublisher publisher;
    private final Clock clock;
    private final Duration dedupTtl;
    private final Metrics metrics;

    public IngestService(Normalizer normalizer, AlertStore store, EventPublisher publisher, Clock clock) {
        this(normalizer, store, publisher, clock, DEFAULT_DEDUP_TTL, Metrics.NONE);
    }

    /**
     * @param metrics counts what became of each input: published, duplicates dropped, items ignored,
     *                unreadable inputs, events not published, signals deferred to a later delivery
     */
    public IngestService(Normalizer normalizer, AlertStore store, EventPublisher publisher, Clock clock,
                         Duration dedupTtl, Metrics metrics) {
        this.normalizer = normalizer;
        this.store = store;
        this.publisher = publisher;
        this.clock = clock;
        this.dedupTtl = dedupTtl;
        this.metrics = metrics;
    }

    /** {@link #ingest(String, Duration)} for a caller without an invocation deadline. */
    public IngestOutcome ingest(String rawInput) {
        return ingest(rawInput, DEFAULT_TIME_LEFT);
    }

    /** {@link #ingest(RawInput, Duration)} for a caller without an invocation deadline. */
    public IngestOutcome ingest(RawInput rawInput) {
        return ingest(rawInput, DEFAULT_TIME_LEFT);
    }

    /**
     * @param timeLeft how long this delivery may still run (Lambda's remaining time): the lease of its marks
     *                 ends this long from now, plus {@link #LEASE_MARGIN}
     * @throws UnreadableInputException when the input cannot be normalized (nothing is published)
     * @throws EventPublisher.PublishException when the bus refuses the events (nothing stays marked)
     * @throws SignalInFlightException when an earlier delivery may still be publishing one of the signals
     *         (nothing is published, nothing stays marked)
     */
    public IngestOutcome ingest(String rawInput, Duration timeLeft) {
        if (rawInput == null) {
            return ingest((RawInput) null, timeLeft);
        }
        return ingest(RawInput.of(rawInput), timeLeft);
    }

    /** {@link #ingest(String, Duration)} of an input as received (the handler's bytes). */
    public IngestOutcome ingest(RawInput rawInput, Duration timeLeft) {
        Instant now = clock.instant();
        NormalizeResult result;
        try {
            if (rawInput == null) {
                throw new UnreadableInputException("input is empty");
            }
            result = normalizer.normalize(rawInput, now);
        } catch (UnreadableInputException e) {
            // The reason says where and why; the payload itself stays out of the logs.
            LOG.warn("ingest unreadable_input chars={} reason=\"{}\"", rawInput == null ? 0 : rawInput.text().length(),
                    e.getMessage());
            metrics.count("IngestUnreadable", 1, Map.of());
            throw e;
        }
        // Lines about an input whose signals share one key (most inputs carry one alarm) carry that key.
        try (var key = LogContext.alertKey(commonKey(result.signals()))) {
            return ingest(result, now, now.plus(timeLeft).plus(LEASE_MARGIN));
        }
    }

    private IngestOutcome ingest(NormalizeResult result, Instant now, Instant leaseUntil) {
        result.ignored().forEach(i -> LOG.info("ingest ignored item=\"{}\" reason=\"{}\"", i.item(), i.reason()));
        result.confirmation().ifPresent(c -> LOG.info("ingest sns_confirmation type={} topicArn={}",
                c.type(), c.topicArn()));

        // One token per delivery: its own marks are told from an earlier or concurrent delivery's by it.
        String token = UUID.randomUUID().toString();
        List<BusEvent<AlertSignal>> fresh = new ArrayList<>();
        List<String> marked = new ArrayList<>();
        int duplicates = 0;
        try {
            for (AlertSignal signal : result.signals()) {
                try (var key = LogContext.alertKey(signal.alertKey())) {
                    String mark = dedupKey(signal);
                    SignalMark found;
                    try {
                        found = store.markSignal(mark, token, now, leaseUntil, now.plus(dedupTtl));
                    } catch (RuntimeException uncertain) {
                        // The mark may have been made with its answer lost: forgotten too (only if it is this
                        // delivery's), or the source's retry would wait for the lease to end.
                        marked.add(mark);
                        throw uncertain;
                    }
                    switch (found) {
                        case SignalMark.Held held -> {
                            marked.add(mark);
                            fresh.add(BusEvent.of(signal));
                            if (held.tookOver()) {
                                // Its earlier delivery died before confirming: it may have published (then this
                                // doubles it, which the workflow's same-state rule absorbs) or not (then this saves it).
                                LOG.warn("ingest took_over_unconfirmed_mark alertKey=\"{}\" signalId=\"{}\"",
                                        signal.alertKey(), signal.signalId());
                            }
                        }
                        case SignalMark.Published published -> {
                            duplicates++;
                            LOG.info("ingest duplicate alertKey=\"{}\" signalId=\"{}\"", signal.alertKey(),
                                    signal.signalId());
                        }
                        case SignalMark.InFlight inFlight -> {
                            LOG.warn("ingest in_flight alertKey=\"{}\" signalId=\"{}\" leaseUntil={}",
                                    signal.alertKey(), signal.signalId(), inFlight.leaseUntil());
                            throw new SignalInFlightException(signal.alertKey(), inFlight.leaseUntil());
                        }
                    }
                }
            }
            if (!fresh.isEmpty()) {
                publisher.publish(fresh);
            }
        } catch (SignalInFlightException e) {
            forget(marked, token, e);
            // One per delivery, not per signal: each is one Lambda error by design, which the ingest errors
            // alarm subtracts (sam/template.yaml), so a redelivery racing its first delivery does not page.
            metrics.count("IngestDeferred", 1, Map.of());
            throw e;
        } catch (RuntimeException e) {
            forget(marked, token, e);
            LOG.error("ingest publish_failed signals={} error=\"{}\"", fresh.size(), e.toString());
            metrics.count("IngestNotPublished", fresh.size(), Map.of());
            throw e;
        }
        // (An Error, say out of memory, is let through untouched: its marks stay unconfirmed, and the source's
        // retry takes them over after the lease.) Here every mark is held, in the order of the events.
        for (int i = 0; i < fresh.size(); i++) {
            BusEvent<AlertSignal> event = fresh.get(i);
            AlertSignal s = event.detail();
            try (var key = LogContext.alertKey(s.alertKey())) {
                confirm(marked.get(i), token);
                LOG.info("ingest published detailType=\"{}\" alertKey=\"{}\" signalId=\"{}\" severity={} sourceKind={}",
                        event.detailType(), s.alertKey(), s.signalId(), s.severity().wire(), s.sourceKind());
            }
        }
        metrics.count("IngestPublished", fresh.size(), Map.of());
        if (duplicates > 0) {
            metrics.count("IngestDuplicates", duplicates, Map.of());
        }
        if (!result.ignored().isEmpty()) {
            metrics.count("IngestIgnored", result.ignored().size(), Map.of());
        }
        return new IngestOutcome(fresh.size(), duplicates, result.ignored().size(), result.ignored(),
                result.subscriptionConfirmation());
    }

    /**
     * The bus took the signal: its mark now drops redeliveries. A confirmation that fails does not fail the
     * delivery (the signal is out; failing would publish it again): the mark stays unconfirmed, and a
     * redelivery after its lease publishes the signal a second time, which is accepted, rather than never.
     */
    private void confirm(String mark, String token) {
        try {
            if (!store.confirmSignal(mark, token)) {
                LOG.warn("ingest confirm_refused mark=\"{}\": another delivery took the mark over; the signal may"
                        + " be published twice", mark);
            }
        } catch (RuntimeException e) {
            LOG.warn("ingest confirm_failed mark=\"{}\" error=\"{}\": a redelivery after the lease publishes it again",
                    mark, e.toString());
        }
    }

    private void forget(List<String> marked, String token, RuntimeException failure) {
        for (String mark : marked) {
            try {
                store.forgetSignal(mark, token);
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /** The key every signal of the input shares, or null when they are none or several. */
    private static String commonKey(List<AlertSignal> signals) {
        String key = null;
        for (AlertSignal signal : signals) {
            if (key != null && !key.equals(signal.alertKey())) {
                return null;
            }
            key = signal.alertKey();
        }
        return key;
    }

    /**
     * The mark for a signal: its id plus a fingerprint of what it says. A redelivery repeats both; two
     * different messages that share an id (test fixtures reuse MessageIds) are both published rather
     * than one being lost. A time that ingest filled in at receipt is left out, since a redelivery
     * is received at another time.
     */
    public static String dedupKey(AlertSignal signal) {
        boolean sourceTime = !"received".equals(signal.labels().get("occurredAtSource"));
        return signal.signalId() + "|" + Fingerprints.of(signal.alertKey(), signal.status().name(),
                sourceTime ? String.valueOf(signal.occurredAt()) : "");
    }
}
