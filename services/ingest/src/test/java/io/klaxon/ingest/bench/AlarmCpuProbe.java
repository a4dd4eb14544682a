package io.klaxon.ingest.bench;

import io.klaxon.aws.events.DetailJson;
import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.domain.signal.BusEvent;
import io.klaxon.ingest.Normalizer;
import io.klaxon.ingest.RawInput;
import io.klaxon.ingest.testing.Samples;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * The thread's CPU time and allocation per event of {@link AlarmThroughputBenchmark}'s loop (normalize one
 * CloudWatch alarm SNS event from its bytes, write each signal's detail), for comparing two builds on this shared machine,
 * where wall-clock rates move with other people's load and thread CPU time moves far less
 * (docs/benchmarks.md, "CloudWatch alarm: Klaxon beside a Python formatter"). Run one JVM per build, pinned,
 * and alternate them:
 *
 * <pre>taskset -c 0 java -cp &lt;test classpath&gt; io.klaxon.ingest.bench.AlarmCpuProbe [SAMPLE] [BATCHES]</pre>
 *
 * Prints the median and range of the batches (200,000 events each, after five batches of warm-up). It
 * measures; it asserts nothing.
 */
public final class AlarmCpuProbe {

    private static final int EVENTS_PER_BATCH = 200_000;
    private static final int WARM_UP_BATCHES = 5;

    private AlarmCpuProbe() {
    }

    public static void main(String[] args) throws IOException {
        String sample = args.length > 0 ? args[0] : "sns-cloudwatch/rheoceros-metric-alarm-real.json";
        int batches = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        // The bytes as the Lambda runtime hands them to the handler, decoded per event as the handler does.
        byte[] input = Samples.read(sample).getBytes(StandardCharsets.UTF_8);
        Normalizer normalizer = new Normalizer();
        DetailJson details = new DetailJson(ObjectMapper.getDefault());
        Instant receivedAt = Instant.parse("2030-01-01T00:00:00Z");
        // The com.sun extension counts the thread's allocated bytes; every JDK this project builds with has it.
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

        double[] micros = new double[batches];
        long bytesPerEvent = 0;
        long written = 0;
        for (int batch = -WARM_UP_BATCHES; batch < batches; batch++) {
            long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
            long cpuBefore = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < EVENTS_PER_BATCH; i++) {
                for (AlertSignal signal : normalizer.normalize(RawInput.of(input), receivedAt).signals()) {
                    written += details.write(BusEvent.of(signal).detail()).length();
                }
            }
            long cpu = threads.getCurrentThreadCpuTime() - cpuBefore;
            long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
            if (batch >= 0) {
                micros[batch] = cpu / 1000.0 / EVENTS_PER_BATCH;
                bytesPerEvent = allocated / EVENTS_PER_BATCH;
            }
        }
        Arrays.sort(micros);
        // The characters written are printed so that the JIT cannot drop the work.
        System.out.printf("%s: %.3f us of CPU per event (median of %d batches; %.3f-%.3f), %d B allocated per event,"
                + " %d characters written%n", sample, micros[batches / 2], batches, micros[0], micros[batches - 1],
                bytesPerEvent, written);
    }
}
