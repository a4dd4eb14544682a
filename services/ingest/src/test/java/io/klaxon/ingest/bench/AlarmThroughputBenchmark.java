package io.klaxon.ingest.bench;

import io.klaxon.aws.events.DetailJson;
import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.domain.signal.BusEvent;
import io.klaxon.ingest.Normalizer;
import io.klaxon.ingest.testing.Samples;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The work ingest does for one CloudWatch alarm before the network: normalize the raw SNS Lambda event
 * and serialize each signal's {@code detail} with the writer {@code EventBridgePublisher} uses for PutEvents.
 * This is the Java side of {@code services/ingest/bench/throughput.sh}, which runs the Python peer on
 * the same sample file beside it. Runs only with {@code -Pbench}; it measures, it asserts nothing.
 */
@State(Scope.Benchmark)
public class AlarmThroughputBenchmark {

    /** A sample under {@code src/test/resources/samples}; the script passes the same file to the peer. */
    @Param("sns-cloudwatch/rheoceros-metric-alarm-real.json")
    public String sample;

    private final Normalizer normalizer = new Normalizer();
    private final DetailJson details = new DetailJson(ObjectMapper.getDefault());
    private final Instant receivedAt = Instant.parse("2030-01-01T00:00:00Z");
    private String input;

    @Setup
    public void load() {
        input = Samples.read(sample);
    }

    /** Returns the characters written so that the JIT cannot drop the serialization. */
    @Benchmark
    public int normalizeAndSerialize() throws IOException {
        int chars = 0;
        for (AlertSignal signal : normalizer.normalize(input, receivedAt).signals()) {
            chars += details.write(BusEvent.of(signal).detail()).length();
        }
        return chars;
    }
}
