package io.klaxon.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import io.klaxon.domain.testing.Fixtures;
import io.klaxon.domain.workflow.TaskRequest;
import io.klaxon.domain.workflow.TaskResult;
import io.klaxon.metrics.Metrics;
import io.klaxon.slack.SlackBusyException;
import io.klaxon.slack.SlackOutOfTimeException;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.JsonMapperCustomPojoSerializer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The handler as Lambda runs it: the JSON the state machine sends, decoded by the serializer the
 * jar registers, through the application context's beans (the Slack gateway built by the factory
 * from settings, against the Slack stub), and the result encoded back.
 */
class NotifyHandlerTest {

    @Test
    void handleRequest_shouldPostAndReturnTheOpenedNotice_forTheStateMachinesJson() throws Exception {
        // GIVEN an opened alert, and a context configured like a deployment pointing at the Slack stub
        try (NotifyWorld world = new NotifyWorld();
             ApplicationContext context = ApplicationContext.builder()
                     .environmentPropertySource(false)
                     .properties(Map.of("slack.bot.token", "xoxb-handler-test", "slack.api.url", world.slackStub.url()))
                     .singletons(world.alerts, world.clock)
                     .start()) {
            world.opened();
            JsonMapperCustomPojoSerializer serializer = new JsonMapperCustomPojoSerializer();
            TaskRequest request = serializer.fromJson("{\"op\":\"post\",\"alertId\":\"exec-0001\"}", TaskRequest.class);

            // WHEN the handler runs it
            TaskResult result = new NotifyHandler(context).handleRequest(request, null);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            serializer.toJson(result, out, TaskResult.class);

            // THEN Slack got the message with the configured token, and the result is what the ASL reads
            assertThat(world.slackStub.requests("chat.postMessage")).hasSize(2)
                    .allSatisfy(r -> assertThat(r.token()).isEqualTo("xoxb-handler-test"));
            String json = out.toString(StandardCharsets.UTF_8);
            assertThat(json).contains("\"outcome\":\"DONE\"")
                    .contains("\"detail-type\":\"Alert Opened\"")
                    .contains("\"ts\":\"1700000000.000001\"")
                    .contains("\"state\":\"UNCLAIMED\"");
        }
    }

    @Test
    void handleRequest_shouldGiveUpRetryably_andPostNothing_whenLambdaLeavesTooLittleTimeForASlackCall() throws Exception {
        // GIVEN an opened alert, and an invocation Lambda ends in 5 s, less than a Slack call may take (10 s)
        List<String> counted = new CopyOnWriteArrayList<>();
        try (NotifyWorld world = new NotifyWorld();
             ApplicationContext context = ApplicationContext.builder()
                     .environmentPropertySource(false)
                     .properties(Map.of("slack.bot.token", "xoxb-handler-test", "slack.api.url", world.slackStub.url()))
                     .singletons(world.alerts, world.clock, recording(counted))
                     .start()) {
            world.opened();
            TaskRequest request = new JsonMapperCustomPojoSerializer()
                    .fromJson("{\"op\":\"post\",\"alertId\":\"exec-0001\"}", TaskRequest.class);
            NotifyHandler handler = new NotifyHandler(context);

            // WHEN the handler runs it
            Throwable thrown = catchThrowable(() -> handler.handleRequest(request, lambdaContext(5_000)));

            // THEN it stopped before calling Slack, with the error the workflow retries at once, not counted as
            // pacing; and its post mark was given back, so the retry posts without waiting out a lease
            assertThat(thrown).isExactlyInstanceOf(SlackOutOfTimeException.class);
            assertThat(world.slackStub.requests()).isEmpty();
            assertThat(counted).doesNotContain(NotifyHandler.PACED_STEPS);
            assertThat(world.alerts.require("exec-0001").hasMessage()).isFalse();
            // AND the retry, with a whole timeout ahead, posts the message once
            handler.handleRequest(request, lambdaContext(30_000));
            assertThat(world.slackStub.requests("chat.postMessage")).filteredOn(r -> r.param("thread_ts") == null)
                    .hasSize(1);
            assertThat(world.alerts.require("exec-0001").hasMessage()).isTrue();
        }
    }

    /** Lambda's Context as the runtime passes it: only the remaining time matters here. */
    private static Context lambdaContext(int remainingMillis) {
        return new Context() {
            public String getAwsRequestId() {
                return "req-1";
            }

            public String getLogGroupName() {
                return "/aws/lambda/klaxon-notify";
            }

            public String getLogStreamName() {
                return "stream";
            }

            public String getFunctionName() {
                return "klaxon-notify";
            }

            public String getFunctionVersion() {
                return "$LATEST";
            }

            public String getInvokedFunctionArn() {
                return "arn:aws:lambda:eu-west-1:000000000000:function:klaxon-notify";
            }

            public CognitoIdentity getIdentity() {
                return null;
            }

            public ClientContext getClientContext() {
                return null;
            }

            public int getRemainingTimeInMillis() {
                return remainingMillis;
            }

            public int getMemoryLimitInMB() {
                return 1024;
            }

            public LambdaLogger getLogger() {
                return new LambdaLogger() {
                    public void log(String message) {
                    }

                    public void log(byte[] message) {
                    }
                };
            }
        };
    }

    private static Metrics recording(List<String> counted) {
        return new Metrics() {
            @Override
            public void count(String name, double value, Map<String, String> dimensions) {
                counted.add(name);
            }

            @Override
            public void seconds(String name, double seconds, Map<String, String> dimensions) {
            }
        };
    }

    @Test
    void handleRequest_shouldCountThePacedStep_andHandItBackAsSlackBusy_whenSlackAnswers429() throws Exception {
        // GIVEN an opened alert, Slack answering its post 429 with Retry-After, and metrics that record
        List<String> counted = new CopyOnWriteArrayList<>();
        Metrics recording = new Metrics() {
            @Override
            public void count(String name, double value, Map<String, String> dimensions) {
                counted.add(name);
            }

            @Override
            public void seconds(String name, double seconds, Map<String, String> dimensions) {
            }
        };
        try (NotifyWorld world = new NotifyWorld();
             ApplicationContext context = ApplicationContext.builder()
                     .environmentPropertySource(false)
                     .properties(Map.of("slack.bot.token", "xoxb-handler-test", "slack.api.url", world.slackStub.url()))
                     .singletons(world.alerts, world.clock, recording)
                     .start()) {
            world.opened();
            world.slackStub.rateLimit("chat.postMessage", Fixtures.policy().channel(), 5, Duration.ofSeconds(3));
            TaskRequest request = new JsonMapperCustomPojoSerializer()
                    .fromJson("{\"op\":\"post\",\"alertId\":\"exec-0001\"}", TaskRequest.class);

            // WHEN the handler runs it
            // THEN the workflow gets SlackBusyException to retry on, and the paced step is counted once
            assertThatThrownBy(() -> new NotifyHandler(context).handleRequest(request, null))
                    .isInstanceOf(SlackBusyException.class);
            assertThat(counted).containsOnlyOnce(NotifyHandler.PACED_STEPS);
        }
    }
}
