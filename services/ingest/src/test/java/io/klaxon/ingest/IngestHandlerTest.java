package io.klaxon.ingest;

import static io.klaxon.ingest.testing.Samples.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import io.klaxon.domain.port.AlertStore;
import io.klaxon.domain.port.EventPublisher;
import io.klaxon.domain.port.SignalMark;
import io.klaxon.logging.LogContext;
import io.klaxon.ingest.testing.RecordingPublisher;
import io.klaxon.ingest.testing.TestPorts;
import io.micronaut.context.ApplicationContext;
import io.micronaut.serde.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class IngestHandlerTest {

    private ApplicationContext context;
    private IngestHandler handler;

    @BeforeEach
    void start() {
        context = ApplicationContext.run(TestPorts.ENV);
        handler = new IngestHandler(context);
    }

    @AfterEach
    void stop() {
        handler.close();
        context.close();
    }

    @Test
    void handleRequest_shouldPublishAndAnswerOutcome_whenSnsEventArrives() throws IOException {
        // GIVEN the SNS Lambda event of the seed alarm
        var output = new ByteArrayOutputStream();

        // WHEN
        handler.handleRequest(stream(read("sns-cloudwatch/seed-blog-lambda-test-event.json")), output, null);

        // THEN
        IngestOutcome outcome = context.getBean(ObjectMapper.class).readValue(output.toByteArray(), IngestOutcome.class);
        assertThat(outcome.published()).isEqualTo(1);
        assertThat(((RecordingPublisher) context.getBean(EventPublisher.class)).events()).hasSize(1);
    }

    @Test
    void handleRequest_shouldFailWithUnreadableInput_whenEventIsNotJson() {
        // GIVEN / WHEN / THEN the Lambda error type the on-failure destination records
        assertThatThrownBy(() -> handler.handleRequest(stream("<html>"), new ByteArrayOutputStream(), null))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageContaining("input is not JSON");
    }

    @Test
    void handleRequest_shouldLogTheSignalsAlertKeyAsAField_whileTheSignalIsProcessed() {
        // GIVEN the SNS Lambda event of the seed alarm, logged as in Lambda (one JSON object per line), and a bus
        // that refuses it (the build logs at WARN: the lines asserted on are the warnings and errors ingest writes)
        String key = "arn:aws:cloudwatch:eu-west-1:000000000000:alarm:Example alarm name";
        String input = read("sns-cloudwatch/seed-blog-lambda-test-event.json");
        ((RecordingPublisher) context.getBean(EventPublisher.class))
                .failNext(new EventPublisher.PublishException("bus unavailable", null));

        // WHEN it is processed, and a line is logged afterwards
        List<String> lines = stdoutLines(() -> {
            assertThatThrownBy(() -> handler.handleRequest(stream(input), new ByteArrayOutputStream(),
                    new RequestContext("req-ingest-1", 30_000))).isInstanceOf(EventPublisher.PublishException.class);
            LoggerFactory.getLogger(IngestHandlerTest.class).warn("after the invocation");
        });

        // THEN the signal's line carries the key and the request id as fields, and nothing outlives the invocation
        assertThat(lines).filteredOn(l -> l.contains("ingest publish_failed")).singleElement().satisfies(line -> {
            assertThat(line).startsWith("{");
            assertThat(line).contains("\"alertKey\":\"" + key + "\"", "\"requestId\":\"req-ingest-1\"");
        });
        assertThat(lines).filteredOn(l -> l.contains("after the invocation")).singleElement().asString()
                .doesNotContain("alertKey", "requestId");
        assertThat(MDC.get(LogContext.ALERT_KEY)).isNull();
    }

    @Test
    void handleRequest_shouldLogEachSignalsAlertKey_whenASignalIsInFlight() {
        // GIVEN an earlier delivery still publishing the seed alarm
        String key = "arn:aws:cloudwatch:eu-west-1:000000000000:alarm:Example alarm name";
        String input = read("sns-cloudwatch/seed-blog-lambda-test-event.json");
        Instant now = context.getBean(Clock.class).instant();
        String mark = IngestService.dedupKey(new Normalizer().normalize(input, now).signals().getFirst());
        context.getBean(AlertStore.class).markSignal(mark, "earlier", now, now.plusSeconds(40), now.plusSeconds(3600));

        // WHEN the redelivery is processed
        List<String> lines = stdoutLines(() -> assertThatThrownBy(() -> handler.handleRequest(stream(input),
                new ByteArrayOutputStream(), new RequestContext("req-ingest-3", 30_000)))
                .isInstanceOf(SignalInFlightException.class));

        // THEN its warning names the key as a field
        assertThat(lines).filteredOn(l -> l.contains("ingest in_flight")).singleElement().asString()
                .contains("\"alertKey\":\"" + key + "\"", "\"level\":\"WARN\"");
    }

    @Test
    void handleRequest_shouldLeaseItsMarksUntilTheInvocationsDeadline_whenLambdaSaysHowLongItHasLeft() {
        // GIVEN an invocation with 5 s left that is stopped inside PutEvents (its mark stays unconfirmed)
        String input = read("sns-cloudwatch/seed-blog-lambda-test-event.json");
        Instant now = context.getBean(Clock.class).instant();
        ((RecordingPublisher) context.getBean(EventPublisher.class)).dieNext(new OutOfMemoryError("killed in PutEvents"));
        assertThatThrownBy(() -> handler.handleRequest(stream(input), new ByteArrayOutputStream(),
                new RequestContext("req-ingest-2", 5_000))).isInstanceOf(OutOfMemoryError.class);

        // WHEN another delivery marks the same signal
        String mark = IngestService.dedupKey(new Normalizer().normalize(input, now).signals().getFirst());
        SignalMark found = context.getBean(AlertStore.class).markSignal(mark, "other", now.plusSeconds(1),
                now.plusSeconds(41), now.plusSeconds(3600));

        // THEN the dead invocation's lease ends at its deadline plus the margin, not at a fixed guess
        assertThat(found).isEqualTo(new SignalMark.InFlight(now.plusSeconds(5).plus(IngestService.LEASE_MARGIN)));
    }

    /** What the logging provider writes to System.out while {@code action} runs, line by line. */
    private static List<String> stdoutLines(Runnable action) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(out);
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** A Lambda Context with a request id and the time left; the rest is what a test function would report. */
    private record RequestContext(String requestId, int remainingMillis) implements Context {
        @Override public String getAwsRequestId() { return requestId; }
        @Override public String getLogGroupName() { return "/aws/lambda/test"; }
        @Override public String getLogStreamName() { return "stream"; }
        @Override public String getFunctionName() { return "test"; }
        @Override public String getFunctionVersion() { return "$LATEST"; }
        @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:eu-west-1:123456789012:function:test"; }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return remainingMillis; }
        @Override public int getMemoryLimitInMB() { return 1024; }
        @Override public LambdaLogger getLogger() { return null; }
    }

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
