package io.klaxon.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import io.klaxon.aws.testing.DynamoDbLocalTables;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.JsonMapperCustomPojoSerializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Destinations that never answer, ahead of a healthy one in the configuration, invoked as Lambda invokes
 * the function: through {@code handleRequest} with a Lambda {@code Context} whose remaining time runs out,
 * the production bean graph, the delivery ledger on DynamoDB Local and real HTTP to stubs on 127.0.0.1.
 * Lambda ends an invocation that outlives its time: what the function has not recorded by then is lost.
 */
class SlowDestinationsTest {

    @RegisterExtension
    static final DynamoDbLocalTables DYNAMODB = new DynamoDbLocalTables("deliver-slow-");

    /** The invocation's time, as the Lambda Context reports it at the start. */
    private static final Duration INVOCATION = Duration.ofSeconds(5);

    private static final String EVENT = """
            {"version":"0","id":"%s","detail-type":"Alert Opened","source":"klaxon","time":"2026-11-25T03:00:00Z",
             "detail":{"schemaVersion":"1","alertKey":"k1","alertId":"a-slow-1","version":1,"state":"UNCLAIMED",
              "actor":{"kind":"SYSTEM","id":"klaxon","name":"Klaxon"},"at":"2026-11-25T03:00:00Z","route":"default",
              "escalationLevel":0,"page":false,"title":"CPU high","severity":"HIGH","sourceKind":"cloudwatch-alarm",
              "refireCount":0,"deliveryFailing":false}}""";

    private final List<RawReceiver> hanging = List.of(new RawReceiver(RawReceiver.Exchange::hold),
            new RawReceiver(RawReceiver.Exchange::hold), new RawReceiver(RawReceiver.Exchange::hold));
    private final DestinationStub healthy = new DestinationStub();
    private ApplicationContext context;
    private DeliverHandler handler;

    @BeforeEach
    void function() {
        List<Destination> destinations = new ArrayList<>();
        for (int i = 0; i < hanging.size(); i++) {
            destinations.add(webhook("stuck-" + (i + 1), hanging.get(i).url("/hook")));
        }
        destinations.add(webhook("healthy", healthy.url("/hook")));
        Destinations configured = () -> List.copyOf(destinations);
        context = ApplicationContext.builder().environmentPropertySource(false)
                .properties(Map.of("aws.region", "us-east-1",
                        "dynamodb.endpoint", DYNAMODB.dynamoDb().endpoint().toString(),
                        "klaxon.table", DYNAMODB.freshTable()))
                .singletons(configured).start();
        handler = new DeliverHandler(context);
    }

    @AfterEach
    void stop() {
        context.close();
        hanging.forEach(RawReceiver::close);
        healthy.close();
    }

    @Test
    void invocation_shouldDeliverToTheHealthyDestinationAndEndInTime_whenThreeBeforeItNeverAnswer() throws Exception {
        // GIVEN three destinations that never answer, configured before a healthy one

        // WHEN Lambda invokes the function with the event
        Invocation first = invoke("ev-slow-1");

        // THEN the invocation ends on its own before Lambda's timeout, failing (so Lambda retries the event)
        // AND the healthy destination got the event within it
        assertThat(first.endedInTime()).as("the invocation ended before its Lambda timeout").isTrue();
        assertThat(healthy.received()).hasSize(1);
        assertThat(first.failure()).isInstanceOf(DeliveryFailedException.class);
        assertThat(first.failure().getMessage()).contains("stuck-1", "stuck-2", "stuck-3").contains("delivered to [healthy]");
        // AND every stuck destination was tried
        assertThat(hanging).allSatisfy(h -> assertThat(h.connections()).isPositive());
    }

    @Test
    void retry_shouldNotSendAgainToTheDestinationThatTookTheEvent_whenTheFirstInvocationFailed() throws Exception {
        // GIVEN a first invocation that delivered to the healthy destination and failed for the stuck ones
        Invocation first = invoke("ev-slow-2");
        assertThat(first.endedInTime()).as("the first invocation ended before its Lambda timeout").isTrue();
        int triedBefore = hanging.stream().mapToInt(RawReceiver::connections).sum();

        // WHEN Lambda retries the event (a new invocation, the same event)
        Invocation retry = invoke("ev-slow-2");

        // THEN the stuck destinations are tried again, the healthy one is not sent the event again
        assertThat(retry.endedInTime()).as("the retry ended before its Lambda timeout").isTrue();
        assertThat(retry.failure()).isInstanceOf(DeliveryFailedException.class);
        assertThat(retry.failure().getMessage()).doesNotContain("healthy");
        assertThat(hanging.stream().mapToInt(RawReceiver::connections).sum()).isGreaterThan(triedBefore);
        assertThat(healthy.received()).hasSize(1);
    }

    /** What Lambda saw of one invocation: whether it ended before the timeout, and how it failed. */
    private record Invocation(boolean endedInTime, Throwable failure) {
    }

    /**
     * Invokes the handler as Lambda does, and stops waiting when the Context's time runs out: Lambda
     * would have ended the invocation there (its thread is left to the test's clean-up).
     */
    private Invocation invoke(String eventId) throws Exception {
        var serializer = new JsonMapperCustomPojoSerializer();
        LifecycleBusEvent event = serializer.fromJson(EVENT.formatted(eventId), LifecycleBusEvent.class);
        var lambda = new LambdaContext(System.nanoTime() + INVOCATION.toNanos());
        CompletableFuture<FanOut.Report> running = CompletableFuture.supplyAsync(() -> handler.handleRequest(event, lambda));
        try {
            running.get(INVOCATION.toMillis(), TimeUnit.MILLISECONDS);
            return new Invocation(true, null);
        } catch (ExecutionException e) {
            return new Invocation(true, e.getCause());
        } catch (TimeoutException e) {
            return new Invocation(false, null);
        }
    }

    private static Destination webhook(String name, String url) {
        return new Destination(name, DestinationType.WEBHOOK, url, "s3cr3t", null, List.of(), Set.of(), Set.of(), null);
    }

    /** A Lambda Context whose remaining time counts down to {@code endNanos}. */
    private record LambdaContext(long endNanos) implements Context {
        @Override public String getAwsRequestId() { return "req-" + endNanos; }
        @Override public String getLogGroupName() { return "/aws/lambda/deliver"; }
        @Override public String getLogStreamName() { return "stream"; }
        @Override public String getFunctionName() { return "deliver"; }
        @Override public String getFunctionVersion() { return "$LATEST"; }
        @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:eu-west-1:123456789012:function:deliver"; }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() {
            return (int) Math.max(0, TimeUnit.NANOSECONDS.toMillis(endNanos - System.nanoTime()));
        }
        @Override public int getMemoryLimitInMB() { return 512; }
        @Override public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override public void log(String message) { }
                @Override public void log(byte[] message) { }
            };
        }
    }
}
