package io.klaxon.deliver.aws;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The values of the configuration's {@code ${VAR}} placeholders. In AWS they are the fields of one
 * Secrets Manager secret holding a JSON object ({@code {"PD_ROUTING_KEY": "…", "DINGTALK_SECRET": "…"}}),
 * named by {@value #ARN_VARIABLE} and read once; a variable in the function's environment (the local
 * runtime passes the process environment's) is used when there is no secret. Errors name the
 * secret's ARN and the variable, never a value.
 */
public final class DestinationSecrets implements Function<String, String> {

    public static final String ARN_VARIABLE = "KLAXON_DESTINATION_SECRETS_ARN";

    private final Function<String, String> env;
    private final Supplier<SecretsManagerClient> secrets;
    private final JsonMapper json;
    private volatile Map<String, Object> fields;

    public DestinationSecrets(Function<String, String> env, Supplier<SecretsManagerClient> secrets, JsonMapper json) {
        this.env = env;
        this.secrets = secrets;
        this.json = json;
    }

    @Override
    public String apply(String variable) {
        String arn = env.apply(ARN_VARIABLE);
        if (arn == null || arn.isBlank()) {
            return env.apply(variable);
        }
        Object value = fields(arn.trim()).get(variable);
        return value instanceof String s ? s : null;
    }

    private Map<String, Object> fields(String arn) {
        Map<String, Object> read = fields;
        if (read != null) {
            return read;
        }
        String text;
        try {
            text = secrets.get().getSecretValue(b -> b.secretId(arn)).secretString();
        } catch (SdkException e) {
            throw new IllegalStateException("cannot read the destination secrets " + arn + ": " + e.getMessage(), e);
        }
        try {
            read = text == null ? Map.of() : json.readValue(text, Argument.mapOf(String.class, Object.class));
        } catch (IOException e) {
            throw new IllegalStateException("the destination secrets " + arn + " are not a JSON object of"
                    + " variable names to values", e);
        }
        fields = read == null ? Map.of() : read;
        return fields;
    }
}
