package io.klaxon.ingest.coldstart;

import io.klaxon.domain.testing.ColdStart;
import io.klaxon.ingest.IngestHandler;
import io.klaxon.ingest.IngestPriming;
import io.klaxon.ingest.testing.TestPorts;
import io.micronaut.context.ApplicationContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Cold start of {@link IngestHandler}: the production bean graph with the store and the bus publisher
 * in memory ({@link TestPorts}), one CloudWatch alarm SNS Lambda event streamed in as the runtime
 * does. Not a test: {@code bench/cold-start.sh} runs it.
 */
public final class ColdStartProbe {

    private static final String SAMPLE = "/samples/sns-cloudwatch/seed-blog-lambda-test-event.json";

    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        boolean primed = ColdStart.primed(args);
        byte[] input;
        try (InputStream in = ColdStartProbe.class.getResourceAsStream(SAMPLE)) {
            input = in.readAllBytes();
        }
        ColdStart.measure("ingest", primed ? "primed" : "ports-in-memory", () -> {
            ApplicationContext context = ApplicationContext.run(TestPorts.ENV);
            IngestHandler handler = new IngestHandler(context);
            if (primed) {
                context.getBean(IngestPriming.class).run();
            }
            return () -> {
                var out = new ByteArrayOutputStream();
                handler.handleRequest(new ByteArrayInputStream(input), out, null);
                return out.toString(StandardCharsets.UTF_8);
            };
        });
    }
}
