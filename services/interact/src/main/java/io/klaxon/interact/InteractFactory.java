package io.klaxon.interact;

import io.klaxon.aws.EnvironmentVariables;
import io.klaxon.aws.secrets.SecretResolver;
import io.klaxon.config.ConfigLocation;
import io.klaxon.config.KlaxonConfig;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import io.klaxon.interact.slack.ConsoleModalOpener;
import io.klaxon.interact.slack.ModalOpener;
import io.klaxon.interact.slack.RequestVerifier;
import io.klaxon.interact.slack.SlackModalOpener;
import io.klaxon.slack.SlackFactory;
import io.klaxon.slack.SlackSettings;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Bean;
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
     * How long {@code views.open} may take: a click's trigger_id is good for 3 s, and the ack must
     * also beat Slack's 3 s, so the call gets less than that and the ack what is left.
     */
    public static final int VIEWS_OPEN_TIMEOUT_MILLIS = 2000;

    /**
     * Opens the modals of the message's menu (ADR 0007, amendment): {@code views.open} with its own
     * short-timeout client, or printed on the console when the local runtime runs without Slack.
     * Without a bot token the menu entries answer that forms are unavailable.
     */
    @Singleton
    @Bean(preDestroy = "close")
    ModalSlack modalSlack(SlackSettings settings) {
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(settings.apiUrl());
        config.setHttpClientReadTimeoutMillis(VIEWS_OPEN_TIMEOUT_MILLIS);
        config.setHttpClientWriteTimeoutMillis(VIEWS_OPEN_TIMEOUT_MILLIS);
        config.setHttpClientCallTimeoutMillis(VIEWS_OPEN_TIMEOUT_MILLIS);
        return new ModalSlack(SlackFactory.sdk(config));
    }

    /** The short-timeout SDK instance of {@link #modalOpener}, closed with the context. */
    record ModalSlack(Slack slack) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            slack.close();
        }
    }

    @Singleton
    ModalOpener modalOpener(SlackSettings settings, BeanProvider<ModalSlack> slack,
                            @Value("${" + SlackFactory.CONSOLE_PROPERTY + ":false}") boolean console) {
        if (!settings.hasToken()) {
            return (triggerId, view) -> "Klaxon has no Slack bot token, so it cannot open forms; use /klaxon instead.";
        }
        if (console) {
            return new ConsoleModalOpener(System.out);
        }
        return new SlackModalOpener(slack.get().slack().methods(settings.botToken()));
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
