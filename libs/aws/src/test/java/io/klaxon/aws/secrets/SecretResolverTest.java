package io.klaxon.aws.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.klaxon.aws.testing.AwsJsonStub;
import io.micronaut.serde.ObjectMapper;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** GetSecretValue against a stub speaking the AWS JSON protocol on 127.0.0.1; the environment is a map. */
class SecretResolverTest {

    private static final String GET_SECRET_VALUE = "secretsmanager.GetSecretValue";
    private static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:klaxon/slack-AbCdEf";
    private static ObjectMapper json;

    private final Map<String, String> env = new HashMap<>();
    private AwsJsonStub stub;
    private SecretsManagerClient client;
    private int clientsBuilt;
    private SecretResolver resolver;

    @BeforeAll
    static void serde() {
        json = ObjectMapper.getDefault();
    }

    @BeforeEach
    void startStub() {
        stub = AwsJsonStub.start(json);
        client = stub.configure(SecretsManagerClient.builder()).build();
        resolver = new SecretResolver(() -> {
            clientsBuilt++;
            return client;
        }, env::get, json);
    }

    @AfterEach
    void stopStub() {
        client.close();
        stub.close();
    }

    @Test
    void resolve_shouldReturnTheEnvironmentValueWithoutSecretsManager_whenNoArnIsSet() {
        // GIVEN
        env.put("SLACK_BOT_TOKEN", "xoxb-local");

        // WHEN
        String value = resolver.resolve("SLACK_BOT_TOKEN");

        // THEN
        assertThat(value).isEqualTo("xoxb-local");
        assertThat(clientsBuilt).isZero();
        assertThat(stub.calls()).isEmpty();
    }

    @Test
    void resolve_shouldReturnNull_whenNeitherArnNorValueIsSet() {
        // WHEN / THEN
        assertThat(resolver.resolve("SLACK_BOT_TOKEN")).isNull();
    }

    @Test
    void resolve_shouldReadAPlainSecretOnlyOnce_whenAnArnIsSet() {
        // GIVEN
        env.put("SLACK_BOT_TOKEN_SECRET_ARN", ARN);
        env.put("SLACK_BOT_TOKEN", "ignored when the ARN is set");
        stub.replyJson(GET_SECRET_VALUE, Map.of("ARN", ARN, "SecretString", "xoxb-from-secrets-manager\n"));

        // WHEN
        String first = resolver.resolve("SLACK_BOT_TOKEN");
        String second = resolver.resolve("SLACK_BOT_TOKEN");

        // THEN
        assertThat(first).isEqualTo("xoxb-from-secrets-manager");
        assertThat(second).isEqualTo(first);
        assertThat(stub.calls(GET_SECRET_VALUE)).singleElement()
                .satisfies(call -> assertThat(call.json()).containsEntry("SecretId", ARN));
    }

    @Test
    void resolve_shouldTakeTheValueField_whenTheSecretIsAJsonObject() {
        // GIVEN
        env.put("SLACK_SIGNING_SECRET_SECRET_ARN", ARN);
        stub.replyJson(GET_SECRET_VALUE, Map.of("ARN", ARN, "SecretString", "{\"value\":\"8f742231b10e8888abcd99yyyzzz85a5\"}"));

        // WHEN / THEN
        assertThat(resolver.resolve("SLACK_SIGNING_SECRET")).isEqualTo("8f742231b10e8888abcd99yyyzzz85a5");
    }

    @Test
    void resolve_shouldNameTheVariableAndArnButNotTheContent_whenTheJsonHasNoValueField() {
        // GIVEN
        env.put("SLACK_BOT_TOKEN_SECRET_ARN", ARN);
        stub.replyJson(GET_SECRET_VALUE, Map.of("ARN", ARN, "SecretString", "{\"token\":\"xoxb-hidden\"}"));

        // WHEN / THEN
        assertThatThrownBy(() -> resolver.resolve("SLACK_BOT_TOKEN"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SLACK_BOT_TOKEN_SECRET_ARN")
                .hasMessageContaining(ARN)
                .hasMessageContaining("\"value\"")
                .hasMessageNotContaining("xoxb-hidden");
    }

    @Test
    void resolve_shouldFailClearlyAndTryAgainLater_whenTheSecretDoesNotExist() {
        // GIVEN
        env.put("SLACK_BOT_TOKEN_SECRET_ARN", ARN);
        stub.replyError(GET_SECRET_VALUE, 400, "ResourceNotFoundException", "Secrets Manager can't find the secret.");
        stub.replyJson(GET_SECRET_VALUE, Map.of("ARN", ARN, "SecretString", "xoxb-created-meanwhile"));

        // WHEN / THEN
        assertThatThrownBy(() -> resolver.resolve("SLACK_BOT_TOKEN"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SLACK_BOT_TOKEN_SECRET_ARN")
                .hasMessageContaining("can't find the secret");
        assertThat(resolver.resolve("SLACK_BOT_TOKEN")).isEqualTo("xoxb-created-meanwhile");
    }

    @Test
    void resolve_shouldRefuseAnEmptySecret_whenTheSecretStringIsBlank() {
        // GIVEN
        env.put("SLACK_BOT_TOKEN_SECRET_ARN", ARN);
        stub.replyJson(GET_SECRET_VALUE, Map.of("ARN", ARN, "SecretString", "  "));

        // WHEN / THEN
        assertThatThrownBy(() -> resolver.resolve("SLACK_BOT_TOKEN"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is empty");
    }
}
