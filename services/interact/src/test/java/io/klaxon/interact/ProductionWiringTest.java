package io.klaxon.interact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.klaxon.domain.testing.Fixtures;
import io.klaxon.interact.testing.InteractWorld;
import io.klaxon.interact.testing.SlackRequestSigner;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The handlers as the Lambda runtime creates them — no-argument constructors, the real AWS and Slack
 * factories — with only the settings a deployment provides. The requests here need no AWS call: the
 * point is that the bean graph resolves and a signed request is verified with the configured secret.
 */
class ProductionWiringTest {

    @BeforeEach
    void deployedSettings() {
        // Lambda sets AWS_REGION; SLACK_SIGNING_SECRET is set for this module's tests by the build;
        // the template gives interact and recovery KLAXON_STATE_MACHINE_ARN.
        System.setProperty("aws.region", "eu-west-1");
        System.setProperty("klaxon.state.machine.arn",
                "arn:aws:states:eu-west-1:123456789012:stateMachine:klaxon-alert-lifecycle");
    }

    @AfterEach
    void clear() {
        System.clearProperty("aws.region");
        System.clearProperty("klaxon.state.machine.arn");
    }

    @Test
    void interactHandler_shouldAnswerASignedSlashCommand_whenBuiltByTheLambdaRuntime() {
        try (InteractHandler handler = new InteractHandler()) {
            // GIVEN a help command signed now with the configured secret
            String body = InteractWorld.slashBody("UALICE", "alice", "help");
            var event = HttpApiEvent.post("/slack/commands", new SlackRequestSigner(InteractWorld.SECRET).headers(body, Instant.now()), body);
            // WHEN
            var response = handler.handleRequest(event, null);
            // THEN
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("ephemeral").contains("/klaxon claim");
        }
    }

    @Test
    void recoveryHandler_shouldRefuseAnEventThatIsNotARecovery_whenBuiltByTheLambdaRuntime() {
        try (RecoveryHandler handler = new RecoveryHandler()) {
            var notOurs = new SignalEvent("0", "id-1", "EC2 Instance State-change Notification", "aws.ec2", null, null,
                    null, List.of(), Fixtures.recovered("s1", Instant.now()));
            assertThatThrownBy(() -> handler.handleRequest(notOurs, null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("aws.ec2");
        }
    }

    @Test
    void interactHandler_shouldRefuseUnsignedRequests_whenBuiltByTheLambdaRuntime() {
        try (InteractHandler handler = new InteractHandler()) {
            var event = HttpApiEvent.post("/slack/actions", Map.of(), "payload=%7B%7D");
            assertThat(handler.handleRequest(event, null).statusCode()).isEqualTo(401);
        }
    }
}
