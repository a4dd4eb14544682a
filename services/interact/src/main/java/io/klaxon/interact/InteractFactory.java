package io.klaxon.interact;

import io.klaxon.aws.EnvironmentVariables;
import io.klaxon.aws.secrets.SecretResolver;
import io.klaxon.config.ConfigLocation;
import io.klaxon.config.KlaxonConfig;
import io.klaxon.interact.slack.RequestVerifier;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds the beans of the interact function that need settings. */
@Factory
public class InteractFactory {

    /**
     * The name the signing secret goes by for {@link SecretResolver}: env {@code SLACK_SIGNING_SECRET}
     * itself, or {@code SLACK_SIGNING_SECRET_SECRET_ARN} (the resolver's {@code <name>_SECRET_ARN} rule)
     * naming a Secrets Manager secret.
     */
    public static final String SIGNING_SECRET = "SLACK_SIGNING_SECRET";

    /**
     * Resolved once, when the function initialises (so a SnapStart snapshot holds it and the first
     * click does not wait for Secrets Manager).
     *
     * @param signingSecret an explicit secret: property {@code slack.signing.secret}, which env
     *                      {@code SLACK_SIGNING_SECRET} feeds; otherwise the Secrets Manager secret
     *                      named by {@code SLACK_SIGNING_SECRET_SECRET_ARN}. With neither, every request
     *                      is refused with 401 and an error log.
     * @param clock         the application's clock (tests fix it); UTC when there is none
     */
    @Singleton
    RequestVerifier requestVerifier(@Value("${slack.signing.secret:}") String signingSecret,
                                    Optional<SecretResolver> secrets,
                                    @Nullable Clock clock) {
        String secret = signingSecret;
        if (secret == null || secret.isBlank()) {
            secret = secrets.map(s -> s.resolve(SIGNING_SECRET)).orElse(null);
        }
        return new RequestVerifier(secret, clock == null ? Clock.systemUTC() : clock);
    }

    /**
     * The schedules of the configuration the function was built with ({@code $LAMBDA_TASK_ROOT/klaxon.yaml},
     * ADR 0011), for {@code /klaxon oncall}; none for the built-in one. An invalid file fails the
     * function's start, as it does notify's.
     */
    /**
     * The channel of each route, for {@code /klaxon list}. The built-in configuration's one route
     * posts to {@code KLAXON_CHANNEL} (every function has it), so it is read here too.
     */
    @Singleton
    ChannelRoutes channelRoutes(EnvironmentVariables env) {
        Map<String, String> vars = new HashMap<>();
        for (String name : List.of(ConfigLocation.TASK_ROOT, "KLAXON_CHANNEL")) {
            String value = env.get(name);
            if (value != null) {
                vars.put(name, value);
            }
        }
        return ChannelRoutes.of(ConfigLocation.loadForFunction(vars));
    }

    @Singleton
    OnCallSchedules onCallSchedules(EnvironmentVariables env, @Nullable Clock clock) {
        KlaxonConfig config = ConfigLocation.loadForFunction(env::get);
        return new OnCallSchedules(config.source(), config.schedules(), clock == null ? Clock.systemUTC() : clock);
    }
}
