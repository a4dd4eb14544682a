package io.klaxon.logging.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import io.klaxon.logging.LogContext;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.DiagnosticInfoPopulator;
import io.micronaut.function.aws.HandlerUtils;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class RequestIdPopulatorTest {

    @Test
    void handlerHook_shouldStartTheInvocationWithLambdasRequestId_andNothingElse() {
        // GIVEN the application context a MicronautRequestHandler starts, and an MDC left dirty by a previous invocation
        try (ApplicationContext context = ApplicationContext.run()) {
            assertThat(context.getBean(DiagnosticInfoPopulator.class)).isInstanceOf(RequestIdPopulator.class);
            MDC.put(LogContext.ALERT_ID, "left-over");

            // WHEN the handler's hook sees the Lambda Context (as MicronautRequestHandler.handleRequest calls it)
            HandlerUtils.configureWithContext(() -> context, new RequestContext("8f5e0c1a-request"));

            // THEN the MDC holds this request id only: no left-over alert, none of Micronaut's AWS… keys
            assertThat(MDC.getCopyOfContextMap()).containsExactly(java.util.Map.entry(LogContext.REQUEST_ID, "8f5e0c1a-request"));
        } finally {
            MDC.clear();
        }
    }

    /** A Lambda Context with a request id; the rest is what a test function would report. */
    private record RequestContext(String requestId) implements Context {
        @Override public String getAwsRequestId() { return requestId; }
        @Override public String getLogGroupName() { return "/aws/lambda/test"; }
        @Override public String getLogStreamName() { return "stream"; }
        @Override public String getFunctionName() { return "test"; }
        @Override public String getFunctionVersion() { return "$LATEST"; }
        @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:eu-west-1:123456789012:function:test"; }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return 30_000; }
        @Override public int getMemoryLimitInMB() { return 512; }
        @Override public LambdaLogger getLogger() { return null; }
    }
}
