package io.klaxon.logging.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import io.klaxon.logging.LogContext;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.function.aws.DefaultDiagnosticInfoPopulator;
import io.micronaut.function.aws.DiagnosticInfoPopulator;
import jakarta.inject.Singleton;

/**
 * The hook that sees Lambda's {@code Context}: {@code MicronautRequestHandler.handleRequest} (final)
 * calls it before {@code execute}. It starts the invocation's log fields with the request id, under
 * the name Klaxon's lines use ({@code requestId}). It replaces Micronaut's populator, which puts six
 * {@code AWS…} keys into the MDC and never removes them.
 */
@Singleton
@Replaces(DefaultDiagnosticInfoPopulator.class)
public class RequestIdPopulator implements DiagnosticInfoPopulator {

    @Override
    public void populateMappingDiagnosticContextValues(Context context) {
        LogContext.begin(context.getAwsRequestId());
    }

    /** Lambda's JSON log format has no trace field; X-Ray links traces to the request id itself. */
    @Override
    public void populateMappingDiagnosticContextWithXrayTraceId() {
        // nothing to add
    }
}
