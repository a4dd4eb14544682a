package io.klaxon.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.klaxon.logging.LogContext;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * The ingest Lambda: target of the SNS subscription, the EventBridge rules and the SQS queue alike.
 * It reads the raw event (any envelope), calls {@link IngestService#ingest} and answers with the
 * {@link IngestOutcome} ({@link IngestOutcomeJson}). An unreadable input fails the invocation with
 * {@link UnreadableInputException}, so the function's on-failure destination keeps the event; a signal an
 * earlier delivery may still be publishing fails it with {@link SignalInFlightException}, so that Lambda's
 * async retry comes back after that delivery's lease.
 */
public class IngestHandler implements RequestStreamHandler, AutoCloseable {

    private final ApplicationContext context;
    private final boolean ownsContext;
    private final IngestService service;

    /** For the Lambda runtime: starts the application context once per execution environment. */
    public IngestHandler() {
        this(ApplicationContext.run(), true);
    }

    /** For tests and the local runtime: uses a context someone else owns. */
    public IngestHandler(ApplicationContext context) {
        this(context, false);
    }

    private IngestHandler(ApplicationContext context, boolean ownsContext) {
        this.context = context;
        this.ownsContext = ownsContext;
        this.service = context.getBean(IngestService.class);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context lambdaContext) throws IOException {
        // One input may carry several alerts: the lines name the request; each signal names its key.
        LogContext.begin(lambdaContext == null ? null : lambdaContext.getAwsRequestId());
        try (var log = LogContext.invocation()) {
            // The bytes as they came, kept for the parsers beside their text (RawInput says why).
            RawInput raw = RawInput.of(input.readAllBytes());
            // The invocation's own deadline bounds the lease of its marks (IngestService#LEASE_MARGIN).
            IngestOutcome outcome = lambdaContext == null || lambdaContext.getRemainingTimeInMillis() <= 0
                    ? service.ingest(raw)
                    : service.ingest(raw, Duration.ofMillis(lambdaContext.getRemainingTimeInMillis()));
            output.write(IngestOutcomeJson.write(outcome));
        }
    }

    @Override
    public void close() {
        if (ownsContext) {
            context.close();
        }
    }
}
