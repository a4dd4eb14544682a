package io.klaxon.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import io.klaxon.domain.service.AlertService;
import io.klaxon.domain.testing.InMemoryAlertStore;
import io.klaxon.domain.workflow.StepOutcome;
import io.klaxon.domain.workflow.TaskRequest;
import io.klaxon.domain.workflow.TaskResult;
import io.klaxon.domain.workflow.Tell;
import io.klaxon.slack.SlackRejectedException;
import io.klaxon.slack.SlackUnavailableException;
import io.klaxon.slack.render.AlertMessageRenderer;
import io.klaxon.slack.testing.SlackStubServer;
import io.klaxon.slack.web.ResponseUrls;
import io.klaxon.slack.web.SlackWebApiGateway;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.JsonMapperCustomPojoSerializer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code tell} op: a note to the one person whose click lost, through the click's response_url
 * (the real Slack SDK against the Slack stub, which serves response_urls too).
 */
class NotifyTellTest {

    private static final String ALERT = "exec-0001";
    private final SlackStubServer stub = SlackStubServer.start();
    private final Slack slack;
    private final NotifyService notify;

    NotifyTellTest() {
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(stub.url());
        // The hang test must not wait for OkHttp's default 10 s.
        config.setHttpClientReadTimeoutMillis(500);
        slack = Slack.getInstance(config);
        notify = new NotifyService(new AlertService(new InMemoryAlertStore(), Clock.systemUTC()),
                new SlackWebApiGateway(slack.methods("xoxb-tell"), new AlertMessageRenderer(), null,
                        new ResponseUrls(slack, stub.url())), new EscalationMentions(java.util.Map.of()), Clock.systemUTC());
    }

    @AfterEach
    void close() throws Exception {
        slack.close();
        stub.close();
    }

    private Tell note(String responseUrl) {
        return new Tell(ALERT, responseUrl, "UBOB", "C0E2E", "Already claimed by <@UALICE>.");
    }

    @Test
    void tell_shouldAnswerThroughTheResponseUrlEphemerallyWithoutReplacingTheMessage() {
        // WHEN
        TaskResult result = notify.handle(TaskRequest.tell(note(stub.responseUrl("click-1"))));

        // THEN one ephemeral answer, the message left as it is, and no Web API call
        assertThat(stub.requests()).extracting(SlackStubServer.Request::method).allMatch(m -> m.startsWith("response_url/"));
        assertThat(result.outcome()).isEqualTo(StepOutcome.DONE);
        var answer = stub.responses("click-1");
        assertThat(answer).hasSize(1);
        assertThat(answer.getFirst().param("response_type")).isEqualTo("ephemeral");
        assertThat(answer.getFirst().param("replace_original")).isEqualTo("false");
        assertThat(answer.getFirst().param("text")).isEqualTo("Already claimed by <@UALICE>.");
    }

    @Test
    void tell_shouldFallBackToAnEphemeral_whenThereIsNoResponseUrl() {
        // WHEN
        notify.handle(TaskRequest.tell(note(null)));

        // THEN
        var ephemeral = stub.requests("chat.postEphemeral");
        assertThat(ephemeral).hasSize(1);
        assertThat(ephemeral.getFirst().param("user")).isEqualTo("UBOB");
        assertThat(ephemeral.getFirst().param("channel")).isEqualTo("C0E2E");
    }

    @Test
    void tell_shouldFallBackToAnEphemeralOnce_whenTheResponseUrlExpired() {
        // GIVEN Slack answers 404 at that address (expired, or used five times)
        stub.respondNext(SlackStubServer.RESPONSE_URL + "/old", 404, "expired_url");

        // WHEN
        notify.handle(TaskRequest.tell(note(stub.responseUrl("old"))));

        // THEN one try at the address, then the ephemeral: nothing is retried against a dead address
        assertThat(stub.responses("old")).hasSize(1);
        assertThat(stub.requests("chat.postEphemeral")).hasSize(1);
    }

    @Test
    void tell_shouldNeverPostToAnAddressThatIsNotSlacks() {
        // WHEN a note carries some other server's address
        notify.handle(TaskRequest.tell(note("http://169.254.169.254/latest/meta-data/")));

        // THEN that address is never called; the person is told with an ephemeral
        assertThat(stub.responses()).isEmpty();
        assertThat(stub.requests("chat.postEphemeral")).hasSize(1);
    }

    @Test
    void tell_shouldThrowSlackUnavailableWithoutTheAddress_whenSlackHangs() {
        // GIVEN Slack takes the request and never answers
        stub.hang(Duration.ofSeconds(20));
        String url = stub.responseUrl("secret-path-123");

        // WHEN / THEN the step fails as retryable, and its error names no path (the workflow's history keeps it)
        try {
            assertThatThrownBy(() -> notify.handle(TaskRequest.tell(note(url))))
                    .isInstanceOf(SlackUnavailableException.class)
                    .hasMessageNotContaining("secret-path-123");
        } finally {
            stub.recover();
        }
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void tell_shouldThrowRejected_whenTheAddressIsDeadAndNoChannelIsKnown() {
        // GIVEN
        stub.respondNext(SlackStubServer.RESPONSE_URL + "/gone", 410, "");
        Tell noChannel = new Tell(ALERT, stub.responseUrl("gone"), "UBOB", null, "x");

        // WHEN / THEN
        assertThatThrownBy(() -> notify.handle(TaskRequest.tell(noChannel)))
                .isInstanceOf(SlackRejectedException.class)
                .hasMessageContaining("expired_url");
    }

    @Test
    void tell_shouldRefuseClearly_whenTheNoteIsMissingOrIncomplete() {
        assertThatThrownBy(() -> notify.handle(new TaskRequest(io.klaxon.domain.workflow.TaskOp.TELL, ALERT, null,
                null, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tell needs");
        assertThatThrownBy(() -> notify.handle(TaskRequest.tell(new Tell(ALERT, null, "UBOB", null, "x"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("responseUrl or a channel");
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void handleRequest_shouldDecodeTheStateMachinesTellPayloadAndAnswerDone() throws Exception {
        // GIVEN a context configured like a deployment pointing at the Slack stub
        try (ApplicationContext context = ApplicationContext.builder()
                .environmentPropertySource(false)
                .properties(Map.of("slack.bot.token", "xoxb-handler-test", "slack.api.url", stub.url()))
                .singletons(new AlertService(new InMemoryAlertStore(), Clock.systemUTC()), Clock.systemUTC())
                .start()) {
            JsonMapperCustomPojoSerializer serializer = new JsonMapperCustomPojoSerializer();
            TaskRequest request = serializer.fromJson("{\"op\":\"tell\",\"alertId\":\"exec-0001\",\"tell\":{"
                    + "\"alertId\":\"exec-0001\",\"responseUrl\":\"" + stub.responseUrl("h1") + "\",\"userId\":\"UBOB\","
                    + "\"channel\":\"C0E2E\",\"text\":\"Already claimed.\"}}", TaskRequest.class);

            // WHEN
            TaskResult result = new NotifyHandler(context).handleRequest(request, null);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            serializer.toJson(result, out, TaskResult.class);

            // THEN the factory's gateway answered through the stub's response_url, and the result is what the ASL reads
            assertThat(stub.responses("h1")).hasSize(1);
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"outcome\":\"DONE\"");
        }
    }
}
