package io.klaxon.ingest.bench;

import io.klaxon.aws.events.DetailJson;
import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.domain.signal.BusEvent;
import io.klaxon.ingest.Normalizer;
import io.klaxon.ingest.RawInput;
import io.klaxon.ingest.testing.Samples;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The work ingest does for one CloudWatch alarm before the network: normalize the raw SNS Lambda event,
 * from its bytes as the handler receives them, and serialize each signal's {@code detail} with the writer
 * {@code EventBridgePublisher} uses for PutEvents.
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
    /** The bytes as the Lambda runtime hands them to the handler; each call decodes them as the handler does. */
    private byte[] input;

    @Setup
    public void load() {
        input = Samples.read(sample).getBytes(StandardCharsets.UTF_8);
    }

    /** Returns the characters written so that the JIT cannot drop the serialization. */
    @Benchmark
    public int normalizeAndSerialize() throws IOException {
        int chars = 0;
        for (AlertSignal signal : normalizer.normalize(RawInput.of(input), receivedAt).signals()) {
            chars += details.write(BusEvent.of(signal).detail()).length();
        }
        return chars;
    }
}
