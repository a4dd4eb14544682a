package io.klaxon.ingest;

import io.klaxon.domain.port.AlertStore;
import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.metrics.EmfMetrics;
import io.klaxon.snapstart.JsonPriming;
import io.micronaut.context.annotation.Context;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * SnapStart priming of the ingest function: one real CloudWatch alarm SNS event (a copy of a test
 * sample in the jar) normalized, its signals written as the bus event's detail, one metric serialized
 * (not written), and one read of an
 * absent alert (the DynamoDB client's marshalling, signing and HTTP path). It neither marks a signal
 * seen (a write) nor publishes: the priming alarm must never become an alert.
 */
@Context
public class IngestPriming extends JsonPriming {

    private static final String SAMPLE = "priming-sns-cloudwatch-alarm.json";

    private final Normalizer normalizer;

    public IngestPriming(Normalizer normalizer, ObjectMapper json, AlertStore store) {
        super("the ingest path", json, store::get);
        this.normalizer = normalizer;
    }

    @Override
    protected void primePath() throws IOException {
        for (AlertSignal signal : normalizer.normalize(sample()).signals()) {
            encode(signal);
        }
        // The metrics library's first serialization (its Jackson mapper), without writing a metric line.
        EmfMetrics.prime();
    }

    private static String sample() {
        try (InputStream in = IngestPriming.class.getResourceAsStream(SAMPLE)) {
            if (in == null) {
                throw new IllegalStateException("the jar has no " + SAMPLE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
