package io.klaxon.local.aws;

import io.klaxon.local.iam.Role;
import java.util.Map;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * Secrets Manager for one function: GetSecretValue from {@link LocalSecrets}, allowed only when the
 * function's role allows {@code secretsmanager:GetSecretValue} on that secret. Production's
 * {@code SecretResolver} runs on top unchanged.
 */
public final class LocalSecretsManager implements SecretsManagerClient {

    private final Role role;
    private final LocalSecrets secrets;

    public LocalSecretsManager(Role role, LocalSecrets secrets) {
        this.role = role;
        this.secrets = secrets;
    }

    @Override
    public GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
        var secret = secrets.find(request.secretId());
        role.require("secretsmanager:GetSecretValue", secret.map(Map.Entry::getKey).orElse(request.secretId()),
                message -> AccessDenied.as(SecretsManagerException.builder(), "SecretsManager", 400, message));
        if (secret.isEmpty()) {
            throw ResourceNotFoundException.builder().statusCode(400)
                    .message("Secrets Manager can't find the specified secret.").build();
        }
        return GetSecretValueResponse.builder().arn(secret.get().getKey()).name(LocalSecrets.name(secret.get().getKey()))
                .secretString(secret.get().getValue()).versionId("00000000-0000-0000-0000-000000000001").build();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
        // nothing held
    }
}
