package io.klaxon.ingest;

import io.klaxon.domain.port.AlertStore;
import io.klaxon.domain.port.EventPublisher;
import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.domain.signal.BusEvent;
import io.klaxon.ingest.signal.Fingerprints;
import io.klaxon.metrics.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Normalizes one input, drops redelivered signals and publishes the rest on the bus.
 *
 * <p>At-least-once: a signal is marked seen before it is published, and the marks are taken back
 * when publishing (or marking) fails, so the source's retry is processed again instead of being
 * dropped as a duplicate. The lifecycle tolerates the rare duplicate this allows; it could not
 * recover a lost alert.
 */
public class IngestService {

    /** SNS, EventBridge and Lambda's async retries all end within a day. */
    public static final Duration DEFAULT_DEDUP_TTL = Duration.ofHours(24);

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
     *                unreadable inputs, events not published
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

    /**
     * @throws UnreadableInputException when the input cannot be normalized (nothing is published)
     * @throws EventPublisher.PublishException when the bus refuses the events (nothing stays marked)
     */
    public IngestOutcome ingest(String rawInput) {
        Instant now = clock.instant();
        NormalizeResult result;
        try {
            result = normalizer.normalize(rawInput, now);
        } catch (UnreadableInputException e) {
            // The reason says where and why; the payload itself stays out of the logs.
            LOG.warn("ingest unreadable_input chars={} reason=\"{}\"", rawInput == null ? 0 : rawInput.length(),
                    e.getMessage());
            metrics.count("IngestUnreadable", 1, Map.of());
            throw e;
        }
        result.ignored().forEach(i -> LOG.info("ingest ignored item=\"{}\" reason=\"{}\"", i.item(), i.reason()));
        result.confirmation().ifPresent(c -> LOG.info("ingest sns_confirmation type={} topicArn={}",
                c.type(), c.topicArn()));

        List<BusEvent<AlertSignal>> fresh = new ArrayList<>();
        List<String> marked = new ArrayList<>();
        int duplicates = 0;
        try {
            for (AlertSignal signal : result.signals()) {
                String mark = dedupKey(signal);
                boolean first;
                try {
                    first = store.markSignalSeen(mark, now.plus(dedupTtl));
                } catch (RuntimeException uncertain) {
                    // The mark may have been made with its answer lost: forgotten too, or the source's retry
                    // would be dropped as a duplicate. (At worst this forgets a concurrent delivery's mark, and
                    // the signal is published twice, which the workflow's same-state rule absorbs.)
                    marked.add(mark);
                    throw uncertain;
                }
                if (first) {
                    marked.add(mark);
                    fresh.add(BusEvent.of(signal));
                } else {
                    duplicates++;
                    LOG.info("ingest duplicate alertKey=\"{}\" signalId=\"{}\"", signal.alertKey(), signal.signalId());
                }
            }
            if (!fresh.isEmpty()) {
                publisher.publish(fresh);
            }
        } catch (RuntimeException e) {
            forget(marked, e);
            LOG.error("ingest publish_failed signals={} error=\"{}\"", fresh.size(), e.toString());
            metrics.count("IngestNotPublished", fresh.size(), Map.of());
            throw e;
        }
        for (BusEvent<AlertSignal> event : fresh) {
            AlertSignal s = event.detail();
            LOG.info("ingest published detailType=\"{}\" alertKey=\"{}\" signalId=\"{}\" severity={} sourceKind={}",
                    event.detailType(), s.alertKey(), s.signalId(), s.severity().wire(), s.sourceKind());
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

    private void forget(List<String> marked, RuntimeException failure) {
        for (String mark : marked) {
            try {
                store.forgetSignal(mark);
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /**
     * The mark for a signal: its id plus a fingerprint of what it says. A redelivery repeats both; two
     * different messages that share an id (test fixtures reuse MessageIds) are both published rather
     * than one being lost. A time that ingest filled in at receipt is left out, since a redelivery
     * is received at another time.
     */
    static String dedupKey(AlertSignal signal) {
        boolean sourceTime = !"received".equals(signal.labels().get("occurredAtSource"));
        return signal.signalId() + "|" + Fingerprints.of(signal.alertKey(), signal.status().name(),
                sourceTime ? String.valueOf(signal.occurredAt()) : "");
    }
}
