package io.klaxon.aws.secrets;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * Resolves a named secret (the Slack bot token, the signing secret …) from Secrets Manager when
 * deployed and from the environment when run locally.
 *
 * <p>For a name such as {@code SLACK_BOT_TOKEN}:
 * <ul>
 *   <li>if {@code SLACK_BOT_TOKEN_SECRET_ARN} is set, the secret it names is read once and cached
 *       for the life of the process (a Lambda execution environment). The secret's
 *       {@code SecretString} is either the plain value, or a JSON object whose string field
 *       {@code value} holds it: {@code {"value": "xoxb-…"}}. Surrounding white space is dropped
 *       (a pasted token often ends with a newline). A binary secret is read as UTF-8 text.</li>
 *   <li>otherwise the environment variable {@code SLACK_BOT_TOKEN} itself, or null when unset.</li>
 * </ul>
 * A rotated secret is picked up by new execution environments. Errors name the variable and the
 * ARN, never the value.
 */
public final class SecretResolver {

    public static final String ARN_SUFFIX = "_SECRET_ARN";
    static final String VALUE_FIELD = "value";

    private final Supplier<SecretsManagerClient> secrets;
    private final Function<String, String> env;
    private final ObjectMapper json;
    private final Map<String, String> cache = new ConcurrentHashMap<>();

    /**
     * @param secrets supplies the client only when a secret must be read, so a process that takes
     *                its values from the environment never builds one
     * @param env     the environment lookup: the {@code EnvironmentVariables} bean ({@code System::getenv}
     *                in Lambda, the function's own environment in the local runtime)
     */
    public SecretResolver(Supplier<SecretsManagerClient> secrets, Function<String, String> env, ObjectMapper json) {
        this.secrets = secrets;
        this.env = env;
        this.json = json;
    }

    /** The secret's value, or null when neither {@code <name>_SECRET_ARN} nor {@code <name>} is set. */
    @Nullable
    public String resolve(String name) {
        String arn = env.apply(name + ARN_SUFFIX);
        if (arn == null || arn.isBlank()) {
            return env.apply(name);
        }
        // Failures are not cached: the next call tries again.
        return cache.computeIfAbsent(name, n -> fetch(n, arn.trim()));
    }

    private String fetch(String name, String arn) {
        GetSecretValueResponse response;
        try {
            response = secrets.get().getSecretValue(b -> b.secretId(arn));
        } catch (SdkException e) {
            throw new IllegalStateException("cannot read secret " + arn + " (from " + name + ARN_SUFFIX + "): "
                    + e.getMessage(), e);
        }
        String raw = response.secretString() != null ? response.secretString()
                : response.secretBinary() != null ? response.secretBinary().asString(StandardCharsets.UTF_8) : null;
        String value = raw == null ? null : unwrap(raw.strip(), name, arn);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("secret " + arn + " (from " + name + ARN_SUFFIX + ") is empty");
        }
        return value.strip();
    }

    @Nullable
    private String unwrap(String secret, String name, String arn) {
        if (!secret.startsWith("{")) {
            return secret;
        }
        Map<String, Object> fields;
        try {
            fields = json.readValue(secret, Argument.mapOf(String.class, Object.class));
        } catch (IOException notJson) {
            return secret; // a plain value that merely starts with a brace
        }
        if (fields != null && fields.get(VALUE_FIELD) instanceof String value) {
            return value;
        }
        throw new IllegalStateException("secret " + arn + " (from " + name + ARN_SUFFIX
                + ") is a JSON object without a string \"" + VALUE_FIELD + "\" field");
    }
}
