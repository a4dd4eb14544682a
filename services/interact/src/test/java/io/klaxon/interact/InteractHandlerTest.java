package io.klaxon.interact;

import static io.klaxon.interact.testing.InteractWorld.resource;
import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.alert.AlertState;
import io.klaxon.interact.testing.InteractWorld;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.JsonMapperCustomPojoSerializer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Lambda entry as the runtime drives it: the HTTP API event decoded by the serializer this jar
 * registers, the handler built on an application context, the response encoded back.
 */
class InteractHandlerTest {

    private final InteractWorld world = new InteractWorld();
    private final ApplicationContext context = world.context();
    private final InteractHandler handler = new InteractHandler(context);
    private final JsonMapperCustomPojoSerializer serializer = new JsonMapperCustomPojoSerializer();

    @AfterEach
    void close() {
        context.close();
    }

    /** The public HTTP API sample event, carrying {@code body} to {@code path} with {@code headers}. */
    private HttpApiEvent event(String path, Map<String, String> headers, String body) {
        HttpApiEvent sample = serializer.fromJson(resource("aws/apigw-http-event-java-libs.json"), HttpApiEvent.class);
        return sample.withRequest(path, headers, body);
    }

    @Test
    void sampleEvent_shouldDecodeWithTheRegisteredSerializer() {
        HttpApiEvent event = serializer.fromJson(resource("aws/apigw-http-event-java-libs.json"), HttpApiEvent.class);
        assertThat(event.rawPath()).isEqualTo("/my/path");
        assertThat(event.method()).isEqualTo("POST");
        assertThat(event.headers()).containsEntry("Header1", "value1");
        assertThat(event.body()).isEqualTo("Hello from Lambda!!");
        assertThat(event.base64Encoded()).isFalse();
    }

    @Test
    void handleRequest_shouldAckAndResumeTheWorkflow_whenSignedClaimArrivesThroughApiGateway() {
        // GIVEN
        world.waitingAlert("a1");
        String body = world.clickBody("UALICE", "alice", "klaxon.claim", "a1:1");
        // WHEN
        HttpApiResponse response = handler.handleRequest(
                event("/slack/actions", world.signedHeaders(body), body), null);
        // THEN
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(world.resumer.calls()).singleElement()
                .extracting(c -> c.outcome().state()).isEqualTo(AlertState.CLAIMED);
    }

    @Test
    void handleRequest_shouldVerifyTheDecodedBytes_whenApiGatewaySendsTheBodyBase64Encoded() {
        world.waitingAlert("a1");
        String body = world.clickBody("UALICE", "alice", "klaxon.claim", "a1:1");
        HttpApiEvent event = event("/slack/actions", world.signedHeaders(body),
                Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8))).withBase64Encoded(true);
        assertThat(handler.handleRequest(event, null).statusCode()).isEqualTo(200);
        assertThat(world.store.get("a1").orElseThrow().state()).isEqualTo(AlertState.CLAIMED);
    }

    @Test
    void handleRequest_shouldAnswerEphemeralJson_whenSignedSlashCommandArrives() {
        world.waitingAlert("a1");
        String body = InteractWorld.slashBody("UALICE", "alice", "claim a1");
        HttpApiResponse response = handler.handleRequest(
                event("/slack/commands", world.signedHeaders(body), body), null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers()).containsEntry("Content-Type", "application/json");
        assertThat(world.read(response.body()))
                .isEqualTo(Map.of("response_type", "ephemeral", "text", "You claimed *api-5xx is ALARM*."));
    }

    @Test
    void handleRequest_shouldAnswer401AndChangeNothing_whenSignatureIsWrong() {
        world.waitingAlert("a1");
        var before = world.snapshot("a1");
        String body = world.clickBody("UALICE", "alice", "klaxon.claim", "a1:1");
        Map<String, String> headers = Map.of("x-slack-request-timestamp",
                Long.toString(InteractWorld.NOW.getEpochSecond()), "x-slack-signature", "v0=00");
        HttpApiResponse response = handler.handleRequest(event("/slack/actions", headers, body), null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(world.snapshot("a1")).isEqualTo(before);
        assertThat(world.slack.silent()).isTrue();
    }

    @Test
    void handleRequest_shouldAnswer405_whenMethodIsNotPost() {
        HttpApiEvent event = event("/slack/actions", Map.of(), "").withMethod("GET");
        assertThat(handler.handleRequest(event, null).statusCode()).isEqualTo(405);
    }

    @Test
    void handleRequest_shouldAnswer400_whenBase64BodyIsCorrupt() {
        HttpApiEvent event = event("/slack/actions", Map.of(), "%%%not-base64").withBase64Encoded(true);
        assertThat(handler.handleRequest(event, null).statusCode()).isEqualTo(400);
    }

    @Test
    void response_shouldEncodeAsHttpApiExpects_whenWrittenByTheRegisteredSerializer() {
        String body = InteractWorld.slashBody("UALICE", "alice", "help");
        HttpApiResponse response = handler.handleRequest(
                event("/slack/commands", world.signedHeaders(body), body), null);
        var out = new ByteArrayOutputStream();
        serializer.toJson(response, out, HttpApiResponse.class);
        Map<String, Object> json = world.read(out.toString(StandardCharsets.UTF_8));
        assertThat(json).containsEntry("statusCode", 200).containsEntry("isBase64Encoded", false);
        assertThat(json.get("headers")).isEqualTo(Map.of("Content-Type", "application/json"));
        assertThat(world.read((String) json.get("body"))).containsEntry("response_type", "ephemeral");
    }

    @Test
    void signingSecret_shouldComeFromTheEnvironment_whenOnlySlackSigningSecretIsSet() {
        // GIVEN a context without the property: the build sets SLACK_SIGNING_SECRET for this module's tests
        assertThat(System.getenv("SLACK_SIGNING_SECRET")).as("set by surefire").isEqualTo(InteractWorld.SECRET);
        try (ApplicationContext envOnly = world.context(Map.of())) {
            var envHandler = new InteractHandler(envOnly);
            String body = InteractWorld.slashBody("UALICE", "alice", "help");
            // WHEN / THEN
            assertThat(envHandler.handleRequest(event("/slack/commands", world.signedHeaders(body), body), null)
                    .statusCode()).isEqualTo(200);
        }
    }
}
