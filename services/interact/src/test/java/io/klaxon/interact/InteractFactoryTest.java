package io.klaxon.interact;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.aws.secrets.SecretResolver;
import io.klaxon.interact.slack.RequestVerifier;
import io.klaxon.interact.testing.InteractWorld;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/** Where the signing secret comes from: the setting, else the Secrets Manager secret its ARN names. */
class InteractFactoryTest {

    private static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:klaxon/slack-signing-AbCdEf";

    private final InteractWorld world = new InteractWorld();
    private final List<String> secretIdsRead = new ArrayList<>();

    /** Secrets Manager as far as the resolver uses it: one secret, stored as {"value": …}. */
    private final SecretsManagerClient secretsManager = new SecretsManagerClient() {
        @Override
        public GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
            secretIdsRead.add(request.secretId());
            return GetSecretValueResponse.builder().arn(ARN)
                    .secretString("{\"value\": \"" + InteractWorld.SECRET + "\"}\n").build();
        }

        @Override
        public String serviceName() {
            return "secretsmanager";
        }

        @Override
        public void close() {
        }
    };

    private SecretResolver resolverWithEnv(Map<String, String> env) {
        return new SecretResolver(() -> secretsManager, env::get, world.json());
    }

    private boolean acceptsASignedRequest(RequestVerifier verifier) {
        String body = InteractWorld.slashBody("UALICE", "alice", "help");
        Map<String, String> h = world.signedHeaders(body);
        return verifier.verify(h.get("X-Slack-Request-Timestamp"), h.get("X-Slack-Signature"), body).valid();
    }

    @Test
    void requestVerifier_shouldUseTheSecretNamedByItsArn_whenNoSecretIsSetDirectly() {
        // GIVEN Lambda's environment: only SLACK_SIGNING_SECRET_SECRET_ARN
        var secrets = resolverWithEnv(Map.of("SLACK_SIGNING_SECRET_SECRET_ARN", ARN));
        // WHEN
        RequestVerifier verifier = new InteractFactory().requestVerifier("", Optional.of(secrets), world.clock);
        // THEN
        assertThat(secretIdsRead).containsExactly(ARN);
        assertThat(acceptsASignedRequest(verifier)).isTrue();
    }

    @Test
    void requestVerifier_shouldPreferTheSetting_andNotReadSecretsManager_whenTheSecretIsSetDirectly() {
        var secrets = resolverWithEnv(Map.of("SLACK_SIGNING_SECRET_SECRET_ARN", ARN));
        RequestVerifier verifier = new InteractFactory().requestVerifier(InteractWorld.SECRET, Optional.of(secrets),
                world.clock);
        assertThat(secretIdsRead).isEmpty();
        assertThat(acceptsASignedRequest(verifier)).isTrue();
    }

    @Test
    void requestVerifier_shouldFailClosed_whenNoSecretIsConfiguredAnywhere() {
        RequestVerifier verifier = new InteractFactory().requestVerifier("", Optional.of(resolverWithEnv(Map.of())),
                null);
        assertThat(verifier.configured()).isFalse();
        assertThat(acceptsASignedRequest(verifier)).isFalse();
    }
}
