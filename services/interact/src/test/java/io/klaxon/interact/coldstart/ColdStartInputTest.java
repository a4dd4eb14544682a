package io.klaxon.interact.coldstart;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.alert.AlertState;
import io.klaxon.interact.HttpApiEvent;
import io.klaxon.interact.InteractHandler;
import io.klaxon.interact.testing.InteractWorld;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.JsonMapperCustomPojoSerializer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The probe's click is kept as text; this keeps that text a genuine, signed claim the function accepts. */
class ColdStartInputTest {

    private final JsonMapperCustomPojoSerializer serializer = new JsonMapperCustomPojoSerializer();
    private final InteractWorld world = new InteractWorld();
    private final HttpApiEvent click = serializer.fromJson(InteractWorld.resource(ColdStartProbe.CLICK.substring(1)),
            HttpApiEvent.class);

    @Test
    void probeClick_shouldBeAliceClaimingA1_signedWithTheWorldsSecretAtItsClock() {
        // GIVEN the probe's click; WHEN its form body is read
        String payload = URLDecoder.decode(click.body().substring("payload=".length()), StandardCharsets.UTF_8);
        Map<String, Object> read = world.read(payload);

        // THEN it is Slack's block action of alice's claim of a1 at version 1, to the actions path, signed as the world signs
        assertThat(click.rawPath()).isEqualTo("/slack/actions");
        assertThat(click.method()).isEqualTo("POST");
        assertThat(read).containsEntry("type", "block_actions")
                .containsEntry("user", Map.of("id", "UALICE", "username", "alice", "team_id", "T9TK3CUKW"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> actions = (List<Map<String, Object>>) read.get("actions");
        assertThat(actions).singleElement()
                .satisfies(a -> assertThat(a).containsEntry("action_id", "klaxon.claim").containsEntry("value", "a1:1"));
        assertThat(click.headers()).containsAllEntriesOf(world.signedHeaders(click.body()));
    }

    @Test
    void probeClick_shouldClaimTheAlert_whenTheHandlerAnswersIt() {
        // GIVEN the world the probe builds, alert a1 waiting for a claim
        world.waitingAlert("a1");
        try (ApplicationContext context = world.context(Map.of("slack.signing.secret", InteractWorld.SECRET))) {
            // WHEN the function answers the probe's click
            int status = new InteractHandler(context).handleRequest(click, null).statusCode();

            // THEN it was accepted and the workflow resumed with the claim
            assertThat(status).isEqualTo(200);
            assertThat(world.resumer.calls()).singleElement()
                    .extracting(c -> c.outcome().state()).isEqualTo(AlertState.CLAIMED);
        }
    }
}
